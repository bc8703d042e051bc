"""Security headers (issue #16): a strict Content-Security-Policy and a Permissions-Policy on every
page, and an API schema and docs that answer signed-in users only."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse


def directives(response) -> dict[str, set[str]]:
    policy = response.headers["Content-Security-Policy"]
    return {name: set(values) for name, *values in (part.split() for part in policy.split(";") if part.strip())}


@pytest.mark.parametrize("url", ["/login/", "/"])
def test_pages_send_a_strict_content_security_policy(client, alice, url):
    client.force_login(alice)
    csp = directives(client.get(url))
    assert csp["default-src"] == csp["script-src"] == csp["style-src"] == {"'self'"}
    assert csp["img-src"] == {"'self'", "data:"}
    assert csp["object-src"] == csp["frame-ancestors"] == {"'none'"}
    assert csp["form-action"] == {"'self'"}
    assert not any("unsafe" in value for values in csp.values() for value in values)


def test_pages_deny_browser_features_in_the_permissions_policy(client, db):
    policy = client.get("/login/").headers["Permissions-Policy"]
    features = dict(part.strip().split("=", 1) for part in policy.split(","))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert features[feature] == "()", feature


def test_api_responses_carry_the_headers_too(client, alice):
    client.force_login(alice)
    response = client.get("/api/v1/grids/")
    assert "Content-Security-Policy" in response.headers and "Permissions-Policy" in response.headers


def test_anonymous_clients_get_no_api_schema(client, db):
    assert client.get("/api/schema/").status_code in (401, 403)
    assert client.get("/api/schema/", {"format": "json"}).status_code in (401, 403)


@pytest.mark.parametrize("url", ["/api/docs/", "/api/docs/?script=", "/api/redoc/"])
def test_anonymous_browsers_are_sent_from_the_docs_to_the_login_page(client, db, url):
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_signed_in_users_read_the_schema(client, alice):
    client.force_login(alice)
    assert client.get("/api/schema/", {"format": "json"}).json()["openapi"].startswith("3.")


def test_only_the_redoc_page_relaxes_styles(client, alice):
    client.force_login(alice)
    assert "'unsafe-inline'" in directives(client.get("/api/redoc/"))["style-src"]
    assert "'unsafe-inline'" not in directives(client.get("/api/docs/"))["style-src"]


def _template_files():
    roots = [Path(settings.BASE_DIR) / "templates", *Path(settings.BASE_DIR).glob("*/templates")]
    return [path for root in roots for path in root.rglob("*.html")]


def test_templates_hold_no_inline_script_style_or_handler():
    """The CSP would refuse them in the browser; catch them before they reach one."""
    offenders = []
    for path in _template_files():
        html = path.read_text(encoding="utf-8")
        for pattern in (r"<script(?![^>]*\bsrc=)[^>]*>", r"<style\b", r"\sstyle=\"", r"\son[a-z]+=\"", r"javascript:"):
            offenders += [f"{path.relative_to(settings.BASE_DIR)}: {m}" for m in re.findall(pattern, html)]
    assert len(_template_files()) > 30 and offenders == []
