"""The admin stays fast as the district grows: no page lists every organisation, member, household or
account in a select (they search as you type, ``ScopedAdminMixin.get_autocomplete_fields``), and the
heavy pages issue a fixed number of queries however many rows there are.

At district scale (``seed_demo --scale district``) the pages these tests pin took 2–6 s with a
select of every member (15,000 options) or organisation (2,080); see the report of issue 8.
"""

from __future__ import annotations

import re

import pytest
from django.contrib import admin
from django.urls import reverse

from accounts.models import User
from grids.models import Household
from organizations.models import Level, Member
from partybuild.admin_scoping import ScopedAdminMixin
from tests.organizations.factories import MemberFactory, make_org
from tests.volunteers.factories import make_volunteer

# More rows of each growing table than any fixed list of choices on these pages has options.
MANY = 40
MOST_OPTIONS = MANY - 5

SELECT = re.compile(r"<select\b[^>]*name=\"([^\"]+)\"[^>]*>(.*?)</select>", re.S)


def big_selects(html: str) -> dict[str, int]:
    """Selects of the page with more than MOST_OPTIONS options: {field name: options}."""
    counts = {name: body.count("<option") for name, body in SELECT.findall(html)}
    return {name: n for name, n in counts.items() if n > MOST_OPTIONS}


@pytest.fixture
def crowded(tree, dana):
    """A district with MANY more members, organisations, households and accounts than the tree has."""
    Member.objects.bulk_create(MemberFactory.build_batch(MANY, branch=tree.g1))
    for n in range(MANY):
        make_org(tree.b1, Level.HOUSEHOLD, f"H1{n:03d}", f"中心户{n}")
    Household.objects.bulk_create(
        Household(building=tree.building1, unit=f"2-{n:03d}", head_name=f"住户{n}") for n in range(MANY)
    )
    User.objects.bulk_create(User(username=f"u{n}", full_name=f"用户{n}") for n in range(MANY))
    return tree


@pytest.fixture
def admin_client(client, dana):
    User.objects.filter(pk=dana.pk).update(is_staff=True, is_superuser=True)
    client.force_login(User.objects.get(pk=dana.pk))
    return client


def _scoped_admins():
    return sorted(
        ((model, model_admin) for model, model_admin in admin.site._registry.items()
         if isinstance(model_admin, ScopedAdminMixin)),
        key=lambda pair: pair[0]._meta.label,
    )


@pytest.mark.django_db
def test_no_scoped_admin_add_page_lists_a_growing_table_in_a_select(crowded, admin_client):
    offenders = {}
    for model, _admin in _scoped_admins():
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
        response = admin_client.get(url)
        if response.status_code == 200 and (found := big_selects(response.content.decode())):
            offenders[model._meta.label] = found
    assert offenders == {}


@pytest.mark.django_db
def test_relations_to_growing_tables_search_as_you_type(crowded, admin_client):
    html = admin_client.get(reverse("admin:cadres_communitycadre_add")).content.decode()
    # The community is a select filled by the search (the autocomplete widget), empty until typed into.
    assert 'data-model-name="organization"' in html or "admin-autocomplete" in html
    assert big_selects(html) == {}


# Page, and the most queries it may take (session, user, grants, the page's own rows). Each count
# is independent of the MANY rows above: a select of every row or a query per row breaks it.
HEAVY_PAGES = {
    "organisation change": (lambda t: reverse("admin:organizations_organization_change", args=[t.c1.pk]), 6),
    "member add": (lambda t: reverse("admin:organizations_member_add"), 5),
    "member change": (lambda t: reverse("admin:organizations_member_change",
                                        args=[Member.objects.filter(branch=t.g1).first().pk]), 8),
    "volunteer add": (lambda t: reverse("admin:volunteers_volunteer_add"), 5),
    "volunteer change": (lambda t: reverse("admin:volunteers_volunteer_change",
                                           args=[make_volunteer(t.c1).pk]), 8),
    "cadre add": (lambda t: reverse("admin:cadres_communitycadre_add"), 5),
    "venue add": (lambda t: reverse("admin:venues_venue_add"), 5),
}


@pytest.mark.django_db
@pytest.mark.parametrize("page", list(HEAVY_PAGES))
def test_heavy_admin_page_query_count_and_no_big_select(page, crowded, admin_client, django_assert_max_num_queries):
    url_of, most = HEAVY_PAGES[page]
    url = url_of(crowded)
    with django_assert_max_num_queries(most):
        response = admin_client.get(url)
    assert response.status_code == 200
    assert big_selects(response.content.decode()) == {}
