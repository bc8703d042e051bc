from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from partybuild.nav import NavItem


class VenuesConfig(AppConfig):
    name = "venues"
    verbose_name = _("Service venues and bookings")
    nav_items = (NavItem(_("Service venues"), "venues:venue-list", "people", active=("venues:",)),)

    def ready(self) -> None:
        from partybuild.audit_registry import audited

        from . import models

        # Photos are evidence files, added and removed whole; the venue's history names them.
        for model in (models.Venue, models.Booking):
            audited(model)
