"""Who reaches the big screen, what its pages answer, and the menu entry."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from screens.views.screen import DEFAULT_INTERVAL_MS, MIN_INTERVAL_MS, refresh_interval


def client_for(client, user):
    client.force_login(user)
    return client


def test_district_admin_picks_the_district_or_any_street(client, dana, tree):
    response = client_for(client, dana).get(reverse("screens:home"))
    assert response.status_code == 200
    links = {reverse("screens:screen", args=[org.pk]) for org in (tree.district, tree.s1, tree.s2)}
    assert all(link in response.content.decode() for link in links)
    assert reverse("screens:screen", args=[tree.c1.pk]) not in response.content.decode()


def test_street_official_goes_straight_to_their_street(client, alice, tree):
    response = client_for(client, alice).get(reverse("screens:home"))
    assert response.status_code == 302
    assert response.url == reverse("screens:screen", args=[tree.s1.pk])


@pytest.mark.parametrize("name", ["screens:screen", "screens:data"])
def test_outsiders_get_404(client, alice, charlie, carol, tree, name):
    assert client_for(client, alice).get(reverse(name, args=[tree.s2.pk])).status_code == 404
    assert client.get(reverse(name, args=[tree.district.pk])).status_code == 404
    assert client.get(reverse(name, args=[tree.s1.pk])).status_code == 200
    client.logout()
    assert client_for(client, charlie).get(reverse(name, args=[tree.s1.pk])).status_code == 404
    client.logout()
    # A community secretary holds S1's C1 but no screen, not even of their own street.
    assert client_for(client, carol).get(reverse(name, args=[tree.s1.pk])).status_code == 404


def test_a_community_is_not_a_screen(client, dana, tree):
    assert client_for(client, dana).get(reverse("screens:data", args=[tree.c1.pk])).status_code == 404


def test_other_roles_have_no_screen_home(client, carol):
    assert client_for(client, carol).get(reverse("screens:home")).status_code == 404


def test_anonymous_is_sent_to_login(client, tree):
    response = client.get(reverse("screens:data", args=[tree.s1.pk]))
    assert response.status_code == 302 and "login" in response.url


def test_data_endpoint_answers_json_and_is_not_cached_by_the_browser(client, alice, tree, reports):
    response = client_for(client, alice).get(reverse("screens:data", args=[tree.s1.pk]))
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    data = response.json()
    assert data["root"]["id"] == tree.s1.pk and data["today"] == "2026-06-15" and data["computed_at"]
    assert "王小明" not in response.content.decode()


def test_endpoint_query_count_is_fixed(client, dana, tree, reports):
    client_for(client, dana).get(reverse("screens:data", args=[tree.district.pk]))  # warms the cache
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("screens:data", args=[tree.district.pk]))
    statements = [q["sql"].split()[0] for q in ctx.captured_queries if "SAVEPOINT" not in q["sql"]]
    # Cached figures: the session, the user, the user's grants, the organisation (a read writes no session).
    assert statements == ["SELECT", "SELECT", "SELECT", "SELECT"]


def test_page_holds_no_inline_script_and_names_its_endpoint(client, alice, tree):
    response = client_for(client, alice).get(reverse("screens:screen", args=[tree.s1.pk]) + "?interval=10")
    html = response.content.decode()
    assert f'data-url="{reverse("screens:data", args=[tree.s1.pk])}"' in html
    assert f'data-interval="{MIN_INTERVAL_MS}"' in html
    assert "<script>" not in html and " style=" not in html
    assert "vendor/echarts/echarts.min.js" in html and "screens/screen.js" in html


@pytest.mark.parametrize(("given", "expected"), [
    ("", DEFAULT_INTERVAL_MS), ("abc", DEFAULT_INTERVAL_MS), ("-5", DEFAULT_INTERVAL_MS),
    ("50", MIN_INTERVAL_MS), ("1500", 1500), ("99999999", 600_000),
])
def test_refresh_interval_is_bounded(given, expected):
    assert refresh_interval(given) == expected


def test_menu_links_the_screen_for_district_and_street_only(client, dana, alice, carol):
    url = reverse("screens:home")
    for user, shown in ((dana, True), (alice, True), (carol, False)):
        client.logout()
        home = client_for(client, user).get("/")
        assert (f'href="{url}"' in home.content.decode()) is shown, user.username
