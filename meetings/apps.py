from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The menu item in templates/base.html, translated from this app's catalogue.
NAV_LABEL = _("Joint meetings")


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Regional committees and joint meetings")

    def ready(self) -> None:
        from partybuild.audit_registry import audited

        from . import models

        # Meeting steps are the meeting's own timeline (append-only), so they are not logged twice.
        for model in (
            models.Body, models.ChairTerm, models.DutyReport, models.MeetingSeries, models.Meeting, models.Attendee,
            models.MeetingAttachment, models.AgendaItem, models.AgendaEntry, models.FollowUpTask,
        ):
            audited(model)
