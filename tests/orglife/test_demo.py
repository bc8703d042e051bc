"""The demo seeder: a year of organisational life with gaps, consistent with the rules."""

from __future__ import annotations

import pytest
from django.db.models import Count, Q

from organizations import demo
from organizations.models import Organization
from orglife import rules
from orglife.models import Attendance, CommitteeMember, Meeting
from orglife.reminders import remind_due  # noqa: F401  (the module imports cleanly next to the seeder)
from orglife.selectors import Window, compliance_of, meeting_organizations_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(monkeypatch):
    monkeypatch.setattr(demo, "ACTIVITY_SEEDERS", ("orglife.demo",))
    return demo.seed(scale="small", seed=7)


def test_small_demo_has_a_year_of_records_with_gaps(seeded):
    counts = seeded.counts
    assert counts["organisational-life records"] == Meeting.objects.count() > 300
    assert counts["attendance rows"] == Attendance.objects.count() > 0
    assert counts["committee seats"] == CommitteeMember.objects.count() > 0
    assert Meeting.objects.filter(is_late=True).exists() and Meeting.objects.filter(is_counted=False).exists()
    _cols, rows = compliance_of(orgs=meeting_organizations_all(), meetings=Meeting.objects.all(),
                                window=Window(2026, quarter=1))
    short = [r for r in rows if r.is_short]
    assert 0 < len(short) < len(rows)


def test_demo_counts_agree_with_attendance_and_membership_on_the_date(seeded):
    with_rows = Meeting.objects.annotate(
        n=Count("attendance"), p=Count("attendance", filter=Q(attendance__is_present=True))
    ).filter(n__gt=0)
    assert with_rows.exists()
    assert not with_rows.exclude(n=models_f("expected")).exists()
    assert not with_rows.exclude(p=models_f("present")).exists()
    for meeting in with_rows.select_related("organization")[:20]:
        org = Organization.objects.get(pk=meeting.organization_id)
        assert rules.members_on(org, meeting.held_on).count() == meeting.expected


def test_demo_lectures_name_their_lecturer_and_late_flags_match_filing(seeded):
    assert not Meeting.objects.filter(meeting_type="lecture", lecturer="").exists()
    for m in Meeting.objects.all()[:200]:
        assert m.is_late == rules.is_late(held_on=m.held_on, filed_on=m.filed_at.date(), late_after_days=7)


def models_f(name):
    from django.db.models import F

    return F(name)
