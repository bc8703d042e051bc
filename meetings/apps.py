from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Regional committees and joint meetings")

    def ready(self) -> None:
        from partybuild.audit_registry import audited

        from . import models

        for model in (models.Body, models.ChairTerm, models.DutyReport):
            audited(model)
