"""Exports with personal data in full are recorded bulk reveals (issue 7, personal-data policy).

A district administrator's export used to hold every ID number and phone in full, unrecorded.
A plain export is masked for every role; an export in full asks for a purpose and records one
access per row before the file is written.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from audit import services as audit_services
from audit.models import PersonalDataAccess
from organizations.models import Member
from partybuild.personal import HIDDEN_DATE, mask_id_number
from services.models import Demand
from services.services import needy_register
from tests.conftest import make_user
from tests.organizations.factories import MemberFactory

MEMBERS = reverse("imports:member-export")
PURPOSE = {"purpose": "inspection", "purpose_detail": "2026年党员信息核查"}


@pytest.fixture
def members(tree, member_c1):
    return [member_c1, MemberFactory(name="张伟", branch=tree.c2, phone="13600002222"),
            MemberFactory(name="王芳", branch=tree.g1, phone="")]


def rows(response) -> list[dict]:
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    return list(csv.DictReader(io.StringIO(response.getvalue().decode("utf-8-sig"))))


@pytest.mark.parametrize("actor", ["dana", "alice", "carol"])
def test_a_plain_member_export_is_masked_for_every_role(client, members, actor, request):
    client.force_login(request.getfixturevalue(actor))
    exported = client.get(MEMBERS, {"format": "csv", "subtree": "S1"})
    text = exported.getvalue().decode("utf-8-sig")
    for member in members:
        assert member.id_number not in text and member.birth_date.isoformat() not in text
    assert "13600002222" not in text and mask_id_number(members[0].id_number) in text
    assert not PersonalDataAccess.objects.exists()


def test_a_plain_export_shows_the_age_instead_of_the_birth_date(client, members, dana):
    client.force_login(dana)
    row = next(r for r in rows(client.get(MEMBERS, {"format": "csv"})) if r["姓名"] == members[0].name)
    assert row["出生日期"] == HIDDEN_DATE and row["年龄"].isdigit()


@pytest.mark.parametrize("actor", ["dana", "alice"])
def test_an_export_in_full_records_one_access_per_row(client, members, actor, request):
    user = request.getfixturevalue(actor)
    client.force_login(user)
    form = client.get(MEMBERS, {"format": "csv", "reveal": "1"})
    assert form.status_code == 200 and "audit/export_purpose.html" in [t.name for t in form.templates]
    assert not PersonalDataAccess.objects.exists()  # asking for the form reveals nothing

    exported = rows(client.post(f"{MEMBERS}?format=csv&reveal=1", PURPOSE, REMOTE_ADDR="10.0.0.8"))

    assert {r["身份证号"] for r in exported} == {m.id_number for m in members}
    accesses = PersonalDataAccess.objects.filter(user=user)
    assert accesses.count() == len(exported) == len(members)
    assert {a.object_id for a in accesses} == {m.pk for m in members}
    access = accesses.get(object_id=members[1].pk)
    assert (access.field, access.purpose, access.purpose_detail, access.ip_address, access.organization) == (
        "id_number,phone,birth_date", "inspection", PURPOSE["purpose_detail"], "10.0.0.8", members[1].branch)


def test_the_register_names_the_fields_an_export_revealed(client, members, dana):
    client.force_login(dana)
    client.post(f"{MEMBERS}?format=csv&reveal=1", PURPOSE)
    page = client.get(reverse("audit:access-list")).content.decode()
    assert "身份证号、联系电话、出生日期" in page


def test_an_export_in_full_follows_the_filters(client, members, alice):
    client.force_login(alice)
    exported = rows(client.post(f"{MEMBERS}?format=csv&reveal=1&subtree=C2", PURPOSE))
    assert [r["姓名"] for r in exported] == ["张伟"]
    assert PersonalDataAccess.objects.get().object_id == members[1].pk


@pytest.mark.parametrize("missing", ["purpose", "purpose_detail"])
def test_without_a_purpose_there_is_no_file_and_nothing_recorded(client, members, dana, missing):
    client.force_login(dana)
    response = client.post(f"{MEMBERS}?format=csv&reveal=1", {**PURPOSE, missing: ""})
    assert response.status_code == 200 and not response.has_header("Content-Disposition")
    assert response.context["form"].errors[missing]
    assert members[0].id_number not in response.content.decode()
    assert not PersonalDataAccess.objects.exists()


@pytest.mark.parametrize("actor", ["carol", "gina", "audrey"])
def test_roles_that_may_not_reveal_get_no_export_in_full(client, members, actor, request):
    client.force_login(request.getfixturevalue(actor))
    assert client.get(MEMBERS, {"reveal": "1"}).status_code == 403
    assert client.post(f"{MEMBERS}?format=csv&reveal=1", PURPOSE).status_code == 403
    assert not PersonalDataAccess.objects.exists()


def test_rows_outside_the_reveal_area_refuse_the_whole_file(client, tree, members):
    from accounts.models import Role, RoleAssignment

    mixed = make_user("mixed", Role.STREET_OFFICIAL, tree.s2)
    RoleAssignment.objects.create(user=mixed, role=Role.AUDITOR, organization=tree.s1)
    MemberFactory(name="赵强", branch=tree.g3)
    client.force_login(mixed)
    response = client.post(f"{MEMBERS}?format=csv&reveal=1", PURPOSE)
    assert response.status_code == 200 and not response.has_header("Content-Disposition")
    assert response.context["form"].non_field_errors()
    assert members[0].id_number not in response.content.decode()
    assert not PersonalDataAccess.objects.exists()
    # Narrowed to the street where they may reveal, the same user gets the file.
    assert len(rows(client.post(f"{MEMBERS}?format=csv&reveal=1&subtree=S2", PURPOSE))) == 1


def test_the_member_list_offers_the_export_in_full_only_to_roles_that_may_reveal(client, members, alice, carol):
    list_url = reverse("organizations:member-list")
    client.force_login(alice)
    assert "reveal=1" in client.get(list_url).content.decode()
    client.force_login(carol)
    assert "reveal=1" not in client.get(list_url).content.decode()


def test_a_bulk_reveal_writes_its_accesses_in_one_insert(tree, dana):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def reveal(count: int) -> list[str]:
        objs = list(Member.objects.filter(pk__in=[MemberFactory(branch=tree.g1).pk for _ in range(count)]))
        with CaptureQueriesContext(connection) as ctx:
            assert audit_services.personal_data_reveal_bulk(user=dana, objs=objs, fields=["phone"], **PURPOSE) == count
        return [q["sql"] for q in ctx.captured_queries]

    reveal(1)  # the user's role grants are loaded once, then cached
    few, many = reveal(2), reveal(12)
    assert len(few) == len(many)  # the rows' organisations in one query, whatever their number
    assert sum(sql.startswith("INSERT") for sql in many) == 1
    assert PersonalDataAccess.objects.count() == 15


# The ledgers with phones: needy households and residents' demands.

def _sheet(response):
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content)).active


def test_demand_ledger_is_masked_for_the_district_admin_and_in_full_as_a_recorded_reveal(client, tree, dana):
    for phone in ("13712345678", "13712340000"):
        Demand.objects.create(organization=tree.c1, received_on=dt.date.today(), source="letter",
                              resident_name="张", phone=phone, content="路灯不亮")
    url = reverse("services:demand-export")
    client.force_login(dana)
    masked = _sheet(client.get(url))
    # Title, export date and column titles above the rows (partybuild.workbooks).
    assert {masked.cell(row=r, column=5).value for r in (4, 5)} == {"137****5678", "137****0000"}
    full = _sheet(client.post(f"{url}?reveal=1", PURPOSE))
    assert {full.cell(row=r, column=5).value for r in (4, 5)} == {"13712345678", "13712340000"}
    assert PersonalDataAccess.objects.filter(content_type__model="demand", field="phone").count() == 2


def test_needy_ledger_in_full_records_the_households(client, tree, carol, alice):
    tree.household1.phone = "13812345678"
    tree.household1.save(update_fields=["phone"])
    needy_register(user=carol, household=tree.household1, category="low_income")
    client.force_login(alice)
    full = _sheet(client.post(f"{reverse('services:needy-export')}?reveal=1", PURPOSE))
    assert full.cell(row=4, column=4).value == "13812345678"
    access = PersonalDataAccess.objects.get()
    assert (access.content_type.model, access.object_id, access.organization) == (
        "household", tree.household1.pk, tree.g1)
