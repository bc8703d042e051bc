from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Grid reports")

    def ready(self) -> None:
        # Every record users change keeps a who/when/what trail (django-auditlog).
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.Department, m2m_fields={"staff"})
        auditlog.register(models.ReportCategory)
        auditlog.register(models.GridReport)
        auditlog.register(models.Open311Key, exclude_fields=["key"])
