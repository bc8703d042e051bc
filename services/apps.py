from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from partybuild.nav import NavItem


class ServicesConfig(AppConfig):
    name = "services"
    verbose_name = _("Service ledgers")
    nav_items = (NavItem(_("Ledgers"), "services:home", "governance", active=("services:",)),)
    pickers = ("services.pickers.PLEDGE_MEMBERS",)

    def ready(self) -> None:
        # Every ledger row users change keeps a who/when/what trail (django-auditlog).
        from partybuild.audit_registry import audited

        from . import models

        for model in (
            models.GridVisit, models.Pledge, models.PledgeItem, models.Fulfilment, models.NeedyHousehold,
            models.Assistance,
        ):
            audited(model)
        audited(models.Demand)
