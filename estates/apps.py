from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from partybuild.nav import NavItem


class EstatesConfig(AppConfig):
    name = "estates"
    verbose_name = _("Red property service")
    nav_items = (NavItem(_("Red property"), "estates:home", "governance", active=("estates:",)),)

    def ready(self) -> None:
        from django.apps import apps

        # Its records feed a star-rating veto (stars.vetoes) where the star app is installed.
        if apps.is_installed("stars"):
            from . import star_vetoes  # noqa: F401
        # The property workbook is one more kind of the import page (imports.registry).
        if apps.is_installed("imports"):
            from .importing import register

            register()
        # Its figures for assessment indicators (assessments.registry) where that app is installed.
        if apps.is_installed("assessments"):
            from . import computations  # noqa: F401 (they register themselves)
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
