"""Cadre pages and API: lists, masked personal data, the export, outsiders' 404."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from tests import export_readback

from .factories import make_cadre, make_course

pytestmark = pytest.mark.django_db

# session read, user, and the top bar's unread count
# (A read opens no transaction and writes no session since issue 9: partybuild.middleware.)
REQUEST_OVERHEAD = 3


def test_cadre_list_costs_the_same_queries_for_many_cadres(client, alice, tree, django_assert_num_queries):
    for i in range(12):
        make_cadre(tree.c1 if i % 2 else tree.c2, name=f"干部标记{i}")
    client.force_login(alice)
    # + grants, statistics, file share, count, rows, "may add" check
    with django_assert_num_queries(REQUEST_OVERHEAD + 6):
        response = client.get(reverse("cadres:cadre-list"))
    assert response.status_code == 200
    assert response.content.decode().count("干部标记") == 12


def test_birth_date_is_masked_on_the_page_the_export_and_the_api(client, alice, tree):
    cadre = make_cadre(tree.c1, name="王芳", birth_date=dt.date(1988, 7, 9), phone="13812345678")
    client.force_login(alice)
    assert "1988-07-09" not in client.get(reverse("cadres:cadre-detail", args=[cadre.pk])).content.decode()
    book = load_workbook(BytesIO(client.get(reverse("cadres:cadre-export")).content))
    cells = [c for row in book.active.iter_rows(values_only=True) for c in row]
    assert "王芳" in cells and not any("1988-07-09" in str(c) for c in cells)
    api = APIClient()
    api.force_authenticate(alice)
    body = api.get("/api/v1/community-cadres/").content.decode()
    assert "王芳" in body and "1988-07-09" not in body and "13812345678" not in body


def test_cadre_export_is_a_formatted_workbook_and_recorded(client, alice, tree):
    make_cadre(tree.c1, name="王芳", post="secretary")
    make_cadre(tree.c2, name="李强")
    client.force_login(alice)
    response = client.get(reverse("cadres:cadre-export"), {"q": "王"})
    ws = export_readback.assert_formatted(response, sheet="社区干部名册", title="中华路街道党工委 社区干部名册",
                                          file_start="社区干部名册-中华路街道党工委-")
    assert [ws.cell(row=3, column=c).value for c in (1, 4)] == [1, "王芳"]
    assert ws.max_row == 3  # the filter applies: 李强 is not in the file
    record = export_readback.last_record(alice, "cadres:cadre-export")
    assert (record.query, record.total_rows) == ("q=%E7%8E%8B", 1)


def test_outsider_gets_404(client, charlie, tree):
    cadre = make_cadre(tree.c1, post="secretary")
    client.force_login(charlie)
    assert client.get(reverse("cadres:cadre-detail", args=[cadre.pk])).status_code == 404
    assert client.get(reverse("cadres:cadre-edit", args=[cadre.pk])).status_code == 404


def test_training_page_lists_the_cadres_below_seven_days(client, carol, tree):
    make_cadre(tree.c1, name="未达标")
    client.force_login(carol)
    body = client.get(reverse("cadres:training")).content.decode()
    assert "未达标" in body


def test_course_page_records_attendance(client, carol, tree):
    cadre = make_cadre(tree.c1, name="参训人")
    course = make_course(tree.c1)
    client.force_login(carol)
    client.post(reverse("cadres:course-detail", args=[course.pk]), {"cadre": cadre.pk})
    assert course.attendances.get().days == course.days


def test_cadre_form_creates_a_secretary_with_a_file(client, carol, tree):
    client.force_login(carol)
    response = client.post(reverse("cadres:cadre-create"), {
        "community": tree.c1.pk, "name": "周书记", "post": "secretary", "since": "2021-01-01",
        "birth_date": "1980-01-01", "education": "bachelor", "exam_result": "passed", "is_active": "on",
    })
    assert response.status_code == 302
    cadre = tree.c1.cadres.get()
    assert cadre.secretary_file is not None
    page = client.get(reverse("cadres:file-edit", args=[cadre.secretary_file.pk])).content.decode()
    assert "缺少" in page
