from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "organizations"
    verbose_name = _("Party organisations")

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
