"""Regional-committee pages: list with counts, detail, the forms, outsiders' 404, read-only 403,
and the query count of the detail page (flat in the number of members)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from meetings.models import Body, ChairTerm, DutyReport
from organizations.models import PartTimeMember

from .factories import make_seat, make_unit

pytestmark = pytest.mark.django_db


def test_list_shows_committees_and_counts(client, alice, committee_s1, council_c1, seat_c1):
    client.force_login(alice)
    page = client.get(reverse("meetings:committee-list")).content.decode()
    assert committee_s1.name in page and council_c1.name in page
    assert 'data-count="part_time_members">1<' in page


def test_outsider_sees_neither_the_committee_nor_its_forms(client, charlie, council_c1, seat_c1):
    client.force_login(charlie)
    assert council_c1.name not in client.get(reverse("meetings:committee-list")).content.decode()
    for url in (
        reverse("meetings:committee-detail", args=[council_c1.pk]),
        reverse("meetings:seat-add", args=[council_c1.pk]),
        reverse("meetings:seat-end", args=[seat_c1.pk]),
        reverse("meetings:duty-report-create", args=[seat_c1.pk]),
    ):
        assert client.get(url).status_code == 404


def test_auditor_reads_but_may_not_add(client, audrey, council_c1):
    client.force_login(audrey)
    assert client.get(reverse("meetings:committee-detail", args=[council_c1.pk])).status_code == 200
    assert client.get(reverse("meetings:seat-add", args=[council_c1.pk])).status_code == 403


def test_secretary_sets_up_the_committee_and_seats_a_member(client, carol, tree, unit_s1):
    client.force_login(carol)
    response = client.post(reverse("meetings:committee-create"), {
        "organization": tree.c1.pk, "name": "", "has_rotating_chair": "on", "established_on": "2024-03-01",
    })
    body = Body.objects.get(organization=tree.c1)
    assert response.status_code == 302 and body.has_rotating_chair
    response = client.post(reverse("meetings:seat-add", args=[body.pk]), {
        "name": "钱委员", "unit": unit_s1.pk, "position": "党委书记", "term_start": "2026-01-01",
    })
    assert response.status_code == 302
    seat = PartTimeMember.objects.get(name="钱委员")
    client.post(reverse("meetings:chair-add", args=[body.pk]), {
        "member": seat.pk, "starts_on": "2026-01-01", "ends_on": "2026-06-30",
    })
    assert ChairTerm.objects.filter(body=body, member=seat).exists()
    client.post(reverse("meetings:duty-report-create", args=[seat.pk]), {
        "year": 2026, "reported_on": "2026-12-01", "summary": "协调解决停车难", "matters_solved": 3, "rating": "good",
    })
    assert DutyReport.objects.filter(member=seat, year=2026).exists()
    client.post(reverse("meetings:seat-end", args=[seat.pk]), {"term_end": "2026-12-31"})
    seat.refresh_from_db()
    assert seat.term_end == dt.date(2026, 12, 31)
    page = client.get(reverse("meetings:committee-detail", args=[body.pk])).content.decode()
    assert "钱委员" in page and "协调解决停车难" in page


def test_refused_seat_shows_the_reason_on_the_form(client, carol, council_c1, tree):
    client.force_login(carol)
    response = client.post(reverse("meetings:seat-add", args=[council_c1.pk]), {
        "name": "钱委员", "unit": make_unit(tree.s2, "外街道单位").pk, "term_start": "2026-01-01",
    })
    # The unit of another street is not even a choice.
    assert response.status_code == 200 and not PartTimeMember.objects.filter(name="钱委员").exists()


def test_detail_page_queries_do_not_grow_with_members(client, carol, council_c1, unit_s1, tree,
                                                      django_assert_num_queries):
    client.force_login(carol)
    for i in range(10):
        seat = make_seat(tree.c1, make_unit(tree.s1, name=f"单位{i}"), name=f"委员{i}")
        DutyReport.objects.create(member=seat, year=2025, reported_on=dt.date(2026, 1, 5), summary="x")
    client.get(reverse("meetings:committee-detail", args=[council_c1.pk]))
    # session, user, role grants; the body with its organisation, seats with their units, chair terms
    # with their members, the notifications badge, duty reports (a read writes no session and opens
    # no transaction: issue 9). The same with one member or a hundred.
    with django_assert_num_queries(8):
        assert client.get(reverse("meetings:committee-detail", args=[council_c1.pk])).status_code == 200
