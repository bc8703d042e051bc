from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from partybuild.nav import NavItem


class ScreensConfig(AppConfig):
    name = "screens"
    verbose_name = _("Data big screen")
    nav_items = (
        NavItem(_("Big screen"), "screens:home", "admin", active=("screens:",), show="screens.policy.may_use_screen"),
    )
