from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "services"
    verbose_name = _("Service ledgers")

    def ready(self) -> None:
        # Every ledger row users change keeps a who/when/what trail (django-auditlog).
        from auditlog.registry import auditlog

        from . import models

        for model in (
            models.GridVisit, models.Pledge, models.PledgeItem, models.Fulfilment, models.NeedyHousehold,
            models.Assistance,
        ):
            auditlog.register(model)
        # A resident's phone is personal data: the trail keeps it masked, like every page does.
        auditlog.register(models.Demand, mask_fields=["phone"])
