"""Admin for the organisation tree and the people in it, scoped to the user's area.

The tree changes only through ``organizations.services`` (create, update,
dissolve); members through ``organizations.member_services``. History
(periods, status changes, transfers) is shown, never edited here.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin

from partybuild import scoping
from partybuild.admin_scoping import (
    ReadOnlyInline,
    ScopedAdmin,
    ScopedAdminMixin,
    ServiceModelForm,
    VersionLockMixin,
    has_scope,
)

from . import member_services, services
from .models import (
    Level,
    Member,
    MembershipPeriod,
    MemberStatusChange,
    Organization,
    PartTimeMember,
    ResidentUnit,
    Transfer,
)

ORG_ADD_FIELDS = ("parent", "code", "name", "level", "org_type", "phone", "address", "established_on", "end_date")
ORG_READONLY = ("code", "level", "status", "dissolved_on", "merged_into")


class OrganizationAddForm(ServiceModelForm):
    # The parent is typed by code: a drop-down of every organisation would not scale to a city.
    parent = forms.ModelChoiceField(
        queryset=Organization.objects.none(), to_field_name="code", widget=forms.TextInput,
        label=_("parent organisation code"), help_text=_("Code of the organisation directly above the new one."),
    )

    class Meta:
        model = Organization
        fields = ORG_ADD_FIELDS[1:]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = scoping.scope_queryset(
            Organization.objects.filter(status="active"), self.request.user, scoping.MANAGE
        )

    def call_service(self, user):
        data = {f: self.cleaned_data.get(f) for f in ORG_ADD_FIELDS if f not in ("parent", "code", "name", "level")}
        data = {k: v for k, v in data.items() if v not in (None, "")}
        return services.organization_create(
            user=user, parent=self.cleaned_data["parent"], code=self.cleaned_data["code"],
            name=self.cleaned_data["name"], level=self.cleaned_data["level"], **data,
        )


class OrganizationChangeForm(VersionLockMixin, ServiceModelForm):
    class Meta:
        model = Organization
        fields = services.EDITABLE_FIELDS

    def call_service(self, user):
        changed = {f: self.cleaned_data[f] for f in self.changed_data if f in services.EDITABLE_FIELDS}
        if not changed:
            return None
        return services.organization_update(user=user, org=self.instance, version=self.cleaned_data.get("lock_version"),
                                            **changed)


# Admin changelist parameters with no meaning on the portal's lists (ordering, page, popups…).
_ADMIN_ONLY_PARAMS = {"o", "p", "e", "_changelist_filters", "_popup", "_to_field", "all"}


def portal_filters(params) -> dict[str, str]:
    """The admin changelist's filters as the portal list's query parameters: ``level__exact=grid`` is
    ``level=grid``, the search box ``q`` is ``q``, a boolean's ``1``/``0`` is ``true``/``false``."""
    out = {}
    for key, value in params.items():
        if key in _ADMIN_ONLY_PARAMS or not value:
            continue
        field = key.removesuffix("__exact")
        if field != key and value in ("0", "1"):
            value = "true" if value == "1" else "false"
        out[field] = value
    return out


class ScopedExportMixin:
    """Exports leave through the portal's export of the same list (``portal_export``, the URL name
    the imports app plugs in): the formatted workbook or CSV, run by a worker above
    ``EXPORT_SYNC_ROW_LIMIT`` rows with a progress page, recorded, masked or revealed only with a
    purpose. The admin's Export button carries the changelist's filters there instead of writing a
    file inside the request. The Import button leads to the import page, the one way in for files:
    it bounds their size, checks every row before writing any and runs large files as background jobs."""

    portal_export = ""

    @transaction.non_atomic_requests
    def export_action(self, request):
        if not self.has_export_permission(request) or not self.portal_export:
            raise PermissionDenied
        query = urlencode(portal_filters(request.GET))
        return redirect(reverse(self.portal_export) + (f"?{query}" if query else ""))

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def has_import_permission(self, request):
        # Shows the button; the import page itself decides (imports.policy.can_import), and
        # both kinds need the MANAGE area there.
        return has_scope(request, scoping.MANAGE)

    def import_action(self, request, *args, **kwargs):
        return redirect(f"{reverse('imports:upload')}?kind={self.resource_classes[0].kind}")

    def process_import(self, request, *args, **kwargs):
        return self.import_action(request)


@admin.register(Organization)
class OrganizationAdmin(ScopedExportMixin, ScopedAdminMixin, ImportExportModelAdmin):
    edit_action = scoping.MANAGE
    allow_delete = False
    list_display = ("code", "name", "level", "org_type", "status", "secretary", "numchild")
    list_filter = ("level", "org_type", "status")
    search_fields = ("name", "code")
    list_select_related = ("secretary",)
    ordering = ("path",)
    autocomplete_fields = ("secretary", "host")
    actions = ["dissolve"]
    # The file format belongs to the imports app, which plugs it in (imports/admin.py), so this
    # app does not depend on it.
    resource_classes: list = []

    def get_form(self, request, obj=None, **kwargs):
        kwargs["form"] = OrganizationAddForm if obj is None else OrganizationChangeForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        return ORG_ADD_FIELDS if obj is None else (*ORG_READONLY[:2], *services.EDITABLE_FIELDS, *ORG_READONLY[2:])

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else ORG_READONLY

    @admin.action(description=_("Dissolve the selected organisations"), permissions=["change"])
    def dissolve(self, request, queryset):
        done = 0
        for org in queryset.order_by("-depth"):  # children first, so a whole branch can go at once
            try:
                with transaction.atomic():
                    services.organization_dissolve(user=request.user, org=org)
                done += 1
            except (ValidationError, PermissionDenied) as exc:
                messages.error(request, f"{org}: {' '.join(getattr(exc, 'messages', [str(exc)]))}")
        if done:
            messages.success(request, _("%(n)d organisations dissolved.") % {"n": done})


class MemberAddForm(ServiceModelForm):
    class Meta:
        model = Member
        fields = ("branch", *member_services.MEMBER_FIELDS)

    def call_service(self, user):
        data = {f: self.cleaned_data[f] for f in member_services.MEMBER_FIELDS if f in self.cleaned_data}
        return member_services.member_create(user=user, branch=self.cleaned_data["branch"], **data)


class MemberChangeForm(VersionLockMixin, ServiceModelForm):
    class Meta:
        model = Member
        fields = member_services.MEMBER_FIELDS

    def call_service(self, user):
        changed = {f: self.cleaned_data[f] for f in self.changed_data if f in member_services.MEMBER_FIELDS}
        if not changed:
            return None
        return member_services.member_update(user=user, member=self.instance,
                                             version=self.cleaned_data.get("lock_version"), **changed)


class MembershipPeriodInline(ReadOnlyInline):
    model = MembershipPeriod
    fields = ("organization", "started_on", "ended_on", "reason")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organization")


class MemberStatusChangeInline(ReadOnlyInline):
    model = MemberStatusChange
    fields = ("status", "effective_on", "note", "recorded_by", "recorded_at")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("recorded_by")


@admin.register(Member)
class MemberAdmin(ScopedExportMixin, ScopedAdminMixin, ImportExportModelAdmin):
    # Members become history (status change, transfer); they are never deleted. ID number, phone and
    # birth date are masked in every view by ScopedAdminMixin (partybuild.admin_personal), exports too.
    allow_delete = False
    list_display = ("name", "gender", "id_number", "phone", "branch", "category", "status", "is_in_service")
    list_filter = ("status", "category", "gender", "is_in_service", "education")
    search_fields = ("name",)
    list_select_related = ("branch",)
    autocomplete_fields = ("branch", "household", "registered_community")
    readonly_fields = ("branch", "status")
    inlines = [MembershipPeriodInline, MemberStatusChangeInline]
    resource_classes: list = []  # see OrganizationAdmin

    def get_form(self, request, obj=None, **kwargs):
        kwargs["form"] = MemberAddForm if obj is None else MemberChangeForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("branch", *member_services.MEMBER_FIELDS)
        return ("branch", "status", *member_services.MEMBER_FIELDS)

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else super().get_readonly_fields(request, obj)


@admin.register(MembershipPeriod)
class MembershipPeriodAdmin(ScopedAdmin):
    read_only = True
    list_display = ("member", "organization", "started_on", "ended_on", "reason")
    list_filter = ("reason",)
    search_fields = ("member__name",)
    list_select_related = ("member", "organization")


@admin.register(MemberStatusChange)
class MemberStatusChangeAdmin(ScopedAdmin):
    read_only = True
    list_display = ("member", "status", "effective_on", "note", "recorded_by")
    list_filter = ("status",)
    search_fields = ("member__name",)
    list_select_related = ("member", "recorded_by")


@admin.register(Transfer)
class TransferAdmin(ScopedAdmin):
    read_only = True
    list_display = ("member", "from_org", "to_org", "state", "sent_on", "closed_on")
    list_filter = ("state",)
    search_fields = ("member__name",)
    list_select_related = ("member", "from_org", "to_org")


@admin.register(ResidentUnit)
class ResidentUnitAdmin(ScopedAdmin):
    list_display = ("name", "kind", "street", "contact", "phone")
    list_filter = ("kind",)
    search_fields = ("name",)
    list_select_related = ("street",)
    autocomplete_fields = ("street",)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "street":
            field.queryset = field.queryset.filter(level=Level.STREET)
        return field


@admin.register(PartTimeMember)
class PartTimeMemberAdmin(ScopedAdmin):
    list_display = ("name", "committee", "unit", "position", "term_start", "term_end")
    search_fields = ("name", "unit__name")
    list_select_related = ("committee", "unit")
    autocomplete_fields = ("committee", "unit")
