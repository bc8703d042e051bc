"""Cached API list pages (partybuild.api_cache) and the table versions they are keyed by
(summaries.versions): a page is served again only while nothing it reads has changed, whoever
changed it and however, and never to another user."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import Role, RoleAssignment
from organizations import member_services, services
from organizations.api.views import MemberViewSet
from organizations.models import Member, Organization
from partybuild.api_cache import CachedListMixin
from summaries.versions import tables_version, watched_tables
from tests.conftest import make_user
from tests.organizations.factories import MemberFactory

MEMBERS = reverse("member-list")
TABLES = [model._meta.db_table for model in MemberViewSet.list_cache_models]


@pytest.fixture
def client_of():
    def login(user):
        client = APIClient()
        client.force_login(user)
        return client

    return login


def names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["name"] for row in response.json()["results"]]


def test_a_page_is_built_once_then_served_until_something_changes(alice, member_c1, client_of,
                                                                  django_assert_max_num_queries):
    client = client_of(alice)
    first = client.get(MEMBERS)
    assert names(first) == ["李红"]
    # Session, user, table version: no count, no rows, no grants.
    with django_assert_max_num_queries(3):
        again = client.get(MEMBERS)
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"] == "application/json"
    assert again["ETag"] == first["ETag"]

    member_services.member_update(user=alice, member=member_c1, version=member_c1.version, name="李红梅")
    changed = client.get(MEMBERS)
    assert names(changed) == ["李红梅"]
    assert changed["ETag"] != first["ETag"]


@pytest.mark.parametrize("how", ["queryset_update", "raw_sql", "bulk_create", "delete"])
def test_writes_that_bypass_signals_still_show(how, alice, tree, member_c1, client_of):
    client = client_of(alice)
    assert names(client.get(MEMBERS)) == ["李红"]
    if how == "queryset_update":
        Member.objects.filter(pk=member_c1.pk).update(name="李红梅")
        expected = ["李红梅"]
    elif how == "raw_sql":
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {Member._meta.db_table} SET name = %s WHERE id = %s", ["李红梅", member_c1.pk])
        expected = ["李红梅"]
    elif how == "bulk_create":
        Member.objects.bulk_create([MemberFactory.build(name="张伟", branch=tree.c1)])
        expected = ["张伟", "李红"]
    else:
        member_c1.periods.all().delete()
        member_c1.status_changes.all().delete()
        Member.objects.filter(pk=member_c1.pk).delete()
        expected = []
    assert sorted(names(client.get(MEMBERS))) == sorted(expected)


def test_an_organisation_renamed_or_moved_shows(alice, tree, member_c1, client_of):
    client = client_of(alice)
    assert client.get(MEMBERS).json()["results"][0]["branch_name"] == tree.g1.name
    Organization.objects.filter(pk=tree.g1.pk).update(name="新网格党支部")
    assert client.get(MEMBERS).json()["results"][0]["branch_name"] == "新网格党支部"
    # Moving the community out of alice's street takes its members out of her list at once.
    dana = make_user("dana", Role.DISTRICT_ADMIN, tree.district)
    services.organization_move(user=dana, org=tree.c1, new_parent=tree.s2)
    assert names(client.get(MEMBERS)) == []


def test_the_organisation_list_is_cached_too(alice, tree, client_of, django_assert_max_num_queries):
    client = client_of(alice)
    url = reverse("organization-list")
    first = client.get(url)
    assert tree.g1.name in first.content.decode()
    with django_assert_max_num_queries(3):
        assert client.get(url).content == first.content
    Organization.objects.filter(pk=tree.g1.pk).update(name="新网格党支部")
    assert "新网格党支部" in client.get(url).content.decode()


def test_a_role_taken_away_shows(alice, member_c1, client_of):
    client = client_of(alice)
    assert names(client.get(MEMBERS)) == ["李红"]
    RoleAssignment.objects.filter(user=alice).delete()
    assert names(client.get(MEMBERS)) == []


def test_each_user_gets_their_own_page(alice, charlie, member_c1, member_c3, client_of):
    assert names(client_of(alice).get(MEMBERS)) == ["李红"]
    assert names(client_of(charlie).get(MEMBERS)) == ["赵强"]
    assert names(client_of(alice).get(MEMBERS)) == ["李红"]


def test_searches_and_filters_are_built_every_time(alice, member_c1, client_of, django_assert_max_num_queries):
    client = client_of(alice)
    assert names(client.get(MEMBERS, {"q": "李"})) == ["李红"]
    with django_assert_max_num_queries(10) as captured:
        assert names(client.get(MEMBERS, {"q": "李"})) == ["李红"]
    assert any("COUNT" in q["sql"].upper() for q in captured.captured_queries)
    assert "ETag" not in client.get(MEMBERS, {"q": "李"})


def test_the_etag_answers_not_modified_until_a_change(alice, member_c1, client_of):
    client = client_of(alice)
    etag = client.get(MEMBERS)["ETag"]
    not_modified = client.get(MEMBERS, HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304 and not_modified.content == b""
    Member.objects.filter(pk=member_c1.pk).update(name="李红梅")
    fresh = client.get(MEMBERS, HTTP_IF_NONE_MATCH=etag)
    assert fresh.status_code == 200 and names(fresh) == ["李红梅"]


def test_the_browsable_api_is_never_cached(alice, member_c1, client_of):
    client = client_of(alice)
    page = client.get(MEMBERS, HTTP_ACCEPT="text/html")
    assert page.status_code == 200 and "ETag" not in page


def test_every_write_to_a_watched_table_moves_the_version_and_a_rollback_does_not(alice, member_c1):
    before = tables_version(TABLES)
    for table in TABLES:
        start = tables_version([table])
        with connection.cursor() as cursor:
            cursor.execute(f'UPDATE "{table}" SET id = id WHERE id IN (SELECT MIN(id) FROM "{table}")')
        assert tables_version([table]) > start, table
    moved = tables_version(TABLES)
    assert moved > before
    with pytest.raises(RuntimeError), transaction.atomic():
        Member.objects.filter(pk=member_c1.pk).update(name="回滚")
        assert tables_version(TABLES) > moved
        raise RuntimeError
    assert tables_version(TABLES) == moved


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_every_cached_list_reads_only_watched_tables(db):
    import partybuild.urls  # noqa: F401  (imports every app's viewsets)

    views = [view for view in _subclasses(CachedListMixin) if view.list_cache_models]
    assert MemberViewSet in views
    tables = {model._meta.db_table for view in views for model in view.list_cache_models}
    assert tables <= watched_tables(), tables - watched_tables()
