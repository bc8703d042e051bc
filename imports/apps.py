from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from partybuild.nav import NavItem


class ImportsConfig(AppConfig):
    name = "imports"
    verbose_name = _("Imports and exports")
    nav_items = (NavItem(_("Imports"), "imports:upload", "admin", active=("imports:",),
                         show="imports.policy.can_import"),)
    todo_providers = ("imports.todo.todos",)
    # What the queues read (partybuild.todo: a change to these refreshes the cached list).
    todo_models = ("imports.MemberTransferRequest",)

    def ready(self) -> None:
        # A transfer request's handling (sent or dismissed, by whom) belongs in the change history.
        from partybuild.audit_registry import audited

        from . import models

        audited(models.MemberTransferRequest)
