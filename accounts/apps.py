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

        # The home page's cached to-do list goes stale when a record of a queue changes.
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from partybuild import locking, todo

        for signal in (post_save, post_delete, m2m_changed, locking.rows_updated):
            signal.connect(todo.changed, dispatch_uid=f"partybuild-todo-{id(signal)}")
