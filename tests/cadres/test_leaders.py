"""Grid and building leaders (网格长/楼栋长) as people records: one in post per grid and building,
linked to a member record, an optional grid-worker login of that grid, shown masked on the grid
and building pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.models import Role
from cadres import services
from cadres.models import LeaderPost
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

SINCE = dt.date(2025, 1, 1)


def appoint(actor, tree, **fields):
    fields.setdefault("kind", "building")
    fields.setdefault("building", tree.building1)
    return services.leader_appoint(user=actor, grid=fields.pop("grid", tree.grid1), since=SINCE, **fields)


def test_member_leader_takes_the_name_from_the_record_and_shows_on_grid_and_building_pages(client, carol, tree,
                                                                                         member_c1):
    client.force_login(carol)
    response = client.post(reverse("cadres:leader-create"), {
        "kind": "building", "grid": tree.grid1.pk, "building": tree.building1.pk, "member": member_c1.pk,
        "since": "2025-01-01",
    })
    assert response.status_code == 302
    post = LeaderPost.objects.get()
    assert (post.name, post.member, post.building) == (member_c1.name, member_c1, tree.building1)
    for org in (tree.g1, tree.b1):
        page = client.get(reverse("organizations:detail", args=[org.pk])).content.decode()
        assert 'id="org-leaders"' in page and member_c1.name in page
    # A community's page has no leaders panel.
    assert 'id="org-leaders"' not in client.get(reverse("organizations:detail", args=[tree.c1.pk])).content.decode()


def test_a_leaders_phone_is_masked_on_the_pages(client, carol, tree):
    appoint(carol, tree, name="周楼长", phone="13912345678")
    client.force_login(carol)
    for url in (reverse("cadres:leader-list"), reverse("organizations:detail", args=[tree.b1.pk])):
        page = client.get(url).content.decode()
        assert "周楼长" in page and "13912345678" not in page and "139" in page


def test_one_leader_in_post_per_building_until_the_first_leaves(carol, tree):
    first = appoint(carol, tree, name="甲")
    with pytest.raises(ValidationError):
        appoint(carol, tree, name="乙")
    services.leader_end(user=carol, post=first, ended_on=dt.date(2026, 3, 1))
    assert appoint(carol, tree, name="乙").is_in_post
    assert LeaderPost.objects.filter(building=tree.building1).count() == 2


def test_one_grid_leader_in_post_per_grid(carol, tree):
    appoint(carol, tree, kind="grid", building=None, name="网格长甲")
    with pytest.raises(ValidationError):
        appoint(carol, tree, kind="grid", building=None, name="网格长乙")


def test_the_building_must_lie_in_the_grid(dana, tree):
    with pytest.raises(ValidationError) as exc:
        appoint(dana, tree, grid=tree.grid3, name="错位")
    assert "building" in exc.value.message_dict


def test_a_building_leader_needs_a_building(carol, tree):
    with pytest.raises(ValidationError):
        appoint(carol, tree, building=None, name="无楼")


def test_the_login_must_be_a_grid_worker_of_this_grid(carol, gina, tree):
    assert appoint(carol, tree, kind="grid", building=None, name="Gina", account=gina).user == gina
    elsewhere = make_user("gus", Role.GRID_WORKER, tree.g3)
    with pytest.raises(ValidationError) as exc:
        appoint(carol, tree, name="Gus", account=elsewhere)
    assert "user" in exc.value.message_dict


def test_outsider_can_neither_appoint_nor_reach_a_leader(client, charlie, carol, tree):
    with pytest.raises(PermissionDenied):
        appoint(charlie, tree, name="越权")
    post = appoint(carol, tree, name="本地")
    client.force_login(charlie)
    assert client.get(reverse("cadres:leader-end", args=[post.pk])).status_code == 404
    assert "本地" not in client.get(reverse("cadres:leader-list")).content.decode()


def test_leaving_the_post_before_it_started_is_refused(carol, tree):
    post = appoint(carol, tree, name="甲")
    with pytest.raises(ValidationError):
        services.leader_end(user=carol, post=post, ended_on=SINCE - dt.timedelta(days=1))


def test_the_leader_list_costs_the_same_queries_for_more_leaders(client, carol, tree, django_assert_max_num_queries):
    from grids.models import Building

    client.force_login(carol)
    appoint(carol, tree, name="楼长0")
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("cadres:leader-list"))
    for i in range(1, 8):
        building = Building.objects.create(grid=tree.grid1, name=f"{i + 1}号楼")
        appoint(carol, tree, building=building, name=f"楼长{i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("cadres:leader-list")).content.decode()
    assert page.count("楼长") >= 8
