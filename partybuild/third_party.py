"""App configs that name third-party apps in the admin's language (their own catalogues lack Chinese)."""

from axes.apps import AppConfig as BaseAxesConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


class AxesConfig(BaseAxesConfig):
    verbose_name = _("Login protection")


# The libraries' own words that their catalogues lack in Chinese. Listed here so makemessages keeps
# them in the project catalogue, which Django prefers over the libraries' catalogues.
LIBRARY_MSGIDS = (
    gettext_noop("access attempt"), gettext_noop("access attempts"), gettext_noop("Access Attempt"),
    gettext_noop("access failure"), gettext_noop("access failures"),
    gettext_noop("access attempt expiration"), gettext_noop("access attempt expirations"),
    gettext_noop("access log"), gettext_noop("access logs"),
    gettext_noop("Audit log"),
)
