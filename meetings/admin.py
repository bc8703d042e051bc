"""Admin of the meeting bodies, chair terms and duty reports, scoped to the user's area. Bodies are
created and edited through ``meetings.services``; chair terms and duty reports are written on the
portal pages (where their rules are explained) and shown here."""

from __future__ import annotations

from django.contrib import admin

from partybuild.admin_scoping import ReadOnlyInline, ScopedAdmin, ServiceModelForm

from . import services
from .models import (
    AgendaEntry,
    AgendaItem,
    Attendee,
    Body,
    ChairTerm,
    DutyReport,
    FollowUpTask,
    Meeting,
    MeetingAttachment,
    MeetingEvent,
    MeetingSeries,
)


class BodyForm(ServiceModelForm):
    class Meta:
        model = Body
        fields = ("organization", "kind", *services.BODY_FIELDS)

    def call_service(self, user):
        data = {f: self.cleaned_data.get(f) for f in services.BODY_FIELDS}
        if self.instance.pk is None:
            data.pop("is_active")
            return services.body_create(
                user=user, organization=self.cleaned_data["organization"], kind=self.cleaned_data["kind"], **data
            )
        changed = {f: data[f] for f in self.changed_data if f in data}
        return services.body_update(user=user, body=self.instance, **changed)


@admin.register(Body)
class BodyAdmin(ScopedAdmin):
    form = BodyForm
    allow_delete = False
    list_display = ("name", "kind", "organization", "has_rotating_chair", "is_active")
    list_filter = ("kind", "has_rotating_chair", "is_active")
    search_fields = ("name",)
    list_select_related = ("organization",)
    autocomplete_fields = ("organization",)

    def get_readonly_fields(self, request, obj=None):
        # A body stays with its organisation: its meetings' history hangs on it.
        return ("organization", "kind") if obj else ()


@admin.register(ChairTerm)
class ChairTermAdmin(ScopedAdmin):
    read_only = True
    list_display = ("body", "member", "starts_on", "ends_on")
    list_select_related = ("body", "member__unit")


@admin.register(DutyReport)
class DutyReportAdmin(ScopedAdmin):
    read_only = True
    list_display = ("member", "year", "reported_on", "matters_solved", "rating")
    list_filter = ("year", "rating")
    search_fields = ("member__name",)
    list_select_related = ("member__unit",)


class MeetingEventInline(ReadOnlyInline):
    model = MeetingEvent


class AttendeeInline(ReadOnlyInline):
    model = Attendee


@admin.register(MeetingSeries)
class MeetingSeriesAdmin(ScopedAdmin):
    """Series are started on the portal (which opens their first meeting) and shown here."""

    read_only = True
    list_display = ("title", "body", "recurrence", "is_active")
    list_filter = ("recurrence", "is_active")
    list_select_related = ("body",)


@admin.register(Meeting)
class MeetingAdmin(ScopedAdmin):
    """Meetings move through their workflow on the portal and the API (closing opens the next one)."""

    read_only = True
    list_display = ("title", "body", "held_on", "status", "convenor")
    list_filter = ("status",)
    search_fields = ("title",)
    list_select_related = ("body", "convenor")
    date_hierarchy = "held_on"
    inlines = [AttendeeInline, MeetingEventInline]


@admin.register(Attendee)
class AttendeeAdmin(ScopedAdmin):
    read_only = True
    list_display = ("name", "kind", "unit", "meeting", "is_present")
    list_select_related = ("meeting",)


@admin.register(MeetingAttachment)
class MeetingAttachmentAdmin(ScopedAdmin):
    read_only = True
    list_display = ("title", "meeting", "uploaded_at")
    list_select_related = ("meeting",)
    exclude = ("file",)


@admin.register(MeetingEvent)
class MeetingEventAdmin(ScopedAdmin):
    read_only = True
    list_display = ("meeting", "status", "actor", "at", "note")
    list_select_related = ("meeting", "actor")


class AgendaEntryInline(ReadOnlyInline):
    model = AgendaEntry


class FollowUpTaskInline(ReadOnlyInline):
    model = FollowUpTask


@admin.register(AgendaItem)
class AgendaItemAdmin(ScopedAdmin):
    """Items are raised, decided and carried on the portal; raised items are never deleted."""

    read_only = True
    allow_delete = False
    list_display = ("title", "body", "state", "times_carried", "is_escalated", "meeting")
    list_filter = ("state", "is_escalated", "source")
    search_fields = ("title",)
    list_select_related = ("body", "meeting")
    inlines = [AgendaEntryInline, FollowUpTaskInline]


@admin.register(AgendaEntry)
class AgendaEntryAdmin(ScopedAdmin):
    read_only = True
    list_display = ("item", "meeting", "outcome", "is_carried")
    list_select_related = ("item", "meeting")


@admin.register(FollowUpTask)
class FollowUpTaskAdmin(ScopedAdmin):
    read_only = True
    list_display = ("item", "department", "unit_name", "is_lead", "due_on", "status")
    list_filter = ("status", "is_lead")
    list_select_related = ("item", "department")
