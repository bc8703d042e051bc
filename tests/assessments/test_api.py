"""API: schemes for everyone, runs for the district, results scoped, approvals as actions."""

from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from assessments import services
from assessments.models import Result, ResultStatus

PERIOD = "2026S1"


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def results(scheme, dana, fixed, django_capture_on_commit_callbacks):
    fixed["a"] = {"C1": D(95), "C2": D(80), "C3": D(90)}
    with django_capture_on_commit_callbacks(execute=True):
        services.rollup_start(user=dana, scheme=scheme, period=PERIOD)
    return {r.organization.code: r for r in Result.objects.filter(period=PERIOD).select_related("organization")}


def test_schemes_with_their_tree(api, scheme, alice, django_assert_num_queries):
    api.force_authenticate(alice)
    # count, schemes, their indicators with parents (one prefetch); a read opens no transaction
    with django_assert_num_queries(3):
        body = api.get("/api/v1/assessment-schemes/").json()
    codes = [i["code"] for i in body["results"][0]["indicators"]]
    assert codes == ["A", "A1", "A2", "B"]


def test_run_is_for_the_district(api, scheme, alice, dana, django_capture_on_commit_callbacks):
    api.force_authenticate(alice)
    assert api.post(f"/api/v1/assessment-schemes/{scheme.pk}/run/", {"period": PERIOD}).status_code == 403
    api.force_authenticate(dana)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(f"/api/v1/assessment-schemes/{scheme.pk}/run/", {"period": "2026Q9"})
    assert response.status_code == 400


def test_ranking_through_the_api_is_scoped(api, results, alice):
    api.force_authenticate(alice)
    body = api.get("/api/v1/assessment-results/", {"period": PERIOD, "level": "community"}).json()
    assert [(r["organization_code"], r["rank"]) for r in body["results"]] == [("C1", 1), ("C2", 3)]


def test_outsider_gets_404(api, results, charlie):
    api.force_authenticate(charlie)
    assert api.get(f"/api/v1/assessment-results/{results['C1'].pk}/").status_code == 404


def test_approve_and_send_back(api, results, alice):
    api.force_authenticate(alice)
    response = api.post(f"/api/v1/assessment-results/{results['C2'].pk}/send-back/", {"reason": ""})
    assert response.status_code == 400
    response = api.post(f"/api/v1/assessment-results/{results['C2'].pk}/send-back/", {"reason": "缺走访"})
    assert response.json()["status"] == ResultStatus.SENT_BACK and response.json()["reason"] == "缺走访"
    response = api.post(f"/api/v1/assessment-results/{results['C1'].pk}/approve/", {})
    assert response.status_code == 200 and response.json()["status"] == ResultStatus.APPROVED
    response = api.post(f"/api/v1/assessment-results/{results['S1'].pk}/approve/", {})
    assert response.status_code == 403


def test_district_grants_an_exception(api, results, dana, alice):
    until = (timezone.now() + timedelta(days=1)).isoformat()
    api.force_authenticate(alice)
    assert api.post("/api/v1/assessment-lock-exceptions/", {"organization": "C1", "until": until,
                                                              "reason": "补录"}).status_code == 403
    api.force_authenticate(dana)
    response = api.post("/api/v1/assessment-lock-exceptions/", {"organization": "C1", "until": until, "reason": "补录"})
    assert response.status_code == 201 and response.json()["organization_code"] == "C1"
