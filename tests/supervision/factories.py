"""Factories for supervision committees, clues and rectifications."""

from __future__ import annotations

import datetime as dt

from organizations.paths import prefix_at
from supervision.models import ClueAccess, CommitteeSeat, ProblemClue, Rectification, SupervisionCommittee


def make_committee(community) -> SupervisionCommittee:
    return SupervisionCommittee.objects.create(community=community, established_on=dt.date(2024, 1, 1))


def seat(committee, seat, name, member=None, **fields) -> CommitteeSeat:
    fields.setdefault("since", dt.date(2024, 1, 1))
    return CommitteeSeat.objects.create(committee=committee, seat=seat, name=name, member=member, **fields)


def make_clue(committee, **fields) -> ProblemClue:
    from organizations.models import Organization

    root = Organization.objects.get(path=prefix_at(committee.community.path, 1))
    fields.setdefault("found_on", dt.date(2026, 3, 5))
    fields.setdefault("matter", "低保审核材料不全却已发放")
    fields.setdefault("involves", "cadre")
    return ProblemClue.objects.create(district=root, committee=committee, **fields)


def grant(user, org, kind) -> ClueAccess:
    access = ClueAccess.objects.create(user=user, organization=org, kind=kind)
    user.__dict__.pop("_clue_access_paths", None)
    return access


def make_rectification(org, **fields) -> Rectification:
    fields.setdefault("year", 2026)
    fields.setdefault("reasons", "班子不团结,组织生活不正常")
    fields.setdefault("answerable_cadre", "王志刚")
    fields.setdefault("listed_on", dt.date(2026, 2, 1))
    return Rectification.objects.create(organization=org, **fields)
