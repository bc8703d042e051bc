"""Admin of organisational life, scoped to the user's area.

Meeting records are filed on the portal page (attendance as of the meeting date, quorum, filing
date) and shown here read-only with their attendance and evidence; committee seats are added
through ``orglife.services``; the frequency table is the district's to change."""

from __future__ import annotations

from django.contrib import admin

from partybuild import rights
from partybuild.admin_scoping import ReadOnlyInline, ScopedAdmin, ServiceFormAdminMixin, ServiceModelForm, has_scope
from partybuild.scoping import VIEW

from . import services
from .models import Attendance, CommitteeMember, Evidence, FrequencyRule, Meeting


class RuleForm(ServiceModelForm):
    class Meta:
        model = FrequencyRule
        fields = ("level", "org_type", "meeting_type", "period", "times")

    def call_service(self, user):
        data = self.cleaned_data
        if self.instance.pk is None:
            return services.rule_create(user=user, **{f: data[f] for f in self.Meta.fields})
        return services.rule_update(user=user, rule=self.instance, period=data["period"], times=data["times"])


@admin.register(FrequencyRule)
class FrequencyRuleAdmin(ServiceFormAdminMixin, admin.ModelAdmin):
    form = RuleForm
    list_display = ("level", "org_type", "meeting_type", "period", "times")
    list_filter = ("level", "meeting_type", "period")

    def has_module_permission(self, request):
        return has_scope(request, VIEW)

    def has_view_permission(self, request, obj=None):
        return has_scope(request, VIEW)

    def has_add_permission(self, request):
        return rights.is_district_admin(request.user)

    def has_change_permission(self, request, obj=None):
        return rights.is_district_admin(request.user)

    def has_delete_permission(self, request, obj=None):
        return rights.is_district_admin(request.user)


class SeatForm(ServiceModelForm):
    class Meta:
        model = CommitteeMember
        fields = ("organization", "member", "duty", "started_on", "ended_on")

    def call_service(self, user):
        return services.committee_member_add(user=user, **{f: self.cleaned_data[f] for f in self.Meta.fields})


@admin.register(CommitteeMember)
class CommitteeMemberAdmin(ScopedAdmin):
    form = SeatForm
    list_display = ("organization", "member", "duty", "started_on", "ended_on")
    list_select_related = ("organization", "member")
    autocomplete_fields = ("organization", "member")

    def has_change_permission(self, request, obj=None):
        # Seats are added (and ended by a new row) through the service; an existing row is history.
        return obj is None and super().has_change_permission(request, obj)


class AttendanceInline(ReadOnlyInline):
    model = Attendance
    fields = ("member", "is_present", "absence_reason")
    readonly_fields = fields


class EvidenceInline(ReadOnlyInline):
    model = Evidence
    fields = ("kind", "original_name", "uploaded_at")
    readonly_fields = fields


@admin.register(Meeting)
class MeetingAdmin(ScopedAdmin):
    read_only = True
    list_display = ("held_on", "organization", "meeting_type", "topic", "present", "expected", "is_counted",
                    "is_late")
    list_filter = ("meeting_type", "is_counted", "is_late")
    list_select_related = ("organization",)
    search_fields = ("topic",)
    date_hierarchy = "held_on"
    inlines = [AttendanceInline, EvidenceInline]


@admin.register(Attendance)
class AttendanceAdmin(ScopedAdmin):
    read_only = True
    list_display = ("meeting", "member", "is_present", "absence_reason")
    list_select_related = ("meeting", "member")


@admin.register(Evidence)
class EvidenceAdmin(ScopedAdmin):
    read_only = True
    list_display = ("meeting", "kind", "original_name", "uploaded_at")
    list_select_related = ("meeting",)
    exclude = ("file",)
