"""Branch committee seats (支委会): the pages list, add, correct and end seats; the service refuses
overlapping seats, two secretaries at once and an end before the start; a committee meeting's quorum
counts the seats recorded here; outsiders get 404, auditors 403."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from orglife import services
from orglife.models import CommitteeMember, MeetingType

from .factories import member, seat

D = dt.date


@pytest.fixture
def branch(tree):
    return [member(tree.g1, name=n) for n in ("甲", "乙", "丙", "丁")]


def test_secretary_adds_a_seat_through_the_page(client, tree, carol, branch):
    client.force_login(carol)
    url = reverse("orglife:seat-add", args=[tree.g1.pk])
    form = client.get(url)
    # The member field searches as you type within the branch, listing only the selected option.
    assert "data-picker-url" in form.content.decode() and f"within={tree.g1.pk}" in form.content.decode()
    response = client.post(url, {"member": branch[0].pk, "duty": "secretary", "started_on": "2026-01-01"})
    assert response.status_code == 302 and response.url == reverse("orglife:committee-detail", args=[tree.g1.pk])
    row = CommitteeMember.objects.get()
    assert (row.member, row.duty, row.started_on, row.ended_on) == (branch[0], "secretary", D(2026, 1, 1), None)
    page = client.get(response.url).content.decode()
    assert "甲" in page and "在任" in page


def test_a_member_outside_the_branch_is_refused(client, tree, carol, branch, member_c3):
    client.force_login(carol)
    response = client.post(reverse("orglife:seat-add", args=[tree.g1.pk]),
                           {"member": member_c3.pk, "duty": "member", "started_on": "2026-01-01"})
    assert response.status_code == 200 and response.context["form"].errors["member"]
    assert not CommitteeMember.objects.exists()


def test_overlapping_seat_of_the_same_member_is_refused(tree, carol, branch):
    seat(tree.g1, branch[0], since=D(2024, 1, 1), until=D(2025, 12, 31))
    with pytest.raises(ValidationError, match="该党员在此期间已是支部委员"):
        services.committee_member_add(user=carol, organization=tree.g1, member=branch[0], duty="member",
                                      started_on=D(2025, 6, 1))
    # The day after the old seat ended is free.
    services.committee_member_add(user=carol, organization=tree.g1, member=branch[0], duty="member",
                                  started_on=D(2026, 1, 1))


def test_one_secretary_at_a_time(client, tree, carol, branch):
    seat(tree.g1, branch[0], since=D(2024, 1, 1), duty="secretary")
    client.force_login(carol)
    response = client.post(reverse("orglife:seat-add", args=[tree.g1.pk]),
                           {"member": branch[1].pk, "duty": "secretary", "started_on": "2026-03-01"})
    assert "此期间已有其他党员任支部书记" in response.content.decode()
    old = CommitteeMember.objects.get()
    client.post(reverse("orglife:seat-end", args=[old.pk]), {"ended_on": "2026-02-28", "version": old.version})
    client.post(reverse("orglife:seat-add", args=[tree.g1.pk]),
                {"member": branch[1].pk, "duty": "secretary", "started_on": "2026-03-01"})
    assert CommitteeMember.objects.filter(duty="secretary").count() == 2


def test_end_before_start_is_refused_in_chinese(client, tree, carol, branch):
    row = seat(tree.g1, branch[0], since=D(2026, 1, 1))
    client.force_login(carol)
    response = client.post(reverse("orglife:seat-end", args=[row.pk]), {"ended_on": "2025-12-31"})
    assert "任职结束日期不能早于开始日期" in response.content.decode()
    row.refresh_from_db()
    assert row.ended_on is None


def test_ending_a_seat_twice_is_refused(tree, carol, branch):
    row = seat(tree.g1, branch[0], since=D(2026, 1, 1))
    services.committee_member_end(user=carol, seat=row, ended_on=D(2026, 5, 31))
    with pytest.raises(ValidationError, match="该任职已经结束"):
        services.committee_member_end(user=carol, seat=row, ended_on=D(2026, 6, 1))


def test_edit_changes_duty_and_dates_with_the_version(client, tree, carol, branch):
    row = seat(tree.g1, branch[0], since=D(2026, 1, 1))
    client.force_login(carol)
    url = reverse("orglife:seat-edit", args=[row.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"duty": "deputy", "started_on": "2026-02-01", "version": row.version})
    row.refresh_from_db()
    assert (row.duty, row.started_on, row.version) == ("deputy", D(2026, 2, 1), 2)
    stale = client.post(url, {"duty": "member", "started_on": "2026-02-01", "version": 1})
    assert stale.status_code == 200
    row.refresh_from_db()
    assert row.duty == "deputy"


def test_ended_seat_no_longer_counts_towards_a_committee_meetings_quorum(tree, carol, gina, branch):
    """Seats recorded on these pages are what the quorum of a 支委会 counts, as of the meeting date."""
    rows = [services.committee_member_add(user=carol, organization=tree.g1, member=m, duty="member",
                                          started_on=D(2026, 1, 1)) for m in branch[:3]]
    services.committee_member_end(user=carol, seat=rows[2], ended_on=D(2026, 3, 31))
    meeting = services.meeting_record(user=gina, organization=tree.g1, meeting_type=MeetingType.COMMITTEE,
                                      held_on=D(2026, 6, 10), topic="支委会", present_ids=[branch[0].pk])
    # Two seats open on 10 June; one present is not more than half.
    assert (meeting.quorum_base, meeting.quorum_present, meeting.is_counted) == (2, 1, False)


def test_list_counts_serving_seats_in_one_query(client, tree, alice, branch, django_assert_num_queries):
    seat(tree.g1, branch[0], since=D(2026, 1, 1))
    seat(tree.g1, branch[1], since=D(2025, 1, 1), until=D(2025, 12, 31))
    client.force_login(alice)
    # session, user, grants, count, the page of organisations with their open seats counted, the bell
    # (a read opens no transaction and writes no session)
    with django_assert_num_queries(6):
        page = client.get(reverse("orglife:committee-list"))
    counts = {org.code: org.seats_open for org in page.context["orgs"]}
    assert counts["G1"] == 1 and counts["C1"] == 0


def test_outsider_gets_404_and_auditor_403(client, tree, charlie, audrey, branch):
    row = seat(tree.g1, branch[0])
    client.force_login(charlie)
    for url in (reverse("orglife:committee-detail", args=[tree.g1.pk]), reverse("orglife:seat-edit", args=[row.pk]),
                reverse("orglife:seat-end", args=[row.pk]), reverse("orglife:seat-add", args=[tree.g1.pk])):
        assert client.get(url).status_code == 404, url
    client.force_login(audrey)
    assert client.get(reverse("orglife:committee-detail", args=[tree.g1.pk])).status_code == 200
    assert client.get(reverse("orglife:seat-add", args=[tree.g1.pk])).status_code == 403
    assert client.post(reverse("orglife:seat-end", args=[row.pk]), {"ended_on": "2026-06-01"}).status_code == 403
