"""包联: leaders and units paired with a community take its annual score as their own, ranked with
ties sharing a rank; recorded by the street or the district, not by the community itself."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from assessments import selectors, services
from assessments.models import Pairing, Result

PERIOD = "2026S1"


@pytest.fixture
def scored(scheme, dana, fixed, django_capture_on_commit_callbacks):
    fixed["a"] = {"C1": D(95), "C2": D(80), "C3": D(95)}
    with django_capture_on_commit_callbacks(execute=True):
        services.rollup_start(user=dana, scheme=scheme, period=PERIOD)
    return {r.organization.code: r for r in Result.objects.filter(period=PERIOD).select_related("organization")}


def test_a_pairing_takes_its_communitys_score_and_ties_share_a_rank(scored, alice, dana, tree):
    services.pairing_create(user=alice, community=tree.c1, year=2026, kind="leader", name="王建国", position="区委常委")
    services.pairing_create(user=alice, community=tree.c2, year=2026, kind="unit", name="区供电公司")
    services.pairing_create(user=dana, community=tree.c3, year=2026, kind="leader", name="李海燕")
    ranking = {p.name: p for p in selectors.pairing_ranking(user=dana, year=2026)}
    c1 = scored["C1"].total
    assert ranking["王建国"].score == c1 == ranking["李海燕"].score
    assert ranking["王建国"].rank == ranking["李海燕"].rank == 1
    assert ranking["区供电公司"].rank == 3 and ranking["区供电公司"].score == scored["C2"].total
    assert ranking["王建国"].open_results == 1  # not yet approved: provisional
    assert [p.name for p in selectors.pairing_ranking(user=alice, year=2026)] == ["王建国", "区供电公司"]


def test_only_the_street_or_the_district_records_pairings(carol, charlie, tree, db):
    with pytest.raises(PermissionDenied, match="包联"):
        services.pairing_create(user=carol, community=tree.c1, year=2026, kind="leader", name="x")
    with pytest.raises(PermissionDenied):
        services.pairing_create(user=charlie, community=tree.c1, year=2026, kind="leader", name="x")


def test_a_pairing_is_recorded_once_per_year(alice, tree, db):
    services.pairing_create(user=alice, community=tree.c1, year=2026, kind="leader", name="王建国")
    with pytest.raises(ValidationError, match="已与该社区包联"):
        services.pairing_create(user=alice, community=tree.c1, year=2026, kind="leader", name="王建国")


def test_the_pairings_page_and_api(client, scored, alice, charlie, tree):
    client.force_login(alice)
    response = client.post(reverse("assessments:pairings") + "?year=2026", {
        "year": 2026, "community": tree.c1.pk, "kind": "leader", "name": "王建国", "position": "区委常委"})
    assert response.status_code == 302
    page = client.get(reverse("assessments:pairings"), {"year": 2026}).content.decode()
    assert "王建国" in page and f"{scored['C1'].total:.2f}" in page and "暂定" in page
    api = APIClient()
    api.force_authenticate(charlie)
    assert api.get("/api/v1/assessment-pairings/", {"year": 2026}).json()["count"] == 0
    api.force_authenticate(alice)
    row = api.get("/api/v1/assessment-pairings/", {"year": 2026}).json()["results"][0]
    assert (row["name"], row["rank"], row["is_provisional"]) == ("王建国", 1, True)
    pairing = Pairing.objects.get()
    client.force_login(charlie)
    assert client.post(reverse("assessments:pairing-delete", args=[pairing.pk])).status_code == 404
