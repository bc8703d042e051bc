"""One S1-owned row of every scoped model of the volunteers app, for tests/test_scope_matrix.py."""

from __future__ import annotations

from django.utils import timezone

from volunteers.models import (
    CreditHold,
    OrderStep,
    PartnerShop,
    PointsEntry,
    Redemption,
    ServiceOrder,
    Volunteer,
    VolunteerTeam,
)


def plant(*, pk, owner, org, marker, tree) -> None:
    # Teams, orders and accounts belong to a community: C1, the community above the planted grid.
    community = tree.c1
    now = timezone.now()
    team = VolunteerTeam.objects.create(pk=pk, community=community, name=f"{marker}志愿服务队", speciality=marker)
    volunteer = Volunteer.objects.create(pk=pk, community=community, name=f"{marker}志愿者", team=team)
    team.leader = volunteer
    team.save(update_fields=["leader"])
    order = ServiceOrder.objects.create(
        pk=pk, community=community, resident_name=f"{marker}居民", phone="13912345678", category="repairs",
        need=f"{marker}需求", placed_at=now, status="done", assigned_team=team, hours=2, created_by=owner,
    )
    OrderStep.objects.create(pk=pk, order=order, status="placed", actor=owner, at=now, note=marker)
    shop = PartnerShop.objects.create(pk=pk, community=community, name=f"{marker}商家", offer=marker)
    redemption = Redemption.objects.create(
        pk=pk, volunteer=volunteer, shop=shop, item=f"{marker}兑换品", points=5, redeemed_at=now
    )
    PointsEntry.objects.create(
        pk=pk, volunteer=volunteer, kind="credit", points=20, hours=2, order=order, reason=marker, created_at=now
    )
    PointsEntry.objects.create(
        volunteer=volunteer, kind="debit", points=-5, redemption=redemption, reason=marker, created_at=now
    )
    # A held credit (over the monthly cap) of a second volunteer for the same order.
    held = Volunteer.objects.create(community=community, name=f"{marker}超限志愿者", team=team)
    CreditHold.objects.create(
        pk=pk, volunteer=held, order=order, hours=2, points=20, month_hours=60, created_at=now,
        decision_note=marker,
    )
