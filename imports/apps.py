from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "imports"
    verbose_name = _("Imports and exports")

    def ready(self) -> None:
        # A transfer request's handling (sent or dismissed, by whom) belongs in the change history.
        from partybuild.audit_registry import audited

        from . import models

        audited(models.MemberTransferRequest)
