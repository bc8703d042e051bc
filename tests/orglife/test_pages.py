"""Pages: recording on the two-step form, the record, evidence, compliance table and its export, rules."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from orglife import services
from orglife.models import Evidence, FrequencyRule, Meeting, MeetingType
from tests import export_readback

from .factories import member

D = dt.date


@pytest.fixture
def g1_members(tree):
    return [member(tree.g1, name=n) for n in ("甲", "乙", "丙")]


@pytest.fixture
def meeting(tree, gina, g1_members):
    return services.meeting_record(user=gina, organization=tree.g1, meeting_type=MeetingType.MEMBERS,
                                   held_on=D(2026, 6, 10), topic="学习党章", present_ids=[g1_members[0].pk])


def test_recording_form_lists_members_as_of_the_date_and_files_the_meeting(client, tree, gina, g1_members):
    later = member(tree.g1, name="后来者", since=D(2026, 6, 15))
    client.force_login(gina)
    url = reverse("orglife:meeting-record")
    start = {"organization": tree.g1.pk, "meeting_type": "members", "held_on": "2026-06-10"}
    page = client.get(url, start)
    assert page.status_code == 200
    names = [m.name for m, _present, _reason in page.context["expected"]]
    assert names == ["丙", "乙", "甲"] or set(names) == {"甲", "乙", "丙"}
    assert later.name not in page.content.decode()
    response = client.post(url, {**start, "topic": "学习党章", "present": [g1_members[0].pk, g1_members[1].pk],
                                 f"reason_{g1_members[2].pk}": "sick"})
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response.url == reverse("orglife:meeting-detail", args=[meeting.pk])
    assert (meeting.present, meeting.is_counted) == (2, True)
    assert meeting.attendance.get(member=g1_members[2]).absence_reason == "sick"


def test_recording_form_shows_the_service_message(client, tree, gina, g1_members):
    client.force_login(gina)
    response = client.post(reverse("orglife:meeting-record"), {
        "organization": tree.g1.pk, "meeting_type": "lecture", "held_on": "2026-06-10", "topic": "党课",
    })
    assert response.status_code == 200 and "党课须填写授课人" in response.content.decode()
    assert not Meeting.objects.exists()


def test_auditor_cannot_record(client, tree, audrey, g1_members):
    client.force_login(audrey)
    response = client.get(reverse("orglife:meeting-record"),
                          {"organization": tree.g1.pk, "meeting_type": "members", "held_on": "2026-06-10"})
    assert response.status_code == 403


def test_outsider_gets_404_on_the_record_and_its_attendance_rates(client, tree, charlie, meeting):
    client.force_login(charlie)
    assert client.get(reverse("orglife:meeting-detail", args=[meeting.pk])).status_code == 404
    assert client.get(reverse("orglife:attendance-rates", args=[tree.g1.pk])).status_code == 404


def test_meeting_list_query_count(client, tree, carol, meeting, django_assert_num_queries):
    client.force_login(carol)
    # session, user, grants, count, the bell's unread count, the page of meetings with their
    # organisation (one join): 6 (a read opens no transaction and writes no session: issue 9)
    with django_assert_num_queries(6):
        response = client.get(reverse("orglife:home"))
    assert response.status_code == 200 and "学习党章" in response.content.decode()


def test_evidence_is_uploaded_checked_and_downloaded_as_attachment(client, tree, gina, carol, charlie, meeting):
    client.force_login(gina)
    pdf = SimpleUploadedFile("纪要.pdf", b"%PDF-1.4 minutes", content_type="application/pdf")
    client.post(reverse("orglife:evidence-add", args=[meeting.pk]), {"kind": "minutes", "file": pdf})
    evidence = Evidence.objects.get()
    fake = SimpleUploadedFile("x.pdf", b"<html>", content_type="application/pdf")
    response = client.post(reverse("orglife:evidence-add", args=[meeting.pk]), {"kind": "photo", "file": fake},
                           follow=True)
    assert "不是可接受的文件" in response.content.decode() or Evidence.objects.count() == 1
    assert Evidence.objects.count() == 1
    client.force_login(carol)
    download = client.get(reverse("orglife:evidence-download", args=[evidence.pk]))
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    client.force_login(charlie)
    assert client.get(reverse("orglife:evidence-download", args=[evidence.pk])).status_code == 404


def test_attendance_rate_per_member(client, tree, gina, g1_members, meeting):
    services.meeting_record(user=gina, organization=tree.g1, meeting_type=MeetingType.THEMED_DAY,
                            held_on=D(2026, 6, 11), topic="主题党日", present_ids=[m.pk for m in g1_members])
    client.force_login(gina)
    rows = {r["member__name"]: r["rate"] for r in
            client.get(reverse("orglife:attendance-rates", args=[tree.g1.pk])).context["rows"]}
    assert rows == {"甲": 100, "乙": 50, "丙": 50}


def test_compliance_page_and_export(client, tree, alice, meeting, django_assert_num_queries):
    client.force_login(alice)
    # session, user, the rule table, grants, counted meetings per (org, type, month), the
    # organisations, the bell: 7, whatever the number of branches (no transaction, no session write)
    with django_assert_num_queries(7):
        page = client.get(reverse("orglife:compliance"), {"year": 2026, "quarter": 2})
    assert page.status_code == 200
    assert page.context["total"] == 4 and page.context["short_count"] == 4
    export = client.get(reverse("orglife:compliance-export"), {"year": 2026, "quarter": 2})
    sheet = export_readback.assert_formatted(
        export, sheet="三会一课落实情况", title="中华路街道党工委 组织生活落实情况 2026年第2季度（应开/实开）",
        file_start="三会一课落实情况-中华路街道党工委-2026年第2季度-", header_row=3)
    values = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    assert values[3][0] == 1
    assert {row[2] for row in values[3:]} == {"C1", "C2", "G1", "B1"}


def test_only_the_district_edits_rules_on_the_page(client, tree, dana, alice):
    rule = FrequencyRule.objects.get(level="grid", org_type="", meeting_type="members")
    client.force_login(alice)
    assert client.get(reverse("orglife:rule-edit", args=[rule.pk])).status_code == 404
    client.force_login(dana)
    response = client.post(reverse("orglife:rule-edit", args=[rule.pk]),
                           {"period": "month", "times": 1, "version": rule.version})
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.period == "month"


def test_recording_form_prefills_the_roster_as_of_the_date_all_present(client, tree, gina, g1_members):
    """The secretary starts from the branch's members on the meeting date, every one ticked present,
    and unticks the absentees: nobody types a name."""
    left = member(tree.g1, name="已转出", since=D(2020, 1, 1), until=D(2026, 5, 31))
    stayed_until_after = member(tree.g1, name="六月底转出", since=D(2020, 1, 1), until=D(2026, 6, 30))
    client.force_login(gina)
    start = {"organization": tree.g1.pk, "meeting_type": "themed_day", "held_on": "2026-06-10"}
    page = client.get(reverse("orglife:meeting-record"), start)
    roster = {m.name: present for m, present, _reason in page.context["expected"]}
    assert roster == {"甲": True, "乙": True, "丙": True, "六月底转出": True}
    html = page.content.decode()
    assert left.name not in html
    assert html.count('name="present"') == html.count(" checked>") == 4
    absent = g1_members[1]
    present = [m.pk for m in (*g1_members, stayed_until_after) if m != absent]
    client.post(reverse("orglife:meeting-record"), {**start, "topic": "主题党日", "present": present,
                                                    f"reason_{absent.pk}": "work"})
    meeting = Meeting.objects.get()
    assert (meeting.expected, meeting.present) == (4, 3)
    assert list(meeting.attendance.filter(is_present=False).values_list("member__name", "absence_reason")) == [
        ("乙", "work")]
