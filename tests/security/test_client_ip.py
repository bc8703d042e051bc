"""The client's address behind the reverse proxy: taken from X-Forwarded-For only as far as our own
proxies wrote it, for login throttling (django-axes) and the personal-data register."""

import pytest
from axes.models import AccessAttempt
from django.test import RequestFactory
from django.urls import reverse

from audit.models import PersonalDataAccess
from partybuild.client_ip import client_ip
from tests.conftest import PASSWORD

PROXY = "172.18.0.5"  # the reverse proxy, as the portal sees it
CLIENT = "203.0.113.7"
SPOOFED = "198.51.100.66"  # what a client claims in its own X-Forwarded-For


def request_from(xff: str | None):
    extra = {"HTTP_X_FORWARDED_FOR": xff} if xff is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=PROXY, **extra)


@pytest.mark.parametrize(("proxies", "xff", "expected"), [
    (0, CLIENT, PROXY),                                # default: the header is not trusted at all
    (1, CLIENT, CLIENT),                               # our proxy wrote the client's address
    (1, f"{SPOOFED}, {CLIENT}", CLIENT),               # the client's own header lies to the left
    (2, f"{SPOOFED}, {CLIENT}, 10.0.0.2", CLIENT),     # a CDN, then our proxy
    (2, CLIENT, PROXY),                                # did not pass both proxies: trust no entry
    (1, None, PROXY),
    (1, "not-an-address", PROXY),
    (1, " 2001:db8::1 ", "2001:db8::1"),
])
def test_client_ip(settings, proxies, xff, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    assert client_ip(request_from(xff)) == expected


def _fail_login(client, xff: str):
    return client.post(reverse("login"), {"username": "alice", "password": "wrong-password"},
                       REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=xff)


def test_behind_the_proxy_login_failures_are_recorded_and_locked_per_client(client, alice, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _fail_login(client, CLIENT)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {CLIENT}
    # Another resident behind the same proxy is not locked out by the first one's typos.
    response = client.post(reverse("login"), {"username": "alice", "password": PASSWORD},
                           REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.8")
    assert response.status_code == 302


def test_without_trusted_proxies_a_spoofed_header_neither_records_nor_escapes_the_lock(client, alice, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    for n in range(settings.AXES_FAILURE_LIMIT):
        _fail_login(client, f"198.51.100.{n}")  # a new claimed address each try
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {PROXY}
    response = client.post(reverse("login"), {"username": "alice", "password": PASSWORD},
                           REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.200")
    assert response.status_code == 429


REVEAL = {"field": "id_number", "purpose": "identity", "purpose_detail": "组织关系核查 2026-17"}


@pytest.mark.parametrize(("proxies", "recorded"), [(1, CLIENT), (0, PROXY)])
def test_the_reveal_register_records_the_client_behind_a_trusted_proxy(client, member_c1, alice, settings,
                                                                       proxies, recorded):
    settings.TRUSTED_PROXY_COUNT = proxies
    client.force_login(alice)
    url = reverse("audit:reveal", args=["organizations", "member", member_c1.pk])
    assert client.post(url, REVEAL, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"{SPOOFED}, {CLIENT}").status_code == 200
    assert PersonalDataAccess.objects.get().ip_address == recorded
