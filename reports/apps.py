from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from partybuild.nav import NavItem


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Grid reports")
    # Department staff have no area of the tree, only the reports routed to them.
    nav_items = (NavItem(_("Grid reports"), "reports:list", "governance", active=("reports:",),
                         show="partybuild.nav.anyone"),)
    todo_providers = ("reports.todo.todos",)
    # What the queues read (partybuild.todo: a change to these refreshes the cached list).
    todo_models = ("reports.GridReport", "reports.Department")

    def ready(self) -> None:
        # Every record users change keeps a who/when/what trail (django-auditlog).
        from partybuild.audit_registry import audited

        from . import models

        audited(models.Department, m2m_fields={"staff"})
        audited(models.ReportCategory)
        # The case number is WG + filing date + pk, written once right after the insert: it says
        # nothing the pk and the filing time do not, and is never edited.
        audited(models.GridReport, exclude_fields=["number"])
        audited(models.Open311Key, exclude_fields=["key"])
