from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from partybuild.nav import NavItem


class VolunteersConfig(AppConfig):
    name = "volunteers"
    verbose_name = _("Residents' orders and volunteering")
    nav_items = (NavItem(_("Volunteering"), "volunteers:home", "governance", active=("volunteers:",)),)
    todo_providers = ("volunteers.todo.todos",)
    # What the queues read (partybuild.todo: a change to these refreshes the cached list).
    todo_models = ("volunteers.ServiceOrder", "volunteers.CreditHold")

    def ready(self) -> None:
        # Every record users change keeps a who/when/what trail (django-auditlog); order moves and
        # hold decisions are conditional updates that ``partybuild.locking`` logs too. Order steps
        # and ledger rows are append-only history themselves, so they are not logged twice.
        from partybuild.audit_registry import audited

        from . import models

        for model in (models.VolunteerTeam, models.Volunteer, models.PartnerShop, models.Redemption, models.CreditHold):
            audited(model)
        # The hash of the resident's confirmation code is a secret, not a fact anyone reviews.
        audited(models.ServiceOrder, exclude_fields=["confirmation_digest"])
