"""Factories and helpers for teams, volunteers and orders."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tests.organizations.factories import MemberFactory
from volunteers import confirmation
from volunteers.models import PartnerShop, PointsEntry, Redemption, ServiceOrder, Volunteer, VolunteerTeam

# The resident's confirmation code of every order the factory makes (the service makes a random one).
CODE = "246810"


def in_service_member(*, branch, community, name="张志远"):
    """An in-service member (在职党员) of ``branch`` registered at ``community``."""
    return MemberFactory(
        name=name, branch=branch, is_in_service=True, registered_community=community, registered_on=dt.date(2024, 3, 1)
    )


def make_team(community, name="红心志愿服务队", **fields) -> VolunteerTeam:
    return VolunteerTeam.objects.create(community=community, name=name, **fields)


def make_volunteer(community, name="刘芳", **fields) -> Volunteer:
    return Volunteer.objects.create(community=community, name=name, **fields)


def make_order(community, **fields) -> ServiceOrder:
    fields.setdefault("placed_at", timezone.now())
    fields.setdefault("phone", "13712345678")
    fields.setdefault("category", "repairs")
    fields.setdefault("need", "厨房水管漏水")
    fields.setdefault("confirmation_digest", confirmation.digest(CODE))
    return ServiceOrder.objects.create(community=community, **fields)


def make_shop(community, name="惠民超市", **fields) -> PartnerShop:
    return PartnerShop.objects.create(community=community, name=name, **fields)


def credit(volunteer, points: int, order=None) -> PointsEntry:
    """A credit row, with an order (the ledger requires one for credits)."""
    order = order or make_order(volunteer.community, status="done")
    return PointsEntry.objects.create(
        volunteer=volunteer, kind="credit", points=points, hours=points / 10, order=order, reason="服务",
        created_at=timezone.now(),
    )


def debit(volunteer, shop, points: int) -> Redemption:
    redemption = Redemption.objects.create(
        volunteer=volunteer, shop=shop, item="大米", points=points, redeemed_at=timezone.now()
    )
    PointsEntry.objects.create(
        volunteer=volunteer, kind="debit", points=-points, redemption=redemption, reason="兑换",
        created_at=timezone.now(),
    )
    return redemption
