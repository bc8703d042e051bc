from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from partybuild.nav import NavItem


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Audit trail")
    nav_items = (NavItem(_("Personal-data access log"), "audit:access-list", "admin",
                         active=("audit:access-list",), show="audit.policy.can_read_access_log"),)
