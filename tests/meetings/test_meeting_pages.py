"""Meeting pages: a secretary opens a monthly series, records attendees, presence and minutes on
the meeting page, closes it (the next one opens), prints the minutes; outsiders get 404."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from meetings import meeting_services as ms
from meetings.models import Attendee, Meeting

pytestmark = pytest.mark.django_db
APRIL = dt.datetime(2026, 4, 10, 9, tzinfo=dt.UTC)


@pytest.fixture
def april(carol, council_c1):
    series = ms.series_create(user=carol, body=council_c1, first_on=dt.date(2026, 4, 8), title="四月联席会",
                              place="党群服务中心")
    return series.meetings.get()


@time_machine.travel(APRIL)
def test_secretary_records_and_closes_a_meeting(client, carol, council_c1, seat_c1):
    client.force_login(carol)
    response = client.post(reverse("meetings:meeting-create"), {
        "body": council_c1.pk, "title": "大党委月度联席会", "held_on": "2026-04-08", "place": "党群服务中心",
        "recurrence": "monthly",
    })
    meeting = Meeting.objects.get(title="大党委月度联席会")
    assert response.status_code == 302
    detail = reverse("meetings:meeting-detail", args=[meeting.pk])
    client.post(reverse("meetings:attendees-part-time", args=[meeting.pk]))
    client.post(reverse("meetings:attendee-add", args=[meeting.pk]), {"kind": "resident", "name": "居民代表"})
    ids = list(meeting.attendees.values_list("pk", flat=True))
    client.post(reverse("meetings:attendance", args=[meeting.pk]), {"present": ids})
    client.post(reverse("meetings:meeting-edit", args=[meeting.pk]), {
        "title": meeting.title, "place": meeting.place, "minutes": "议定事项如下。", "version": meeting.version,
    })
    preview = client.get(reverse("meetings:meeting-close", args=[meeting.pk])).content.decode()
    assert "结束会议前还需" not in preview
    response = client.post(reverse("meetings:meeting-close", args=[meeting.pk]))
    assert response.status_code == 302 and response["Location"] == detail
    meeting.refresh_from_db()
    assert meeting.status == "closed"
    assert Meeting.objects.get(series=meeting.series, status="open").held_on == dt.date(2026, 5, 8)
    printed = client.get(reverse("meetings:meeting-print", args=[meeting.pk])).content.decode()
    assert "议定事项如下" in printed and seat_c1.name in printed


def test_close_page_lists_what_is_missing(client, carol, april):
    client.force_login(carol)
    page = client.get(reverse("meetings:meeting-close", args=[april.pk])).content.decode()
    assert "结束会议前请填写会议纪要" in page and "disabled" in page


def test_outsider_gets_404_and_auditor_403(client, charlie, audrey, april):
    client.force_login(charlie)
    assert client.get(reverse("meetings:meeting-detail", args=[april.pk])).status_code == 404
    assert client.post(reverse("meetings:meeting-close", args=[april.pk])).status_code == 404
    client.force_login(audrey)
    assert client.get(reverse("meetings:meeting-detail", args=[april.pk])).status_code == 200
    assert client.post(reverse("meetings:attendee-add", args=[april.pk]), {"kind": "resident", "name": "x"}
                       ).status_code == 403
    assert not Attendee.objects.exists()


def test_move_page(client, carol, april):
    client.force_login(carol)
    client.post(reverse("meetings:meeting-move", args=[april.pk]), {"held_on": "2026-04-13", "reason": "区里开会"})
    april.refresh_from_db()
    assert april.held_on == dt.date(2026, 4, 13) and april.planned_on == dt.date(2026, 4, 8)


def test_list_shows_meetings_of_the_scope(client, alice, charlie, april):
    client.force_login(alice)
    assert "四月联席会" in client.get(reverse("meetings:meeting-list")).content.decode()
    client.force_login(charlie)
    assert "四月联席会" not in client.get(reverse("meetings:meeting-list")).content.decode()
