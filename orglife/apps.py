from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrglifeConfig(AppConfig):
    name = "orglife"
    verbose_name = _("Organisational life")

    def ready(self) -> None:
        from partybuild.audit_registry import audited

        from . import models

        for model in (models.FrequencyRule, models.CommitteeMember, models.Meeting, models.Attendance,
                      models.Evidence):
            audited(model)
