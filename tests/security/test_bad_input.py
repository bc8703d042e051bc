"""Bad input gets a clear message and writes nothing. Fills the gaps left by tests/imports and
tests/organizations: empty and non-text files, NUL bytes, absurd cells, broken xlsx rows, and
cycles when moving a subtree through the page and the API."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from imports.models import ImportJob, JobStatus
from organizations.models import Member, Organization
from tests.imports import MEMBER_HEADERS, XLSX, upload
from tests.organizations.factories import valid_id_number

HEADER = (",".join(MEMBER_HEADERS) + "\n").encode()


@pytest.fixture
def en_alice(client, alice, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(alice)
    return client


def _upload(client, name: str, data: bytes, content_type: str, kind: str = "members"):
    return client.post(reverse("imports:upload"),
                       {"kind": kind, "file": SimpleUploadedFile(name, data, content_type=content_type)})


@pytest.mark.parametrize(("name", "data", "content_type", "message"), [
    ("m.csv", b"", "text/csv", "The submitted file is empty"),
    ("m.xlsx", b"", XLSX, "The submitted file is empty"),
    ("m.csv", bytes(range(128, 256)) * 10, "text/csv", "neither UTF-8 nor GBK"),
    # NUL bytes: binary, not a CSV, whatever the name says (partybuild.files).
    ("m.csv", HEADER.decode().encode("utf-16"), "text/csv", "does not match its name"),
    ("m.csv", b"name,gender\x00\n\x00\x00,1\n", "text/csv", "does not match its name"),
    ("m.csv", HEADER, "text/csv", "column titles but no rows"),
])
def test_unreadable_or_empty_files_are_refused_with_a_message(en_alice, tree, name, data, content_type, message):
    response = _upload(en_alice, name, data, content_type)
    assert response.status_code == 200 and message in response.content.decode()
    assert not ImportJob.objects.exists() and not Member.objects.exists()


def test_absurd_cells_reject_the_row_not_the_server(en_alice, tree):
    birth = dt.date(1980, 1, 1)
    rows = [MEMBER_HEADERS,
            ["名" * 50_000, "男", birth.isoformat(), valid_id_number(birth, 1), "", "2005-07-01", "", "G1"]]
    response = en_alice.post(reverse("imports:upload"), {"kind": "members", "file": upload(rows, name="m.csv",
                                                                                           content_type="text/csv")})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and job.status == JobStatus.FAILED and job.rejected_count == 1
    assert job.errors[0]["row"] == 2 and job.errors[0]["reason"]
    assert not Member.objects.exists()


@pytest.mark.parametrize("name", ["m.csv", "m.xlsx"])
def test_absurdly_wide_files_are_refused_before_reading(en_alice, tree, name):
    """2,000 extra column titles: refused with the limit named, no job, nothing written."""
    rows = [MEMBER_HEADERS + [f"extra{i}" for i in range(2000)]]
    response = en_alice.post(reverse("imports:upload"), {"kind": "members", "file": upload(
        rows, name=name, content_type="text/csv" if name.endswith(".csv") else XLSX)})
    assert response.status_code == 200 and "at most 100 columns" in response.content.decode()
    assert not ImportJob.objects.exists() and not Member.objects.exists()


def test_xlsx_with_broken_rows_reports_each_row_and_writes_nothing(en_alice, tree):
    birth = dt.date(1982, 2, 3)
    rows = [
        MEMBER_HEADERS,
        ["好行", "男", birth.isoformat(), valid_id_number(birth, 11), "", "2005-07-01", "", "G1"],
        ["日期坏", "男", "not a date", valid_id_number(birth, 12), "", "2005-07-01", "", "G1"],
        ["性别坏", "?", birth.isoformat(), valid_id_number(birth, 13), "", "2005-07-01", "", "G1"],
        ["组织坏", "女", birth.isoformat(), valid_id_number(birth, 14), "", "2005-07-01", "", "NOPE"],
        ["电话坏", "女", birth.isoformat(), valid_id_number(birth, 15), "12345", "2005-07-01", "", "G1"],
        ["入党早于出生", "女", birth.isoformat(), valid_id_number(birth, 16), "", "1970-07-01", "", "G1"],
        [None, None, None, None, None, None, None, None],
        [12345, dt.datetime(2020, 1, 1), 3.5, True, None, "x", None, 7],
    ]
    response = en_alice.post(reverse("imports:upload"), {"kind": "members", "file": upload(rows)})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and job.status == JobStatus.FAILED
    rejected = {e["row"] for e in job.errors}
    assert {3, 4, 5, 6, 7, 9} <= rejected and 2 not in rejected
    assert all(e["reason"] for e in job.errors)
    assert not Member.objects.exists()


def test_moving_an_organisation_under_its_own_descendant_is_refused_on_the_page(en_alice, tree):
    url = reverse("organizations:move", args=[tree.c1.pk])
    # A community can only sit under a street, so try the deepest legal-looking cycle: S1 under G1.
    response = en_alice.post(reverse("organizations:move", args=[tree.s1.pk]), {"parent": "G1"})
    assert response.status_code == 200 and Organization.objects.get(pk=tree.s1.pk).path == tree.s1.path
    response = en_alice.post(url, {"parent": "C1"})
    assert response.status_code == 200 and response.context["form"].errors
    tree.c1.refresh_from_db()
    tree.c1.refresh_from_db()
    assert tree.c1.path.startswith(tree.s1.path) and tree.c1.depth == tree.s1.depth + 1


def test_moving_an_organisation_under_itself_or_below_is_refused_by_the_api(dana, tree):
    api = APIClient()
    api.force_authenticate(dana)
    before = dict(Organization.objects.values_list("code", "path"))
    for org, parent in ((tree.c1, "C1"), (tree.c1, "G1"), (tree.s1, "B1"), (tree.s1, "S1")):
        response = api.post(reverse("organization-move", args=[org.pk]), {"parent": parent}, format="json")
        assert response.status_code == 400 and response.json(), (org.code, parent, response.status_code)
    assert dict(Organization.objects.values_list("code", "path")) == before


def test_duplicate_code_through_the_api_is_a_400_and_creates_nothing(alice, tree):
    api = APIClient()
    api.force_authenticate(alice)
    count = Organization.objects.count()
    body = {"parent": "S1", "code": "C2", "name": "重复", "level": "community", "org_type": "branch"}
    response = api.post(reverse("organization-list"), body, format="json")
    assert response.status_code == 400 and "code" in str(response.json())
    assert Organization.objects.count() == count
