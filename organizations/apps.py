from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from partybuild.nav import NavItem


class OrganizationsConfig(AppConfig):
    name = "organizations"
    verbose_name = _("Party organisations")
    nav_items = (
        NavItem(_("Organisations"), "organizations:tree", "organisation",
                active=("organizations:tree", "organizations:detail", "organizations:coverage",
                        "organizations:create-child", "organizations:edit", "organizations:move",
                        "organizations:dissolve", "organizations:merge", "organizations:split")),
        NavItem(_("Members"), "organizations:member-list", "organisation", active=("organizations:member",)),
        NavItem(_("Transfers"), "organizations:transfer-list", "organisation", active=("organizations:transfer",)),
    )
    todo_providers = ("organizations.todo.todos",)
    # What the queues read (partybuild.todo: a change to these refreshes the cached list).
    todo_models = ("organizations.Transfer",)
    pickers = ("organizations.pickers.MEMBERS", "organizations.pickers.ORGANIZATIONS",
               "organizations.pickers.DESTINATIONS")

    def ready(self) -> None:
        # Every record users change keeps a who/when/what trail (django-auditlog).
        from partybuild.audit_registry import audited

        from . import models

        audited(models.Organization)
        audited(models.Member)
        audited(models.MembershipPeriod)
        audited(models.MemberStatusChange)
        audited(models.Transfer)
        audited(models.ResidentUnit)
        audited(models.PartTimeMember)
