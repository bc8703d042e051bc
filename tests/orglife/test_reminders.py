"""The reminder before a quarter ends: who gets it, what it says, safe to run twice."""

from __future__ import annotations

import datetime as dt

from notifications.models import Notification
from orglife import services
from orglife.models import FrequencyRule, MeetingType
from orglife.reminders import remind_due
from orglife.tasks import remind_due_meetings

from .factories import member


def test_nothing_is_sent_before_the_last_two_weeks_of_the_quarter(tree, carol, gina):
    assert remind_due(today=dt.date(2026, 6, 1)) == 0
    assert not Notification.objects.exists()


def test_grid_worker_and_community_secretary_are_reminded_once_per_branch_and_quarter(tree, carol, gina, charlie):
    FrequencyRule.objects.exclude(meeting_type=MeetingType.MEMBERS).delete()  # only the quarterly members' meeting
    written = remind_due(today=dt.date(2026, 6, 20))
    # G1, C2 and G3 fall short (C1, a party committee, has no members' meeting rule). G1's nearest account is
    # its grid worker gina (not carol above her); nobody holds those roles over C2 or G3, so nobody is told there.
    got = {(n.recipient.username, n.target_id) for n in Notification.objects.select_related("recipient")}
    assert got == {("gina", tree.g1.pk)}
    assert written == 1
    note = Notification.objects.get()
    assert note.kind == "orglife_due" and "支部党员大会 0/1" in note.body and tree.g1.name in note.title
    assert remind_due(today=dt.date(2026, 6, 21)) == 0  # the next day's sweep: already told
    assert remind_due_meetings.delay().get() == 0


def test_branch_that_held_its_meetings_is_not_reminded(tree, gina, carol):
    FrequencyRule.objects.exclude(meeting_type=MeetingType.MEMBERS).delete()
    people = [member(tree.g1, name=n) for n in ("甲", "乙")]
    services.meeting_record(user=gina, organization=tree.g1, meeting_type=MeetingType.MEMBERS,
                            held_on=dt.date(2026, 5, 5), topic="t", present_ids=[p.pk for p in people])
    remind_due(today=dt.date(2026, 6, 20))
    assert not Notification.objects.filter(target_id=tree.g1.pk).exists()


def test_community_secretary_is_reminded_for_a_branch_without_a_grid_worker(tree, carol):
    FrequencyRule.objects.exclude(meeting_type=MeetingType.MEMBERS).delete()
    remind_due(today=dt.date(2026, 6, 20))
    assert {n.recipient.username for n in Notification.objects.filter(target_id=tree.g1.pk)} == {"carol"}
