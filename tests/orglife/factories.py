"""Helpers for organisational-life tests: members of a branch with dated periods, committee seats."""

from __future__ import annotations

import datetime as dt

from organizations.models import MemberCategory, MembershipPeriod
from orglife.models import CommitteeMember
from tests.organizations.factories import MemberFactory


def member(branch, *, name=None, joined=dt.date(2005, 7, 1), since=None, until=None, probationary=False):
    """A member of ``branch`` from ``since`` (default: joining) until ``until`` (default: still)."""
    fields = {"branch": branch, "joined_on": joined}
    if name:
        fields["name"] = name
    if probationary:
        fields["category"] = MemberCategory.PROBATIONARY
    m = MemberFactory(**fields)
    if since or until:
        MembershipPeriod.objects.filter(member=m).update(started_on=since or joined, ended_on=until)
    return m


def seat(org, m, *, since=dt.date(2020, 1, 1), until=None, duty=CommitteeMember.Duty.MEMBER):
    return CommitteeMember.objects.create(organization=org, member=m, duty=duty, started_on=since, ended_on=until)
