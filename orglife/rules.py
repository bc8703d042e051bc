"""Who counts at a meeting, as of its date, and whether the meeting counts (quorum).

The one copy of these rules: the recording service, the recording form and the demo data all call it.
- Expected: members whose membership period (``organizations.MembershipPeriod``) in the
  organisation's subtree (the branch and its party groups) covers the meeting date.
- Voting: expected members who are full members on that date. ``Member.category`` is today's
  category only; a probationary period lasts one year from joining (预备期一年), so a member who
  joined less than a year before the date was probationary then, whatever they are now.
- Quorum: a members' meeting counts with more than half of the voting members present; a branch
  committee meeting with more than half of the committee seats (``CommitteeMember``) open on the
  date present, and not at all when no committee is recorded. Other types count when held.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Q, QuerySet

from organizations.models import Member, MemberCategory, Organization

from .models import CommitteeMember, MeetingType


def one_year_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def members_on(org: Organization, day: date) -> QuerySet[Member]:
    """Members of ``org`` (and the groups under it) on ``day``, one query."""
    # One filter() call: every condition is on the same period (separate calls would join periods twice,
    # so a member who left the branch but has an open period elsewhere would still count).
    return Member.objects.filter(
        Q(periods__ended_on__isnull=True) | Q(periods__ended_on__gt=day),
        periods__organization__path__startswith=org.path, periods__started_on__lte=day, joined_on__lte=day,
    ).distinct().order_by("name", "id")


def is_voting_on(member: Member, day: date) -> bool:
    return member.category == MemberCategory.FULL and member.joined_on <= one_year_before(day)


def committee_on(org: Organization, day: date) -> set[int]:
    """Member ids holding a committee seat of ``org`` on ``day``."""
    return set(
        CommitteeMember.objects.filter(organization=org, started_on__lte=day)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day)).values_list("member_id", flat=True)
    )


def more_than_half(present: int, base: int) -> bool:
    return base > 0 and present * 2 > base


def quorum(*, meeting_type: str, expected: list[Member], present_ids: set[int], committee: set[int],
           day: date) -> tuple[int, int, bool]:
    """(quorum base, present towards it, counts) for a meeting of ``meeting_type``."""
    if meeting_type == MeetingType.MEMBERS:
        voting = {m.pk for m in expected if is_voting_on(m, day)}
        base, present = len(voting), len(voting & present_ids)
        return base, present, more_than_half(present, base)
    if meeting_type == MeetingType.COMMITTEE:
        base, present = len(committee), len(committee & present_ids)
        return base, present, more_than_half(present, base)
    return 0, 0, bool(present_ids)


def is_late(*, held_on: date, filed_on: date, late_after_days: int) -> bool:
    return filed_on > held_on + timedelta(days=late_after_days)
