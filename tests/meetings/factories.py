"""Rows of the meetings app for tests, created directly (the services are what the tests test)."""

from __future__ import annotations

import datetime as dt

from meetings.models import Body, BodyKind
from organizations.models import PartTimeMember, ResidentUnit


def make_body(org, kind: str = BodyKind.COMMUNITY_COMMITTEE, **fields) -> Body:
    fields.setdefault("name", f"{org.name}大党委")
    return Body.objects.create(organization=org, kind=kind, **fields)


def make_unit(street, name: str = "武汉供电公司", kind: str = "resident_unit") -> ResidentUnit:
    return ResidentUnit.objects.create(street=street, name=name, kind=kind)


def make_seat(committee, unit, name: str = "周兼职", start=dt.date(2024, 1, 1), end=None) -> PartTimeMember:
    return PartTimeMember.objects.create(committee=committee, unit=unit, name=name, term_start=start, term_end=end)
