from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from partybuild.nav import NavItem


class DashboardsConfig(AppConfig):
    """The home dashboard of every user's area and the street's comparison of its communities.

    No models of its own: it reads the other apps' statistics selectors (``selectors.py``)."""

    name = "dashboards"
    verbose_name = _("Dashboards")
    nav_items = (
        NavItem(_("Compare communities"), "dashboards:compare", "governance", active=("dashboards:",),
                show="dashboards.policy.sees_comparison"),
    )
