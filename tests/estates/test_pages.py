"""Pages: lists with pinned query counts, the outsider's 404, forms that write through the services."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from estates import services
from estates.models import ServiceUnit, UnitBuilding
from tests import export_readback

from .factories import credit_code, make_company, make_unit

pytestmark = pytest.mark.django_db

# session read, user, and the top bar's unread count
# (A read opens no transaction and writes no session since issue 9: partybuild.middleware.)
REQUEST_OVERHEAD = 3


@pytest.mark.parametrize("name", ["home", "company-list", "unit-list", "committee-list", "item-list", "record-list"])
def test_every_list_answers(client, carol, unit_c1, name):
    client.force_login(carol)
    assert client.get(reverse(f"estates:{name}")).status_code == 200


def test_unit_list_costs_the_same_queries_for_many_units(client, alice, tree, company, django_assert_num_queries):
    for i in range(12):
        make_unit(tree.c1 if i % 2 else tree.c2, company, name=f"单元标记{i}")
    client.force_login(alice)
    # + grants, count, rows (community and company joined, buildings counted), "may add" check
    with django_assert_num_queries(REQUEST_OVERHEAD + 4):
        response = client.get(reverse("estates:unit-list"))
    assert response.content.decode().count("单元标记") == 12


def test_company_list_costs_the_same_queries_for_many_companies(client, alice, tree, django_assert_num_queries):
    for i in range(12):
        make_unit(tree.c1, make_company(tree.s1, name=f"企业标记{i}"))
    client.force_login(alice)
    # + grants, count, rows (branch, instructor joined; units counted), "may register" check
    with django_assert_num_queries(REQUEST_OVERHEAD + 4):
        response = client.get(reverse("estates:company-list"))
    assert response.content.decode().count("企业标记") == 12


def test_home_counts_units_and_companies(client, alice, tree, company):
    make_unit(tree.c1, company)
    make_unit(tree.c2, company)
    make_unit(tree.c1, None)
    client.force_login(alice)
    stats = client.get(reverse("estates:home")).context["stats"]
    assert stats["units_by_mode"] == {"company": 2, "self_managed": 1, "owners_committee": 0,
                                      "management_committee": 0}
    assert stats["companies_by_party_status"]["none"] == 1


def test_outsider_gets_404(client, charlie, unit_c1, company):
    client.force_login(charlie)
    assert client.get(reverse("estates:unit-detail", args=[unit_c1.pk])).status_code == 404
    assert client.get(reverse("estates:company-detail", args=[company.pk])).status_code == 404
    assert client.post(reverse("estates:unit-building", args=[unit_c1.pk])).status_code == 404


def test_auditor_sees_a_unit_without_its_forms(client, audrey, unit_c1):
    client.force_login(audrey)
    page = client.get(reverse("estates:unit-detail", args=[unit_c1.pk]))
    assert page.status_code == 200 and page.context["management_form"] is None
    assert client.post(reverse("estates:unit-building", args=[unit_c1.pk])).status_code == 403


def test_street_registers_a_company_through_the_form(client, alice, tree):
    client.force_login(alice)
    response = client.post(reverse("estates:company-create"), {
        "registrar": tree.s1.pk, "name": "中建物业", "credit_code": "91350100M000100Y44", "party_status": "none",
    })
    assert "校验位有误" in response.content.decode()
    code = credit_code()
    response = client.post(reverse("estates:company-create"), {
        "registrar": tree.s1.pk, "name": "中建物业", "credit_code": code, "party_status": "none",
    })
    assert response.status_code == 302


def test_secretary_cannot_open_the_register_form(client, carol):
    client.force_login(carol)
    assert client.get(reverse("estates:company-create")).status_code == 403


@time_machine.travel(dt.datetime(2026, 6, 1, 9, tzinfo=dt.UTC))
def test_secretary_creates_a_unit_and_adds_a_building(client, carol, tree, company):
    client.force_login(carol)
    response = client.post(reverse("estates:unit-create"), {
        "community": tree.c1.pk, "code": "XCH-01", "name": "西城壕小区", "management_mode": "company",
        "company": company.pk, "households": 300,
    })
    unit = ServiceUnit.objects.get(code="XCH-01")
    assert response.status_code == 302 and unit.periods.get().started_on == dt.date(2026, 6, 1)
    response = client.post(reverse("estates:unit-building", args=[unit.pk]), {"building": tree.building1.pk})
    assert response.status_code == 302
    assert UnitBuilding.objects.get().unit == unit
    # The building is taken now: it is no longer offered to another unit.
    other = make_unit(tree.c1, company, name="第二小区")
    page = client.get(reverse("estates:unit-detail", args=[other.pk]))
    assert list(page.context["building_form"].fields["building"].queryset) == []


@time_machine.travel(dt.datetime(2026, 6, 1, 9, tzinfo=dt.UTC))
def test_change_of_management_form_shows_the_refusal(client, carol, unit_c1):
    client.force_login(carol)
    response = client.post(reverse("estates:unit-management", args=[unit_c1.pk]), {
        "management_mode": "company", "company": "", "on": "2026-06-01", "version": unit_c1.version,
    })
    assert "须指明物业企业" in response.content.decode()


@time_machine.travel(dt.datetime(2026, 6, 1, 9, tzinfo=dt.UTC))
def test_committee_page_warns_and_adds_members(client, carol, unit_c1):
    committee = services.committee_create(
        user=carol, unit=unit_c1, kind="owners_committee", elected_on=dt.date(2020, 12, 1),
        term_start=dt.date(2021, 1, 1), term_end=dt.date(2026, 1, 1),
    )
    client.force_login(carol)
    url = reverse("estates:committee-detail", args=[committee.pk])
    assert "没有新的选举记录" in client.get(url).content.decode()
    response = client.post(url, {"name": "刘芳", "committee_role": "chair", "phone": "13800001111"})
    assert response.status_code == 302
    assert committee.members.get().name == "刘芳"
    assert "138****1111" in client.get(url).content.decode() or "1111" in client.get(url).content.decode()


def test_complaint_pages_record_answer_and_close(client, carol, tree, unit_c1):
    client.force_login(carol)
    response = client.post(reverse("estates:complaint-create"), {
        "unit": unit_c1.pk, "matter": "elevator", "description": "电梯停运", "household": tree.household1.pk,
    })
    assert response.status_code == 302
    complaint = unit_c1.complaints.get()
    url = reverse("estates:complaint-detail", args=[complaint.pk])
    assert "登记答复" in client.get(url).content.decode()
    client.post(reverse("estates:complaint-answer", args=[complaint.pk]), {"answer": "已修复", "version": 1})
    client.post(reverse("estates:complaint-close", args=[complaint.pk]), {"satisfaction": 5, "version": 2})
    complaint.refresh_from_db()
    assert (complaint.complaint_status, complaint.satisfaction) == ("closed", 5)


def test_complaint_list_costs_the_same_queries_for_many(client, carol, tree, unit_c1, django_assert_num_queries):
    for i in range(12):
        services.complaint_record(user=carol, unit=unit_c1, matter="water", description=f"投诉标记{i}",
                                  household=tree.household1)
    client.force_login(carol)
    # + grants, count, rows (unit, community, company, report joined), "may add" check
    with django_assert_num_queries(REQUEST_OVERHEAD + 4):
        response = client.get(reverse("estates:complaint-list"))
    assert response.content.decode().count("重复投诉") == 11


def test_outsider_gets_404_on_a_complaint(client, carol, charlie, unit_c1):
    complaint = services.complaint_record(user=carol, unit=unit_c1, matter="water", description="漏水")
    client.force_login(charlie)
    assert client.get(reverse("estates:complaint-detail", args=[complaint.pk])).status_code == 404
    assert client.post(reverse("estates:complaint-answer", args=[complaint.pk])).status_code == 404


@pytest.mark.parametrize("name", ["complaint-list", "complaint-create", "survey-list", "inspection-list"])
def test_complaint_area_pages_answer(client, carol, unit_c1, name):
    client.force_login(carol)
    assert client.get(reverse(f"estates:{name}")).status_code == 200


def test_list_page_proposes_confirms_and_decides(client, alice, dana, tree, company, unit_c1):
    from estates.models import ListEntry

    client.force_login(alice)
    response = client.post(reverse("estates:list"), {"company": company.pk, "street": tree.s1.pk, "kind": "black",
                                                      "evidence": "电梯事故"})
    assert response.status_code == 302
    entry = ListEntry.objects.get()
    page = client.get(reverse("estates:list")).content.decode()
    # The street may confirm; the district's decision is not offered to it.
    assert reverse("estates:list-confirm", args=[entry.pk]) in page
    assert reverse("estates:list-list", args=[entry.pk]) not in page
    client.post(reverse("estates:list-confirm", args=[entry.pk]), {"version": entry.version})
    client.force_login(dana)
    client.post(reverse("estates:list-list", args=[entry.pk]),
                {"starts_on": "2026-01-01", "expires_on": "2026-12-31", "version": 2})
    entry.refresh_from_db()
    assert entry.list_status == "listed"


def test_outsider_gets_404_on_a_list_step(client, alice, charlie, tree, company, unit_c1):
    entry = services.list_propose(user=alice, company=company, street=tree.s1, kind="red", evidence="好")
    client.force_login(charlie)
    assert client.post(reverse("estates:list-confirm", args=[entry.pk])).status_code == 404


def test_export_holds_both_sheets_in_the_import_format_and_is_formula_safe(client, carol, tree):
    from io import BytesIO

    from openpyxl import load_workbook

    company = make_company(tree.s1, name="=HYPERLINK(1)")
    make_unit(tree.c1, company, name="西城壕小区", code="XCH-1")
    make_unit(tree.c3, make_company(tree.s2, name="杨园物业"), name="杨园小区")
    client.force_login(carol)
    response = client.get(reverse("estates:registers-export"))
    export_readback.assert_formatted(response, sheet="物业企业", title="西城壕社区党委 物业企业名册（",
                                     file_start="物业企业和服务单元名册-西城壕社区党委-")
    book = load_workbook(BytesIO(response.content))
    companies = list(book["物业企业"].values)[1:]  # below the title row
    units = list(book["物业服务单元"].values)[1:]
    assert companies[0] == ("序号", "统一社会信用代码", "名称", "党建状态", "党组织编码", "联系人", "电话")
    assert [row[2] for row in companies[1:]] == ["'=HYPERLINK(1)"]
    assert units[1:] == [(1, "XCH-1", "西城壕小区", "C1", "company", company.credit_code)]
    assert export_readback.last_record(carol, "estates:registers-export").total_rows == 2
