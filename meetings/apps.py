from django.apps import AppConfig, apps
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
        # Its figures for assessment indicators (assessments.registry) where that app is installed.
        if apps.is_installed("assessments"):
            from . import computations  # noqa: F401 (they register themselves)
        from partybuild.audit_registry import audited

        from . import models

        # Meeting steps are the meeting's own timeline (append-only), so they are not logged twice.
        for model in (
            models.Body, models.ChairTerm, models.DutyReport, models.MeetingSeries, models.Meeting, models.Attendee,
            models.MeetingAttachment, models.AgendaItem, models.AgendaEntry, models.FollowUpTask,
        ):
            audited(model)
