from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from partybuild.nav import NavItem


class WorkbooksConfig(AppConfig):
    """Formatted reports (统计报表): the workbooks district admins, street officials and auditors hand upward."""

    name = "workbooks"
    verbose_name = _("Formatted reports")
    nav_items = (NavItem(_("Formatted reports"), "workbooks:index", "admin", active=("workbooks:",),
                         show="workbooks.selectors.may_use"),)
