"""Admin of 五星联创, scoped to the user's area. Years and definitions are edited through the
services; applications move through their workflow on the pages and the API, so here they,
their evidence, steps and objections are shown, never edited."""

from __future__ import annotations

from django.contrib import admin

from partybuild import rights
from partybuild.admin_scoping import ReadOnlyInline, ScopedAdmin, ServiceFormAdminMixin, ServiceModelForm, has_scope
from partybuild.scoping import VIEW

from . import services
from .models import StarApplication, StarDefinition, StarEvidence, StarObjection, StarStep, StarYear


class StarYearForm(ServiceModelForm):
    class Meta:
        model = StarYear
        fields = ("year", *services.YEAR_FIELDS)

    def call_service(self, user):
        if self.instance.pk is None:
            return services.star_year_start(user=user, year=self.cleaned_data["year"],
                                            notice_days=self.cleaned_data.get("notice_days"))
        return services.star_year_update(
            user=user, star_year=self.instance,
            **{f: self.cleaned_data.get(f) for f in self.changed_data if f in services.YEAR_FIELDS},
        )


class DefinitionForm(ServiceModelForm):
    class Meta:
        model = StarDefinition
        fields = ("star_year", "code", *services.DEFINITION_FIELDS)

    def call_service(self, user):
        data = {f: self.cleaned_data.get(f) for f in services.DEFINITION_FIELDS}
        if self.instance.pk is None:
            return services.definition_create(user=user, star_year=self.cleaned_data["star_year"],
                                              code=self.cleaned_data["code"], **data)
        return services.definition_update(user=user, definition=self.instance,
                                          **{f: data[f] for f in self.changed_data if f in data})


class DistrictSettingsAdmin(ServiceFormAdminMixin, admin.ModelAdmin):
    """The district's settings, the same for every community: anyone in scope reads them, the
    district changes them (through the services)."""

    def has_module_permission(self, request):
        return has_scope(request, VIEW)

    def has_view_permission(self, request, obj=None):
        return has_scope(request, VIEW)

    def has_add_permission(self, request, *args):
        return rights.is_district_admin(request.user)

    def has_change_permission(self, request, obj=None):
        return rights.is_district_admin(request.user)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(StarYear)
class StarYearAdmin(DistrictSettingsAdmin):
    form = StarYearForm
    list_display = ("year", "notice_days", "frozen_at")

    def get_readonly_fields(self, request, obj=None):
        return ("year", "frozen_at") if obj else ("frozen_at",)


@admin.register(StarDefinition)
class StarDefinitionAdmin(DistrictSettingsAdmin):
    form = DefinitionForm
    list_display = ("name", "code", "star_year", "amount", "position")
    list_filter = ("star_year",)
    list_select_related = ("star_year",)

    def get_readonly_fields(self, request, obj=None):
        return ("star_year", "code") if obj else ()


class StepInline(ReadOnlyInline):
    model = StarStep
    fields = ("at", "from_status", "status", "actor", "comment")


class EvidenceInline(ReadOnlyInline):
    model = StarEvidence
    fields = ("original_name", "content_type", "uploaded_by", "uploaded_at")


@admin.register(StarApplication)
class StarApplicationAdmin(ScopedAdmin):
    read_only = True
    list_display = ("community", "definition", "year", "status", "amount")
    list_filter = ("status", "year")
    search_fields = ("community__name",)
    list_select_related = ("community", "definition__star_year")
    inlines = [EvidenceInline, StepInline]


@admin.register(StarObjection)
class StarObjectionAdmin(ScopedAdmin):
    read_only = True
    # Files are private (no URL): they download through the scoped page views.
    exclude = ("file",)
    list_display = ("application", "status", "lodged_at", "decided_at")
    list_filter = ("status",)
    list_select_related = ("application__community", "application__definition__star_year")


@admin.register(StarEvidence)
class StarEvidenceAdmin(ScopedAdmin):
    read_only = True
    exclude = ("file",)
    list_display = ("original_name", "application", "uploaded_at")
    list_select_related = ("application__community", "application__definition__star_year")


@admin.register(StarStep)
class StarStepAdmin(ScopedAdmin):
    read_only = True
    list_display = ("application", "status", "actor", "at")
    list_select_related = ("application__community", "application__definition__star_year", "actor")
