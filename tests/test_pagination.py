"""Capped counts (partybuild/pagination.py): list pages, the API and the admin count at most
``cap`` rows beyond the requested page, in one COUNT over a LIMITed subquery, and say "N+"."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organizations.admin import MemberAdmin
from organizations.models import Member
from organizations.views import members
from partybuild.pagination import CappedPageNumberPagination, CappedPaginator
from tests.organizations.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seven(tree):
    MemberFactory.create_batch(7, branch=tree.g1)
    return Member.objects.order_by("pk")


@pytest.fixture
def cap_of_four(monkeypatch):
    monkeypatch.setattr(CappedPaginator, "cap", 4)


def test_the_count_stops_past_the_cap_in_one_limited_query(seven, cap_of_four):
    paginator = CappedPaginator(seven, 2)
    with CaptureQueriesContext(connection) as queries:
        page = paginator.get_page(1)
    count_sql = queries.captured_queries[0]["sql"].upper()
    assert "COUNT(" in count_sql and "LIMIT 5" in count_sql
    assert (paginator.count, paginator.is_capped, paginator.count_label) == (5, True, "4+")
    assert paginator.num_pages_label == "3+"
    assert page.has_next()


def test_below_the_cap_the_count_is_exact(seven):
    paginator = CappedPaginator(seven, 2)
    assert (paginator.count, paginator.is_capped, paginator.count_label, paginator.num_pages) == (7, False, "7", 4)


def test_a_page_past_the_cap_counts_that_far(seven, cap_of_four):
    paginator = CappedPaginator(seven, 2)
    page = paginator.get_page(4)
    assert page.number == 4 and [m.pk for m in page.object_list] == [seven[6].pk]
    assert not paginator.is_capped and not page.has_next()


def test_a_list_page_shows_the_capped_count_and_no_last_link(client, alice, seven, cap_of_four, monkeypatch):
    monkeypatch.setattr(members, "PAGE_SIZE", 2)
    client.force_login(alice)
    html = client.get(reverse("organizations:member-list")).content.decode()
    assert "4+" in html
    assert "?page=2" in html and "page=3" not in html  # next, but no "last" page it does not know
    assert "{#" not in html and "#}" not in html  # the partial's own comment stays out of the page


def test_no_template_comment_spans_lines():
    """``{# … #}`` ends on its line; one that runs on is printed on the page as text."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    broken = [f"{path.relative_to(root)}:{number}" for path in root.glob("**/templates/**/*.html")
              if ".venv" not in path.parts
              for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
              if line.count("{#") > line.count("#}")]
    assert broken == []


def test_the_api_says_when_its_count_is_capped(client, alice, seven, cap_of_four, monkeypatch):
    monkeypatch.setattr(CappedPageNumberPagination, "page_size", 2)
    client.force_login(alice)
    body = client.get("/api/v1/members/").json()
    assert (body["count"], body["count_capped"], len(body["results"])) == (5, True, 2)
    assert body["next"]


def test_the_api_count_is_exact_below_the_cap(client, alice, seven):
    client.force_login(alice)
    body = client.get("/api/v1/members/").json()
    assert (body["count"], body["count_capped"]) == (7, False)


def test_the_admin_shows_the_capped_count_and_counts_once(client, dana, seven, cap_of_four, monkeypatch):
    monkeypatch.setattr(MemberAdmin, "list_per_page", 2)
    dana.is_staff = True
    dana.save(update_fields=["is_staff"])
    client.force_login(dana)
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/admin/organizations/member/").content.decode()
    assert "4+" in html
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()
              and "organizations_member" in q["sql"]]
    assert len(counts) == 1 and "LIMIT" in counts[0].upper()
