from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Grid reports")

    def ready(self) -> None:
        # Every record users change keeps a who/when/what trail (django-auditlog).
        from partybuild.audit_registry import audited

        from . import models

        audited(models.Department, m2m_fields={"staff"})
        audited(models.ReportCategory)
        audited(models.GridReport)
        audited(models.Open311Key, exclude_fields=["key"])
