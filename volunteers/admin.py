"""Admin of teams, volunteers, shops and the order/points records, scoped to the user's area.

Teams, volunteers and shops are added and edited through ``volunteers.services``; orders move
through their workflow on the portal pages and the API, so here they, their timeline, the points
ledger and redemptions are shown, never edited.
"""

from __future__ import annotations

from django.contrib import admin

from partybuild.admin_scoping import ReadOnlyInline, ScopedAdmin, ServiceModelForm

from . import services
from .models import (
    CreditHold,
    OrderStep,
    PartnerShop,
    PointsEntry,
    Redemption,
    ServiceOrder,
    Volunteer,
    VolunteerTeam,
)


class TeamForm(ServiceModelForm):
    class Meta:
        model = VolunteerTeam
        fields = ("community", *services.TEAM_FIELDS)

    def call_service(self, user):
        data = {f: self.cleaned_data.get(f) for f in services.TEAM_FIELDS}
        if self.instance.pk is None:
            data.pop("leader")
            return services.team_create(user=user, community=self.cleaned_data["community"], **data)
        changed = {f: data[f] for f in self.changed_data if f in data}
        return services.team_update(user=user, team=self.instance, **changed)


class VolunteerForm(ServiceModelForm):
    class Meta:
        model = Volunteer
        fields = ("community", *services.VOLUNTEER_FIELDS)

    def call_service(self, user):
        data = {f: self.cleaned_data.get(f) for f in services.VOLUNTEER_FIELDS}
        if self.instance.pk is None:
            name = data.pop("name")
            return services.volunteer_create(user=user, community=self.cleaned_data["community"], name=name, **data)
        return services.volunteer_update(
            user=user, volunteer=self.instance, **{f: data[f] for f in self.changed_data if f in data}
        )


class ShopForm(ServiceModelForm):
    class Meta:
        model = PartnerShop
        fields = ("community", "name", "address", "offer", "is_active")

    def call_service(self, user):
        data = {f: self.cleaned_data.get(f) for f in ("name", "address", "offer", "is_active")}
        if self.instance.pk is None:
            data.pop("is_active")
            return services.shop_create(user=user, community=self.cleaned_data["community"], **data)
        changed = {f: data[f] for f in self.changed_data if f in data}
        return services.shop_update(user=user, shop=self.instance, **changed)


class CommunityLockedMixin:
    """The community is chosen once; moving a team or an account would move its history."""

    def get_readonly_fields(self, request, obj=None):
        return ("community",) if obj else ()


@admin.register(VolunteerTeam)
class VolunteerTeamAdmin(CommunityLockedMixin, ScopedAdmin):
    form = TeamForm
    allow_delete = False
    list_display = ("name", "community", "leader", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name",)
    list_select_related = ("community", "leader")
    autocomplete_fields = ("community", "leader")


@admin.register(Volunteer)
class VolunteerAdmin(CommunityLockedMixin, ScopedAdmin):
    form = VolunteerForm
    allow_delete = False
    list_display = ("name", "community", "team", "member", "phone")
    search_fields = ("name",)
    list_select_related = ("community", "team", "member")
    autocomplete_fields = ("community", "member", "team")


@admin.register(PartnerShop)
class PartnerShopAdmin(CommunityLockedMixin, ScopedAdmin):
    form = ShopForm
    allow_delete = False
    list_display = ("name", "community", "offer", "is_active")
    search_fields = ("name",)
    list_select_related = ("community",)
    autocomplete_fields = ("community",)


class OrderStepInline(ReadOnlyInline):
    model = OrderStep


@admin.register(ServiceOrder)
class ServiceOrderAdmin(ScopedAdmin):
    read_only = True
    list_display = ("id", "placed_at", "category", "community", "resident_name", "phone", "status", "assigned_member",
                    "assigned_team", "rating")
    list_filter = ("status", "category")
    search_fields = ("resident_name", "need")
    list_select_related = ("community", "assigned_member", "assigned_team")
    date_hierarchy = "placed_at"
    inlines = [OrderStepInline]
    # The hash of the resident's confirmation code is nobody's business, even read-only.
    exclude = ("confirmation_digest",)


@admin.register(OrderStep)
class OrderStepAdmin(ScopedAdmin):
    read_only = True
    list_display = ("order", "status", "actor", "at", "note")
    list_select_related = ("order", "actor")


@admin.register(PointsEntry)
class PointsEntryAdmin(ScopedAdmin):
    read_only = True
    list_display = ("volunteer", "kind", "points", "hours", "reason", "created_at")
    list_filter = ("kind",)
    search_fields = ("volunteer__name", "reason")
    list_select_related = ("volunteer",)


@admin.register(Redemption)
class RedemptionAdmin(ScopedAdmin):
    read_only = True
    list_display = ("volunteer", "shop", "item", "points", "redeemed_at")
    search_fields = ("volunteer__name", "item")
    list_select_related = ("volunteer", "shop")


@admin.register(CreditHold)
class CreditHoldAdmin(ScopedAdmin):
    """Credits held over the monthly cap: the anomaly list. They are decided on the volunteering
    page (or the API), where the rule "not the person who recorded the service" is applied."""

    read_only = True
    list_display = ("volunteer", "order", "hours", "month_hours", "status", "created_at", "decided_by")
    list_filter = ("status",)
    search_fields = ("volunteer__name",)
    list_select_related = ("volunteer", "order", "decided_by")
    date_hierarchy = "created_at"
