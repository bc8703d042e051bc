"""App configs that name third-party apps in the admin's language (their own catalogues lack Chinese)."""

from axes.apps import AppConfig as BaseAxesConfig
from django.utils.translation import gettext_lazy as _


class AxesConfig(BaseAxesConfig):
    verbose_name = _("Login protection")
