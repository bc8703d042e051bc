from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _

from partybuild.nav import NavItem


class OrglifeConfig(AppConfig):
    name = "orglife"
    verbose_name = _("Organisational life")
    nav_items = (NavItem(_("Organisational life"), "orglife:home", "organisation", active=("orglife:",)),)

    def ready(self) -> None:
        # Its figures for assessment indicators (assessments.registry) where that app is installed.
        if apps.is_installed("assessments"):
            from . import computations  # noqa: F401 (they register themselves)
        from partybuild.audit_registry import audited

        from . import models

        for model in (models.FrequencyRule, models.CommitteeMember, models.Meeting, models.Attendance,
                      models.Evidence):
            audited(model)
