"""Ledger pages: entry forms work end to end, outsiders get 404, list pages have pinned query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from reports.models import GridReport
from services.models import Assistance, Fulfilment, GridVisit, Pledge
from services.services import demand_create, needy_register, pledge_create
from tests.organizations.factories import MemberFactory
from tests.services.factories import (
    DemandFactory,
    HouseholdFactory,
    NeedyFactory,
    PledgeFactory,
    PledgeItemFactory,
    VisitFactory,
)

ITEM = {"content": "每月走访独居老人", "deadline": dt.date(2026, 5, 31), "target": "走访不少于10户"}


@pytest.fixture
def pledge(carol, member_c1):
    return pledge_create(user=carol, member=member_c1, year=2026, items=[ITEM])


@pytest.fixture
def demand(gina, tree):
    return demand_create(user=gina, organization=tree.g1, received_on=dt.date(2026, 3, 1), source="hotline",
                         resident_name="张桂英", phone="13712345678", content="路灯坏了", household=tree.household1)


def test_home_shows_this_years_counts(client, gina, pledge):
    client.force_login(gina)
    response = client.get(reverse("services:home"))
    assert response.status_code == 200
    assert response.context["counts"]["pledges"] == 1


def test_grid_worker_logs_a_hazard_visit_from_the_phone_form(client, gina, tree, worker, category):
    client.force_login(gina)
    url = reverse("services:visit-create")
    assert client.get(url).status_code == 200  # one grid: no picker
    response = client.post(url, {
        "household": tree.household1.pk, "worker": worker.pk, "visited_on": "2026-06-01",
        "kinds": ["household_visit", "hazard_found"], "hazard_category": category.pk,
        "hazard_description": "电动车楼道充电",
    })
    visit = GridVisit.objects.get()
    assert response.status_code == 302 and visit.report == GridReport.objects.get()


def test_hazard_without_description_rerenders_the_form_with_the_data(client, gina, tree, worker, category):
    client.force_login(gina)
    response = client.post(reverse("services:visit-create"), {
        "household": tree.household1.pk, "worker": worker.pk, "visited_on": "2026-06-01",
        "kinds": ["hazard_found"], "hazard_category": category.pk, "notes": "三楼东户",
    })
    assert response.status_code == 200 and "hazard_description" in response.context["form"].errors
    assert "三楼东户" in response.content.decode()
    assert not GridVisit.objects.exists() and not GridReport.objects.exists()


def test_user_with_several_grids_picks_one_first(client, dana, alice, tree):
    client.force_login(dana)
    response = client.get(reverse("services:visit-create"))
    assert response.templates[0].name == "services/pick.html"
    client.force_login(alice)
    assert client.get(reverse("services:visit-create") + f"?grid={tree.grid3.pk}").templates[0].name == \
        "services/pick.html"  # an outsider's grid is not offered


def test_pledge_form_with_items(client, carol, tree, member_c1):
    client.force_login(carol)
    url = reverse("services:pledge-create") + f"?org={tree.g1.pk}"
    data = {"member": member_c1.pk, "year": 2026, "items-TOTAL_FORMS": 3, "items-INITIAL_FORMS": 0,
            "items-MIN_NUM_FORMS": 1, "items-MAX_NUM_FORMS": 1000,
            "items-0-content": "帮扶困难户", "items-0-deadline": "2026-09-30", "items-0-target": "帮扶2户"}
    response = client.post(url, {**data, "items-0-target": ""})
    assert response.status_code == 200 and not Pledge.objects.exists()
    response = client.post(url, data)
    assert response.status_code == 302
    assert Pledge.objects.get().items.get().target == "帮扶2户"


def test_demand_is_reported_in_one_click(client, gina, demand, category):
    client.force_login(gina)
    response = client.post(reverse("services:demand-report", args=[demand.pk]), {"category": category.pk})
    assert response.status_code == 302
    demand.refresh_from_db()
    assert demand.report.description == "路灯坏了"


def test_pages_mask_phones_even_for_the_district_admin(client, gina, dana, demand):
    for user in (gina, dana):
        client.force_login(user)
        body = client.get(reverse("services:demand-list")).content.decode()
        assert "13712345678" not in body and "137****5678" in body


@pytest.mark.parametrize("name", ["pledge-detail", "demand-detail", "needy-detail", "visit-detail"])
def test_outsider_gets_404(client, charlie, carol, gina, tree, pledge, demand, worker, name):
    needy = needy_register(user=carol, household=tree.household1, category="low_income")
    visit = VisitFactory(grid=tree.grid1, household=tree.household1, worker=worker)
    pk = {"pledge-detail": pledge.pk, "demand-detail": demand.pk, "needy-detail": needy.pk,
          "visit-detail": visit.pk}[name]
    client.force_login(charlie)
    assert client.get(reverse(f"services:{name}", args=[pk])).status_code == 404
    client.force_login(carol)
    assert client.get(reverse(f"services:{name}", args=[pk])).status_code == 200


def _plant_many(tree, worker, n=6):
    for _i in range(n):
        VisitFactory(grid=tree.grid1, household=tree.household1, worker=worker, heart_to_heart=True)
        DemandFactory(organization=tree.g1)
    for _ in range(n):
        pledge = PledgeFactory(member=MemberFactory(branch=tree.g1))
        item = PledgeItemFactory(pledge=pledge)
        Fulfilment.objects.create(item=item, done_on=dt.date(2026, 3, 1), description="走访独居老人")

    household = HouseholdFactory(building=tree.building1)
    for category in ("low_income", "disabled", "very_old"):
        needy = NeedyFactory(household=household, category=category, responsible=MemberFactory(branch=tree.g1))
        Assistance.objects.create(needy=needy, given_on=dt.date(2026, 2, 1), helper="社区党委", content="慰问")


# Every page pays 3 (session read, user, the top bar's unread count: a read opens no transaction and
# writes no session, issue 9); a list adds the role grants, the paginator's count and
# the page of rows (relations joined, aggregates annotated), however many rows there are.
LIST_QUERIES = 3 + 3

@pytest.mark.parametrize("name", ["visit-list", "pledge-list", "fulfilment-list", "needy-list", "demand-list"])
def test_list_pages_have_a_fixed_number_of_queries(client, alice, tree, worker, member_c1, name,
                                                   django_assert_num_queries):
    _plant_many(tree, worker, n=1)
    client.force_login(alice)
    url = reverse(f"services:{name}")
    with django_assert_num_queries(LIST_QUERIES):
        assert client.get(url).status_code == 200
    _plant_many(tree, worker, n=8)
    with django_assert_num_queries(LIST_QUERIES):
        assert client.get(url).status_code == 200


def test_pages_speak_chinese_by_default(client, carol):
    client.force_login(carol)
    body = client.get(reverse("services:home")).content.decode()
    assert "党员承诺" in body and "困难群众" in body and "Member pledges" not in body


def test_detail_pages_link_to_the_edit_history(client, carol, pledge, demand):
    client.force_login(carol)
    body = client.get(reverse("services:pledge-detail", args=[pledge.pk])).content.decode()
    assert reverse("audit:history", args=["services", "pledge", pledge.pk]) in body
    body = client.get(reverse("services:demand-detail", args=[demand.pk])).content.decode()
    assert reverse("audit:history", args=["services", "demand", demand.pk]) in body


def test_history_of_a_demand_never_shows_the_whole_phone(client, alice, demand):
    client.force_login(alice)
    response = client.get(reverse("audit:history", args=["services", "demand", demand.pk]))
    assert response.status_code == 200
    assert "13712345678" not in response.content.decode()


def test_auditor_is_not_offered_entry_forms(client, audrey):
    client.force_login(audrey)
    for name in ("home", "visit-list", "demand-list"):
        body = client.get(reverse(f"services:{name}")).content.decode()
        assert reverse("services:visit-create") not in body and reverse("services:demand-create") not in body


def test_fulfilment_form_takes_an_evidence_photo_and_refuses_a_disguised_file(client, gina, pledge, tmp_path, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    client.force_login(gina)
    item = pledge.items.get()
    url = reverse("services:fulfilment-create", args=[item.pk])
    bad = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00binary", content_type="image/jpeg")
    response = client.post(url, {"done_on": "2026-03-01", "description": "走访5户", "evidence_file": bad})
    assert response.status_code == 200 and "evidence_file" in response.context["form"].errors
    good = SimpleUploadedFile("photo.jpg", b"\xff\xd8\xff\xe0" + b"0" * 32, content_type="image/jpeg")
    response = client.post(url, {"done_on": "2026-03-01", "description": "走访5户", "evidence_file": good})
    assert response.status_code == 302
    assert item.fulfilments.get().evidence_file.name.endswith(".jpg")


@pytest.mark.parametrize("name", ["needy-edit", "demand-edit", "pledge-evaluate", "pledge-item-add"])
def test_a_reader_is_refused_the_edit_pages(client, audrey, carol, gina, tree, pledge,
                                                                     demand, name):
    needy = needy_register(user=carol, household=tree.household1, category="low_income")
    pk = {"needy-edit": needy.pk, "demand-edit": demand.pk}.get(name, pledge.pk)
    client.force_login(audrey)  # the auditor reads S1's ledgers and changes none of them
    response = client.post(reverse(f"services:{name}", args=[pk]))
    assert response.status_code == 403
    client.force_login(carol)
    assert client.post(reverse(f"services:{name}", args=[pk])).status_code == 200  # the form, with its errors


def test_pledge_form_refuses_a_nonsense_year_with_the_models_message(client, carol, tree, member_c1):
    client.force_login(carol)
    url = reverse("services:pledge-create") + f"?org={tree.g1.pk}"
    data = {"member": member_c1.pk, "year": 1999, "items-TOTAL_FORMS": 1, "items-INITIAL_FORMS": 0,
            "items-MIN_NUM_FORMS": 1, "items-MAX_NUM_FORMS": 1000,
            "items-0-content": "帮扶困难户", "items-0-deadline": "1999-09-30", "items-0-target": "帮扶2户"}
    response = client.post(url, data)
    assert response.status_code == 200 and not Pledge.objects.exists()
    assert response.context["form"].errors["year"] == ["确保该值大于或等于2000。"]


def test_assistance_form_refuses_a_negative_amount_on_the_amount_field(client, carol, tree):
    needy = needy_register(user=carol, household=tree.household1, category="low_income")
    client.force_login(carol)
    response = client.post(reverse("services:assistance-create", args=[needy.pk]),
                           {"given_on": "2026-02-01", "helper": "社区党委", "content": "米面油", "amount": "-5"})
    assert response.status_code == 200 and not Assistance.objects.exists()
    assert response.context["assistance_form"].errors["amount"] == ["确保该值大于或等于0。"]


@pytest.mark.parametrize("name", ["visit-list", "pledge-list", "fulfilment-list", "needy-list", "demand-list",
                                  "visit-export", "demand-export", "stats"])
def test_nonsense_filters_on_a_page_are_ignored_not_a_crash(client, alice, name):
    client.force_login(alice)
    response = client.get(reverse(f"services:{name}"), {"year": "1e20", "start": "2026-13-45", "end": "x",
                                                        "kind": "nope", "page": "-1"})
    assert response.status_code == 200
