"""Filing a meeting: attendance as of the meeting date, quorum, late filing, the refused steps."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from orglife import services
from orglife.models import Attendance, MeetingType

from .factories import member, seat

D = dt.date
JUNE_10 = D(2026, 6, 10)


def record(user, org, kind=MeetingType.MEMBERS, held_on=JUNE_10, present=(), **extra):
    extra.setdefault("topic", "学习党章")
    return services.meeting_record(user=user, organization=org, meeting_type=kind, held_on=held_on,
                                   present_ids=[m.pk for m in present], **extra)


@pytest.fixture
def four(tree):
    """Four full members of G1's branch (one of them in its party group B1)."""
    return [member(tree.g1, name=n) for n in ("甲", "乙", "丙")] + [member(tree.b1, name="丁")]


def test_attendance_lists_every_member_of_the_branch_and_its_groups_on_the_date(tree, gina, four):
    meeting = record(gina, tree.g1, present=four[:3], absence_reasons={four[3].pk: "sick"})
    rows = {a.member.name: (a.is_present, a.absence_reason) for a in meeting.attendance.select_related("member")}
    assert rows == {"甲": (True, ""), "乙": (True, ""), "丙": (True, ""), "丁": (False, "sick")}
    assert (meeting.expected, meeting.present) == (4, 3)


def test_member_who_joined_after_the_meeting_is_not_expected_and_does_not_count(tree, gina, four):
    late = member(tree.g1, name="新来", since=D(2026, 6, 15))
    meeting = record(gina, tree.g1, present=four[:3])
    assert not Attendance.objects.filter(meeting=meeting, member=late).exists()
    assert (meeting.quorum_base, meeting.quorum_present, meeting.is_counted) == (4, 3, True)
    with pytest.raises(ValidationError, match="会议当日"):
        record(gina, tree.g1, present=[late])


def test_member_who_left_before_the_meeting_is_not_expected(tree, gina, four):
    gone = member(tree.g1, name="转走", until=D(2026, 5, 1))
    meeting = record(gina, tree.g1, present=four)
    assert not meeting.attendance.filter(member=gone).exists()


def test_members_meeting_without_more_than_half_of_voting_members_does_not_count(tree, gina, four):
    meeting = record(gina, tree.g1, present=four[:2])  # 2 of 4 is not more than half
    assert (meeting.quorum_base, meeting.quorum_present, meeting.is_counted) == (4, 2, False)


def test_probationary_members_attend_but_are_not_counted_for_quorum(tree, gina, four):
    # A member who joined in March 2026 is probationary in June 2026, whatever the category says now.
    newly = member(tree.g1, name="预备", joined=D(2026, 3, 1))
    flagged = member(tree.g1, name="标注预备", probationary=True)
    meeting = record(gina, tree.g1, present=[four[0], four[1], newly, flagged])
    assert (meeting.expected, meeting.quorum_base, meeting.quorum_present) == (6, 4, 2)
    assert meeting.is_counted is False


def test_committee_meeting_counts_with_more_than_half_of_its_seats_on_the_date(tree, gina, four):
    seat(tree.g1, four[0]), seat(tree.g1, four[1]), seat(tree.g1, four[2])
    seat(tree.g1, four[3], until=D(2026, 1, 31))  # no longer on the committee in June
    ok = record(gina, tree.g1, kind=MeetingType.COMMITTEE, present=[*four[:2], four[3]])
    assert (ok.quorum_base, ok.quorum_present, ok.is_counted) == (3, 2, True)
    short = record(gina, tree.g1, kind=MeetingType.COMMITTEE, present=[four[0], four[3]])
    assert (short.quorum_base, short.quorum_present, short.is_counted) == (3, 1, False)


def test_committee_meeting_without_a_recorded_committee_does_not_count(tree, gina, four):
    meeting = record(gina, tree.g1, kind=MeetingType.COMMITTEE, present=four)
    assert (meeting.quorum_base, meeting.is_counted) == (0, False)


def test_other_meetings_count_when_anyone_attended(tree, gina, four):
    assert record(gina, tree.g1, kind=MeetingType.THEMED_DAY, present=four[:1]).is_counted
    assert not record(gina, tree.g1, kind=MeetingType.THEMED_DAY, present=[]).is_counted


def test_a_record_filed_more_than_seven_days_after_the_meeting_is_late(tree, gina, four):
    on_time = record(gina, tree.g1, held_on=D(2026, 6, 13), present=four)  # 7 days before the 20th
    late = record(gina, tree.g1, held_on=D(2026, 6, 12), present=four)  # 8 days
    assert (on_time.is_late, late.is_late) == (False, True)


def test_filing_date_is_kept_when_the_record_is_corrected(tree, gina, four):
    meeting = record(gina, tree.g1, held_on=D(2026, 6, 1), present=four)
    filed = meeting.filed_at
    with time_machine.travel(dt.datetime(2026, 6, 25, tzinfo=dt.UTC), tick=False):
        services.meeting_update(user=gina, meeting=meeting, minutes="补充纪要")
        with pytest.raises(ValidationError, match="只能修改"):
            services.meeting_update(user=gina, meeting=meeting, held_on=D(2026, 6, 19))
    meeting.refresh_from_db()
    assert (meeting.filed_at, meeting.is_late, meeting.minutes) == (filed, True, "补充纪要")


def test_stale_correction_is_refused(tree, gina, four):
    meeting = record(gina, tree.g1, present=four)
    with pytest.raises(ValidationError, match="他人已修改"):
        services.meeting_update(user=gina, meeting=meeting, version=meeting.version - 1, topic="改")


def test_party_lecture_names_its_lecturer(tree, gina, four):
    with pytest.raises(ValidationError, match="授课人"):
        record(gina, tree.g1, kind=MeetingType.LECTURE, present=four)
    assert record(gina, tree.g1, kind=MeetingType.LECTURE, present=four, lecturer="王书记").lecturer == "王书记"


def test_future_meeting_is_refused(tree, gina, four):
    with pytest.raises(ValidationError, match="不能晚于今天"):
        record(gina, tree.g1, held_on=D(2026, 7, 1), present=four)


def test_outsider_and_auditor_cannot_record(tree, charlie, audrey, four):
    for user in (charlie, audrey):
        with pytest.raises(PermissionDenied):
            record(user, tree.g1, present=four)


def test_streets_do_not_record_branch_meetings(tree, alice):
    with pytest.raises(ValidationError, match="党小组"):
        record(alice, tree.s1)


def test_committee_member_must_belong_to_the_organisation(tree, carol, four, member_c3):
    seat_row = services.committee_member_add(user=carol, organization=tree.g1, member=four[0], duty="secretary",
                                             started_on=D(2026, 1, 1))
    assert seat_row.pk
    with pytest.raises(ValidationError, match="支部委员"):
        services.committee_member_add(user=carol, organization=tree.g1, member=four[0], duty="member",
                                      started_on=D(2000, 1, 1))


def test_only_the_district_edits_the_frequency_table(tree, dana, alice):
    from orglife.models import FrequencyRule

    rule = FrequencyRule.objects.get(level="grid", org_type="", meeting_type="members")
    with pytest.raises(PermissionDenied):
        services.rule_update(user=alice, rule=rule, period="month", times=1)
    services.rule_update(user=dana, rule=rule, period="month", times=2)
    rule.refresh_from_db()
    assert (rule.period, rule.times) == ("month", 2)


def test_member_who_moved_to_another_branch_before_the_meeting_is_not_expected(tree, gina, four):
    from organizations.models import MembershipPeriod

    moved = member(tree.g1, name="调走", until=D(2026, 4, 1))
    MembershipPeriod.objects.create(member=moved, organization=tree.g3, started_on=D(2026, 4, 1))
    meeting = record(gina, tree.g1, present=four)
    assert meeting.expected == 4 and not meeting.attendance.filter(member=moved).exists()
