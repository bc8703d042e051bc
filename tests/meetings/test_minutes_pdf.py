"""The minutes as a PDF: Chinese text in the built-in CID font, numbered pages, a draft mark while the
meeting is open, a scoped download."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from meetings import meeting_services as ms

from .pdf_reader import page_count, page_texts

pytestmark = pytest.mark.django_db
APRIL = dt.datetime(2026, 4, 10, 9, tzinfo=dt.UTC)


@pytest.fixture
def closed_april(carol, april, seat_c1):
    with time_machine.travel(APRIL):
        ms.attendees_add_part_time_members(user=carol, meeting=april)
        absent = ms.attendee_add(user=carol, meeting=april, kind="resident", name="居民代表王五")
        present = set(april.attendees.exclude(pk=absent.pk).values_list("pk", flat=True))
        ms.attendance_record(user=carol, meeting=april, present=present, reasons={absent.pk: "出差"})
        # Enough lines that the minutes run over more than one page.
        minutes = "\n".join(f"第{n}项：清理三号楼楼道堆放的杂物" for n in range(1, 121))
        ms.meeting_update(user=carol, meeting=april, minutes=minutes)
        ms.meeting_close(user=carol, meeting=april)
    april.refresh_from_db()
    return april


def test_closed_minutes_download_as_a_pdf_with_chinese_text_and_numbered_pages(client, alice, closed_april, seat_c1):
    client.force_login(alice)
    response = client.get(reverse("meetings:meeting-pdf", args=[closed_april.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    pdf = response.content
    assert pdf.startswith(b"%PDF-") and b"/BaseFont /STSong-Light" in pdf
    pages = page_count(pdf)
    texts = page_texts(pdf)
    assert pages > 1 and len(texts) == pages
    first, last = texts[0], texts[-1]
    assert "大党委月度联席会" in first and "党群服务中心" in first
    assert seat_c1.name in first and "居民代表王五（出差）" in first
    assert "第1项：清理三号楼楼道堆放的杂物" in first and "第120项" in "".join(texts)
    assert f"第 1 页，共 {pages} 页" in first and f"第 {pages} 页，共 {pages} 页" in last
    assert "召集人签字" in last and "草稿" not in "".join(texts)


def test_an_open_meetings_pdf_is_marked_as_a_draft(client, carol, april):
    client.force_login(carol)
    pdf = client.get(reverse("meetings:meeting-pdf", args=[april.pk])).content
    assert page_count(pdf) == 1
    assert "草稿" in page_texts(pdf)[0]


def test_outsider_gets_404_for_the_pdf(client, charlie, april):
    client.force_login(charlie)
    assert client.get(reverse("meetings:meeting-pdf", args=[april.pk])).status_code == 404
