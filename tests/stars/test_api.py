"""API of 五星联创: every step through the API with the services' refusals, the public notice,
objections, and the statistics endpoint at a query count that does not grow with communities."""

from datetime import timedelta

import pytest
from django.urls import reverse

from stars import services
from stars.models import StarApplication, Status

from .bulk import communities_with_stars, total
from .factories import in_notice, pdf, reviewed, submitted

pytestmark = pytest.mark.django_db


def _post(client, name, pk, body=None, **kwargs):
    return client.post(reverse(f"star-application-{name}", args=[pk]), body or {}, format="json", **kwargs)


def test_the_whole_process_through_the_api(api_client, tree, carol, alice, dana, year2026, clock):
    api_client.force_authenticate(carol)
    definition = year2026.definitions.get(code="organisation")
    created = api_client.post(reverse("star-application-list"), {
        "community": tree.c1.code, "definition": definition.pk, "evidence_text": "材料",
    }, format="json")
    assert created.status_code == 201, created.content
    pk = created.data["id"]
    upload = api_client.post(reverse("star-application-evidence", args=[pk]), {"file": pdf()}, format="multipart")
    assert upload.status_code == 201
    assert _post(api_client, "submit", pk).data["status"] == "submitted"
    api_client.force_authenticate(alice)
    assert _post(api_client, "pass", pk, {"comment": "好"}).data["status"] == "reviewed"
    api_client.force_authenticate(dana)
    assert _post(api_client, "approve", pk).data["status"] == "notice"
    clock.shift(timedelta(days=5))
    services.notices_close_due()
    api_client.force_authenticate(carol)
    detail = api_client.get(reverse("star-application-detail", args=[pk])).data
    assert (detail["status"], detail["amount"]) == ("awarded", "20000.00")
    steps = api_client.get(reverse("star-step-list")).data
    rows = steps["results"] if isinstance(steps, dict) else steps
    assert [s["status"] for s in rows] == ["submitted", "reviewed", "notice", "awarded"]


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()


def test_refusals_come_through_the_api_in_chinese(api_client, tree, carol, alice, year2026):
    app = submitted(carol, tree.c1)
    api_client.force_authenticate(carol)
    refused = _post(api_client, "pass", app.pk)
    assert refused.status_code == 403 and "街道" in refused.data["detail"]
    api_client.force_authenticate(alice)
    refused = _post(api_client, "approve", app.pk)
    assert refused.status_code == 400 and "只有街道审核通过" in str(refused.data)
    refused = _post(api_client, "send-back", app.pk, {"comment": ""})
    assert refused.status_code == 400 and "请说明理由" in str(refused.data)
    api_client.force_authenticate(carol)
    refused = _post(api_client, "submit", app.pk)
    assert refused.status_code == 400 and "只有草稿" in str(refused.data)
    passed = reviewed(carol, alice, tree.c1, code="liveable")
    api_client.force_authenticate(alice)
    refused = _post(api_client, "approve", passed.pk)
    assert refused.status_code == 403 and "只有区级" in refused.data["detail"]


def test_outsider_gets_404_through_the_api(api_client, tree, carol, charlie, year2026):
    app = submitted(carol, tree.c1)
    api_client.force_authenticate(charlie)
    assert api_client.get(reverse("star-application-detail", args=[app.pk])).status_code == 404
    assert _post(api_client, "pass", app.pk).status_code == 404


def test_notice_and_objection_through_the_api(api_client, tree, carol, alice, dana, charlie, year2026):
    app = in_notice(carol, alice, dana, tree.c1)
    api_client.force_authenticate(charlie)
    board = api_client.get(reverse("star-notice-list")).data
    rows = board["results"] if isinstance(board, dict) else board
    assert [r["id"] for r in rows] == [app.pk] and "evidence_text" not in rows[0]
    lodged = api_client.post(reverse("star-notice-object", args=[app.pk]), {"text": "有异议"}, format="json")
    assert lodged.status_code == 201
    assert api_client.get(reverse("star-objection-list")).data["count"] == 0  # not the district
    api_client.force_authenticate(dana)
    objections = api_client.get(reverse("star-objection-list")).data["results"]
    assert objections[0]["lodged_by"] == "charlie"
    decided = api_client.post(reverse("star-objection-decide", args=[objections[0]["id"]]),
                              {"decision": "uphold", "reason": "属实"}, format="json")
    assert decided.status_code == 200
    assert StarApplication.objects.get().status == Status.REFUSED


def test_objection_to_a_case_not_in_notice_is_404(api_client, tree, carol, alice, charlie, year2026):
    app = reviewed(carol, alice, tree.c1)
    api_client.force_authenticate(charlie)
    response = api_client.post(reverse("star-notice-object", args=[app.pk]), {"text": "x"}, format="json")
    assert response.status_code == 404


def test_definitions_freeze_through_the_api(api_client, tree, carol, alice, dana, year2026, clock):
    definition = year2026.definitions.get(code="organisation")
    api_client.force_authenticate(dana)
    url = reverse("star-definition-detail", args=[definition.pk])
    assert api_client.patch(url, {"amount": "25000"}, format="json").data["amount"] == "25000.00"
    in_notice(carol, alice, dana, tree.c1)
    clock.shift(timedelta(days=6))
    services.notices_close_due()
    refused = api_client.patch(url, {"amount": "1"}, format="json")
    assert refused.status_code == 400 and "已冻结" in str(refused.data)
    assert StarApplication.objects.get().amount == 25000


def _stats(api_client, root, year=2026):
    return api_client.get("/api/v1/stats/stars/", {"root": root.code, "year": year})


def test_stats_per_star_distribution_and_total(api_client, tree, dana, year2026):
    communities_with_stars(tree.s1, count=3, stars=2, prefix="A")
    communities_with_stars(tree.s2, count=2, stars=5, prefix="B")
    api_client.force_authenticate(dana)
    data = _stats(api_client, tree.district).data
    assert {code: s["count"] for code, s in data["per_star"].items()} == {
        "organisation": 5, "co_governance": 5, "basic_support": 2, "satisfaction": 2, "liveable": 2,
    }
    assert data["distribution"] == {2: 3, 5: 2}
    assert data["award_total"] == f"{total(2, 3) + total(5, 2):.2f}"
    street = _stats(api_client, tree.s1).data
    assert (street["stars_awarded"], street["distribution"]) == (6, {2: 3})


def test_stats_of_a_root_outside_the_users_area_is_refused(api_client, tree, alice, year2026):
    api_client.force_authenticate(alice)
    assert _stats(api_client, tree.s2).status_code == 400


@pytest.mark.parametrize("communities", [2, 40])
def test_stats_cost_the_same_queries_whatever_the_number_of_communities(
    api_client, tree, dana, year2026, communities, django_assert_num_queries
):
    communities_with_stars(tree.s1, count=communities, stars=3)
    api_client.force_authenticate(dana)
    # root lookup (scoped), per-star counts, definitions of
    # the year, per-community counts and amounts (the user's grants are already loaded)
    with django_assert_num_queries(4):
        response = _stats(api_client, tree.district)
    assert response.data["communities_with_stars"] == communities
