from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EstatesConfig(AppConfig):
    name = "estates"
    verbose_name = _("Red property service")

    def ready(self) -> None:
        # Registers are edited by people and reviewed later: every change keeps its who/when/what.
        from partybuild.audit_registry import audited

        from . import models

        for model in (
            models.PropertyCompany, models.ServiceUnit, models.UnitCompanyPeriod, models.UnitBuilding,
            models.Committee, models.CommitteeMember, models.ServiceItem, models.ServiceRecord,
            models.Complaint, models.SatisfactionSurvey, models.Inspection, models.RankingWeights,
            models.ListEntry,
        ):
            audited(model)
        # ListStep is the entries' own step log (append-only history), not logged twice.


# The menu item in templates/base.html, here so this app's catalogue translates it.
NAV_LABEL = _("Red property")
