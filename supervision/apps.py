from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from partybuild.nav import NavItem


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = _("Supervision and rectification")
    nav_items = (NavItem(_("Supervision"), "supervision:home", "people", active=("supervision:",)),)

    def ready(self) -> None:
        from django.apps import apps

        # Its records feed a star-rating veto (stars.vetoes) where the star app is installed.
        if apps.is_installed("stars"):
            from . import star_vetoes  # noqa: F401
        from partybuild.audit_registry import audited

        from . import models

        for model in (
            models.SupervisionCommittee, models.CommitteeSeat, models.ClueAccess, models.ProblemClue,
            models.Rectification, models.RectificationMeasure,
        ):
            audited(model)
