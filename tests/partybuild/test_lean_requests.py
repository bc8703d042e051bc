"""Lean requests (issue 9): reads write no session and open no transaction, writes stay atomic,
choice labels cost a look-up, and the load benchmark's baseline endpoint is not part of the portal."""

import datetime as dt

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone, translation
from rest_framework.test import APIClient

from organizations.api.serializers import MemberSerializer
from organizations.models import Level, MemberStatus, Organization
from partybuild.middleware import SessionRefreshMiddleware
from tests.conftest import PASSWORD
from tests.organizations.factories import MemberFactory, make_org

LEAN_URLS = "tests.partybuild.lean_urls"


def session_writes(captured) -> list[str]:
    return [q["sql"] for q in captured.captured_queries
            if "django_session" in q["sql"] and not q["sql"].lstrip().upper().startswith("SELECT")]


def test_a_read_writes_the_session_only_once_per_refresh_interval(client, alice, settings):
    settings.SESSION_REFRESH_SECONDS = 300
    url = reverse("organizations:member-list")
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client.force_login(alice)
        client.get(url)  # the first request after the login stamps the session
        expiry = Session.objects.get().expire_date
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        assert session_writes(captured) == []
        clock.shift(dt.timedelta(seconds=299))
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        assert session_writes(captured) == []
        clock.shift(dt.timedelta(seconds=2))
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        assert session_writes(captured) != []
        # The idle expiry moved forward with the refresh.
        assert Session.objects.get().expire_date - expiry == dt.timedelta(seconds=301)


def test_an_idle_session_still_ends(client, alice, settings):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client.force_login(alice)
        client.get(reverse("home"))
        clock.shift(dt.timedelta(seconds=settings.SESSION_COOKIE_AGE + 1))
        response = client.get(reverse("organizations:member-list"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_an_anonymous_request_creates_no_session(client, db):
    client.get(reverse("login"))
    assert not Session.objects.exists()


def test_the_login_form_stamps_the_new_session(client, alice):
    client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert SessionRefreshMiddleware.KEY in Session.objects.get().get_decoded()


@pytest.mark.urls(LEAN_URLS)
@pytest.mark.django_db(transaction=True)
def test_reads_run_outside_a_transaction_and_writes_inside(client):
    assert client.get("/atomic/").json() == {"atomic": False}
    assert client.head("/atomic/").status_code == 200
    assert client.post("/atomic/").json() == {"atomic": True}
    assert client.delete("/atomic/").json() == {"atomic": True}
    # A view marked non_atomic_requests stays outside, as under ATOMIC_REQUESTS.
    assert client.post("/non-atomic/").json() == {"atomic": False}


@pytest.mark.urls(LEAN_URLS)
@pytest.mark.django_db(transaction=True)
def test_a_failing_write_is_rolled_back(client):
    client.raise_request_exception = False
    org = make_org(None, Level.DISTRICT, "X1", "原名")
    assert client.post("/write/", {"code": "X1", "fail": "1"}).status_code == 500
    assert Organization.objects.get(pk=org.pk).name == "原名"
    assert client.post("/write/", {"code": "X1"}).status_code == 200
    assert Organization.objects.get(pk=org.pk).name == "改名未成"


def test_choice_labels_equal_django_display(tree):
    member = MemberFactory(branch=tree.g1, status=MemberStatus.ACTIVE)
    for language in ("zh-hans", "en"):
        with translation.override(language):
            row = MemberSerializer(member, context={"request": None}).data
            assert row["status_label"] == member.get_status_display()
            assert row["gender_label"] == member.get_gender_display()
            assert row["category_label"] == member.get_category_display()
    with translation.override("en"):
        assert MemberSerializer(member).data["status_label"] != ""
    member.status = "no-such-status"
    assert MemberSerializer(member).data["status_label"] == "no-such-status"


def test_the_benchmark_baseline_is_not_part_of_the_portal(alice):
    with pytest.raises(Resolver404):
        resolve("/bench/ok/")
    resolve("/bench/ok/", urlconf="bench.urls")  # served only by the benchmark's URLconf


@pytest.mark.urls("bench.urls")
def test_the_benchmark_baseline_answers_signed_in_users(alice):
    client = APIClient()
    assert client.get("/bench/ok/").status_code == 403
    client.force_authenticate(alice)
    assert client.get("/bench/ok/").json() == {"ok": 1}


def test_the_api_builds_no_filterset_for_a_query_that_names_no_filter(alice, tree, monkeypatch):
    from organizations.filters import MemberFilter

    MemberFactory(name="甲", branch=tree.g1, gender="M")
    MemberFactory(name="乙", branch=tree.g1, gender="F")
    built = []
    original = MemberFilter.__init__

    def counting(self, *args, **kwargs):
        built.append(1)
        original(self, *args, **kwargs)

    monkeypatch.setattr(MemberFilter, "__init__", counting)
    api = APIClient()
    api.force_authenticate(alice)
    names = lambda response: sorted(m["name"] for m in response.json()["results"])  # noqa: E731
    # No filter named (paging only): the FilterSet would change nothing and is not built.
    assert names(api.get("/api/v1/members/", {"page": 1})) == ["乙", "甲"]
    assert built == []
    # A filter named: filtered as before, and a bad value is still the client's error.
    assert names(api.get("/api/v1/members/", {"gender": "F"})) == ["乙"]
    assert built == [1]
    assert api.get("/api/v1/members/", {"gender": "X"}).status_code == 400
    assert names(api.get("/api/v1/members/", {"joined_after": "2000-01-01"})) == ["乙", "甲"]
    assert api.get("/api/v1/members/", {"joined_after": "not-a-date"}).status_code == 400
