from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from partybuild.nav import NavItem


class CobuildingConfig(AppConfig):
    name = "cobuilding"
    verbose_name = _("Co-building")
    nav_items = (NavItem(_("Co-building"), "cobuilding:home", "governance", active=("cobuilding:",)),)

    def ready(self) -> None:
        from partybuild.audit_registry import audited

        from . import models

        for model in (models.ListItem, models.ProgressReport, models.ItemEvidence, models.SecretaryProject,
                      models.Milestone, models.ResponsibilityReport):
            audited(model)
