from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GridsConfig(AppConfig):
    name = "grids"
    verbose_name = _("Grids and households")

    def ready(self) -> None:
        # Every record users change keeps a who/when/what trail (django-auditlog).
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.Grid)
        auditlog.register(models.GridWorker)
        auditlog.register(models.Building)
        auditlog.register(models.Household)
