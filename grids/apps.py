from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GridsConfig(AppConfig):
    name = "grids"
    verbose_name = _("Grids and households")
    pickers = ("grids.pickers.HOUSEHOLDS", "grids.pickers.GRIDS")

    def ready(self) -> None:
        # Every record users change keeps a who/when/what trail (django-auditlog).
        from partybuild.audit_registry import audited

        from . import models

        audited(models.Grid)
        audited(models.GridWorker)
        audited(models.Building)
        audited(models.Household)
