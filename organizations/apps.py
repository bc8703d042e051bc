from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "organizations"
    verbose_name = _("Party organisations")

    def ready(self) -> None:
        # Every record users change keeps a who/when/what trail (django-auditlog).
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.Organization)
        auditlog.register(models.Member)
        auditlog.register(models.MembershipPeriod)
        auditlog.register(models.MemberStatusChange)
        auditlog.register(models.Transfer)
        auditlog.register(models.ResidentUnit)
        auditlog.register(models.PartTimeMember)
