"""Factories for the organisation tree and members."""

from __future__ import annotations

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from organizations.models import Level, Member, MembershipPeriod, Organization, OrgType
from organizations.validators import id_check_char


def make_org(parent: Organization | None, level: str, code: str, name: str | None = None, **fields) -> Organization:
    """Insert a node directly through treebeard (services are tested on their own)."""
    if level == Level.COMMUNITY:
        fields.setdefault("org_type", OrgType.COMMITTEE)
    instance = Organization(code=code, name=name or code, level=level, **fields)
    if parent is None:
        return Organization.objects.add_root(instance=instance)
    return Organization.objects.add_child(parent, instance=instance)


_serial = iter(range(1, 10**6))


def valid_id_number(birth: dt.date = dt.date(1980, 5, 17), seq: int | None = None) -> str:
    """A real-looking ID number for Wuchang, Wuhan (420106) with a correct GB 11643 check digit."""
    seq = next(_serial) if seq is None else seq
    first17 = f"420106{birth:%Y%m%d}{seq % 1000:03d}"
    return first17 + id_check_char(first17)


class MemberFactory(DjangoModelFactory):
    class Meta:
        model = Member
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"党员{n}")
    gender = "M"
    birth_date = dt.date(1980, 5, 17)
    id_number = factory.LazyAttribute(lambda m: valid_id_number(m.birth_date))
    phone = "13800138000"
    joined_on = dt.date(2005, 7, 1)
    branch = None

    @factory.post_generation
    def period(obj, create, extracted, **kwargs):
        if create:
            MembershipPeriod.objects.create(member=obj, organization=obj.branch, started_on=obj.joined_on)
