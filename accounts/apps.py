from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and roles")

    def ready(self) -> None:
        # Every record users change keeps a who/when/what trail (django-auditlog).
        from partybuild.audit_registry import audited

        from . import models

        audited(models.RoleAssignment)
        audited(models.User, exclude_fields=["password", "last_login"])

        # A new session starts with a fresh refresh stamp (partybuild.middleware.SessionRefreshMiddleware).
        from django.contrib.auth.signals import user_logged_in

        from partybuild.middleware import stamp_session_on_login

        user_logged_in.connect(stamp_session_on_login, dispatch_uid="partybuild-session-refresh-stamp")
