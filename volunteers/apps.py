from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteersConfig(AppConfig):
    name = "volunteers"
    verbose_name = _("Residents' orders and volunteering")

    def ready(self) -> None:
        # Every record users change keeps a who/when/what trail (django-auditlog). Order steps and
        # ledger rows are append-only history themselves (and orders move by conditional updates
        # that the timeline records), so they are not logged twice.
        from partybuild.audit_registry import audited

        from . import models

        for model in (
            models.VolunteerTeam, models.Volunteer, models.ServiceOrder, models.PartnerShop, models.Redemption,
        ):
            audited(model)
