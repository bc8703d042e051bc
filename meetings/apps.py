from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from partybuild.nav import NavItem


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Regional committees and joint meetings")
    nav_items = (
        NavItem(_("Regional committees"), "meetings:committee-list", "organisation",
                active=("meetings:committee", "meetings:seat", "meetings:chair", "meetings:duty")),
        NavItem(_("Joint meetings"), "meetings:meeting-list", "governance",
                active=("meetings:meeting", "meetings:attend", "meetings:item", "meetings:raise", "meetings:task",
                        "meetings:stats", "meetings:body")),
    )

    def ready(self) -> None:
        from partybuild.audit_registry import audited

        from . import models

        # Meeting steps are the meeting's own timeline (append-only), so they are not logged twice.
        for model in (
            models.Body, models.ChairTerm, models.DutyReport, models.MeetingSeries, models.Meeting, models.Attendee,
            models.MeetingAttachment, models.AgendaItem, models.AgendaEntry, models.FollowUpTask,
        ):
            audited(model)
