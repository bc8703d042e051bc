"""The OpenAPI document and the API docs: complete, valid, warning-free and served without a CDN."""

from __future__ import annotations

import re

import pytest
import yaml
from django.contrib.staticfiles import finders
from django.core.management import call_command
from drf_spectacular.validation import validate_schema

from partybuild.api_urls import router

# API operations the schema must list, each with exactly these methods; a new app adds its own here.
# (Every registered viewset is checked to be documented below, so none goes missing unlisted.)
EXPECTED = {
    "/api/v1/auth/token/": {"post"},
    "/api/v1/buildings/": {"get"},
    "/api/v1/buildings/{id}/": {"get"},
    "/api/v1/departments/": {"get"},
    "/api/v1/departments/{id}/": {"get"},
    "/api/v1/grid-workers/": {"get"},
    "/api/v1/grid-workers/{id}/": {"get"},
    "/api/v1/grids/": {"get"},
    "/api/v1/grids/{id}/": {"get"},
    "/api/v1/held-credits/": {"get"},
    "/api/v1/held-credits/{id}/": {"get"},
    "/api/v1/held-credits/{id}/reject/": {"post"},
    "/api/v1/held-credits/{id}/release/": {"post"},
    "/api/v1/star-applications/": {"get", "post"},
    "/api/v1/star-applications/{id}/": {"get", "patch"},
    "/api/v1/star-applications/{id}/approve/": {"post"},
    "/api/v1/star-applications/{id}/evidence/": {"post"},
    "/api/v1/star-applications/{id}/pass/": {"post"},
    "/api/v1/star-applications/{id}/reject/": {"post"},
    "/api/v1/star-applications/{id}/revoke/": {"post"},
    "/api/v1/star-applications/{id}/send-back/": {"post"},
    "/api/v1/star-applications/{id}/submit/": {"post"},
    "/api/v1/star-definitions/": {"get"},
    "/api/v1/star-definitions/{id}/": {"get", "patch"},
    "/api/v1/star-evidence/": {"get"},
    "/api/v1/star-evidence/{id}/": {"get"},
    "/api/v1/star-notices/": {"get"},
    "/api/v1/star-notices/{id}/": {"get"},
    "/api/v1/star-notices/{id}/object/": {"post"},
    "/api/v1/star-objections/": {"get"},
    "/api/v1/star-objections/{id}/": {"get"},
    "/api/v1/star-objections/{id}/decide/": {"post"},
    "/api/v1/star-steps/": {"get"},
    "/api/v1/star-steps/{id}/": {"get"},
    "/api/v1/star-years/": {"get", "post"},
    "/api/v1/star-years/{id}/": {"get", "patch"},
    "/api/v1/stats/stars/": {"get"},
    "/api/v1/households/": {"get"},
    "/api/v1/households/{id}/": {"get"},
    "/api/v1/ledgers/assistance/": {"get"},
    "/api/v1/ledgers/assistance/{id}/": {"get"},
    "/api/v1/ledgers/demands/": {"get", "post"},
    "/api/v1/ledgers/demands/{id}/": {"get", "patch"},
    "/api/v1/ledgers/demands/{id}/report/": {"post"},
    "/api/v1/ledgers/fulfilments/": {"get"},
    "/api/v1/ledgers/fulfilments/{id}/": {"get"},
    "/api/v1/ledgers/needy/": {"get", "post"},
    "/api/v1/ledgers/needy/{id}/": {"get", "patch"},
    "/api/v1/ledgers/needy/{id}/assistance/": {"post"},
    "/api/v1/ledgers/pledge-items/": {"get"},
    "/api/v1/ledgers/pledge-items/{id}/": {"get"},
    "/api/v1/ledgers/pledge-items/{id}/fulfil/": {"post"},
    "/api/v1/ledgers/pledges/": {"get", "post"},
    "/api/v1/ledgers/pledges/{id}/": {"get"},
    "/api/v1/ledgers/pledges/{id}/evaluate/": {"post"},
    "/api/v1/ledgers/pledges/{id}/items/": {"post"},
    "/api/v1/ledgers/statistics/": {"get"},
    "/api/v1/ledgers/visits/": {"get", "post"},
    "/api/v1/ledgers/visits/{id}/": {"get"},
    "/api/v1/members/": {"get", "post"},
    "/api/v1/members/{id}/": {"get", "patch"},
    "/api/v1/members/{id}/status/": {"post"},
    "/api/v1/members/{id}/transfer/": {"post"},
    "/api/v1/notifications/": {"get"},
    "/api/v1/notifications/read-all/": {"post"},
    "/api/v1/notifications/{id}/read/": {"post"},
    "/api/v1/organizations/": {"get", "post"},
    "/api/v1/organizations/{id}/": {"get", "patch"},
    "/api/v1/organizations/{id}/children/": {"get"},
    "/api/v1/organizations/{id}/dissolve/": {"post"},
    "/api/v1/organizations/{id}/move/": {"post"},
    "/api/v1/partner-shops/": {"get", "post"},
    "/api/v1/partner-shops/{id}/": {"get"},
    "/api/v1/personal-data/{app_label}/{model_name}/{id}/reveal/": {"post"},
    "/api/v1/points-entries/": {"get"},
    "/api/v1/points-entries/{id}/": {"get"},
    "/api/v1/redemptions/": {"get", "post"},
    "/api/v1/redemptions/{id}/": {"get"},
    "/api/v1/report-categories/": {"get"},
    "/api/v1/report-categories/{id}/": {"get"},
    "/api/v1/report-statistics/": {"get"},
    "/api/v1/reports/": {"get", "post"},
    "/api/v1/reports/{id}/": {"get"},
    "/api/v1/reports/{id}/accept/": {"post"},
    "/api/v1/reports/{id}/close/": {"post"},
    "/api/v1/reports/{id}/dispatch/": {"post"},
    "/api/v1/reports/{id}/escalate/": {"post"},
    "/api/v1/reports/{id}/reopen/": {"post"},
    "/api/v1/reports/{id}/resolve/": {"post"},
    "/api/v1/reports/{id}/return/": {"post"},
    "/api/v1/reports/{id}/start/": {"post"},
    "/api/v1/service-order-steps/": {"get"},
    "/api/v1/service-order-steps/{id}/": {"get"},
    "/api/v1/service-orders/": {"get", "post"},
    "/api/v1/service-orders/{id}/": {"get"},
    "/api/v1/service-orders/{id}/cancel/": {"post"},
    "/api/v1/service-orders/{id}/complete/": {"post"},
    "/api/v1/service-orders/{id}/dispatch/": {"post"},
    "/api/v1/service-orders/{id}/rate/": {"post"},
    "/api/v1/service-orders/{id}/take/": {"post"},
    "/api/v1/stats/coverage/": {"get"},
    "/api/v1/transfers/": {"get"},
    "/api/v1/transfers/{id}/": {"get"},
    "/api/v1/transfers/{id}/cancel/": {"post"},
    "/api/v1/transfers/{id}/receive/": {"post"},
    "/api/v1/volunteer-teams/": {"get", "post"},
    "/api/v1/volunteer-teams/{id}/": {"get", "patch"},
    "/api/v1/volunteers/": {"get", "post"},
    "/api/v1/volunteers/{id}/": {"get", "patch"},
    # meetings: regional committees
    "/api/v1/meeting-bodies/": {"get", "post"},
    "/api/v1/meeting-bodies/{id}/": {"get", "patch"},
    "/api/v1/meeting-bodies/counts/": {"get"},
    "/api/v1/resident-units/": {"get"},
    "/api/v1/resident-units/{id}/": {"get"},
    "/api/v1/part-time-members/": {"get", "post"},
    "/api/v1/part-time-members/{id}/": {"get"},
    "/api/v1/part-time-members/{id}/end-term/": {"post"},
    "/api/v1/chair-terms/": {"get", "post"},
    "/api/v1/chair-terms/{id}/": {"get"},
    "/api/v1/duty-reports/": {"get", "post"},
    "/api/v1/duty-reports/{id}/": {"get"},
    # meetings: joint meetings
    "/api/v1/meetings/": {"get", "post"},
    "/api/v1/meetings/{id}/": {"get", "patch"},
    "/api/v1/meetings/{id}/move/": {"post"},
    "/api/v1/meetings/{id}/attendees/": {"post"},
    "/api/v1/meetings/{id}/attendance/": {"post"},
    "/api/v1/meetings/{id}/close/": {"post"},
    "/api/v1/meeting-series/": {"get", "post"},
    "/api/v1/meeting-series/{id}/": {"get"},
    "/api/v1/meeting-attendees/": {"get"},
    "/api/v1/meeting-attendees/{id}/": {"get"},
    "/api/v1/meeting-attachments/": {"get"},
    "/api/v1/meeting-attachments/{id}/": {"get"},
    "/api/v1/agenda-items/": {"get", "post"},
    "/api/v1/agenda-items/{id}/": {"get"},
    "/api/v1/agenda-items/{id}/resolve/": {"post"},
    "/api/v1/agenda-items/{id}/defer/": {"post"},
    "/api/v1/agenda-items/{id}/decide/": {"post"},
    "/api/v1/agenda-items/{id}/close/": {"post"},
    "/api/v1/agenda-entries/": {"get"},
    "/api/v1/agenda-entries/{id}/": {"get"},
    "/api/v1/follow-up-tasks/": {"get"},
    "/api/v1/follow-up-tasks/{id}/": {"get"},
    "/api/v1/follow-up-tasks/{id}/done/": {"post"},
}
HTTP_METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture
def schema(client, alice) -> dict:
    client.force_login(alice)
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def test_schema_is_a_valid_openapi_document(schema):
    assert schema["openapi"].startswith("3.")
    validate_schema(schema)  # raises on an invalid document


def test_schema_lists_the_api_operations_with_their_methods(schema):
    operations = {path: {m for m in item if m in HTTP_METHODS} for path, item in schema["paths"].items()}
    assert {path: operations.get(path) for path in EXPECTED} == EXPECTED


def test_every_registered_viewset_is_documented(schema):
    for prefix, _viewset, _basename in router.registry:
        assert f"/api/v1/{prefix}/" in schema["paths"], prefix


def test_coverage_response_is_described(schema):
    ok = schema["paths"]["/api/v1/stats/coverage/"]["get"]["responses"]["200"]
    ref = ok["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    properties = schema["components"]["schemas"][ref]["properties"]
    assert {"root", "levels", "community_types", "members", "members_by_status"} <= set(properties)
    params = schema["paths"]["/api/v1/stats/coverage/"]["get"]["parameters"]
    assert [p["name"] for p in params] == ["root"]


def test_member_list_documents_its_filters(schema):
    names = {p["name"] for p in schema["paths"]["/api/v1/members/"]["get"]["parameters"]}
    assert {"historical", "q", "subtree", "status", "page"} <= names


def test_token_and_session_auth_are_documented(schema):
    assert {"tokenAuth", "cookieAuth"} <= set(schema["components"]["securitySchemes"])


def test_spectacular_validates_without_warnings(tmp_path):
    """The same check as ``manage.py spectacular --validate --fail-on-warn``: any warning fails."""
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    assert "/api/v1/organizations/" in yaml.safe_load(target.read_text())["paths"]


def _local_assets(html: str) -> list[str]:
    assets = re.findall(r'"/static/(drf_spectacular_sidecar/[^"?]+)', html)
    assert assets, "the page loads no sidecar asset"
    return assets


def test_swagger_ui_renders_with_local_assets_only(client, alice):
    client.force_login(alice)
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>" not in html and "<style>" not in html  # the strict CSP allows neither
    # No CDN: every script and stylesheet is served from our static files.
    for ref in re.findall(r'(?:src|href)="([^"]+)"', html):
        assert not ref.startswith(("http:", "https:", "//")), ref
    for asset in _local_assets(html):
        assert finders.find(asset), asset


def test_redoc_renders_with_local_assets_only(client, alice):
    client.force_login(alice)
    response = client.get("/api/redoc/")
    assert response.status_code == 200
    html = response.content.decode()
    # Our template drops the stock one's Google Fonts: no CDN, and the CSP allows none.
    for ref in re.findall(r'(?:src|href)="([^"]+)"', html):
        assert not ref.startswith(("http:", "https:", "//")), ref
    for asset in _local_assets(html):
        assert finders.find(asset), asset
