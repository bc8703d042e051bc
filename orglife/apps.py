from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from partybuild.nav import NavItem


class OrglifeConfig(AppConfig):
    name = "orglife"
    verbose_name = _("Organisational life")
    nav_items = (NavItem(_("Organisational life"), "orglife:home", "organisation", active=("orglife:",)),)

    def ready(self) -> None:
        from partybuild.audit_registry import audited

        from . import models

        for model in (models.FrequencyRule, models.CommitteeMember, models.Meeting, models.Attendance,
                      models.Evidence):
            audited(model)
