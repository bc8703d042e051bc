"""Open311 API keys: a key acts as its user, so nobody may mint one acting beyond their own rights
(issue #7: a district admin who is not a superuser minted a key acting as the superuser)."""

import pytest
from django.core.exceptions import PermissionDenied

from accounts.models import Role, RoleAssignment
from partybuild.scoping import covers
from reports.models import Open311Key
from reports.open311.keys import open311_key_create, open311_key_update
from tests.conftest import make_user

ADD_URL = "/admin/reports/open311key/add/"


def staff(user):
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


@pytest.fixture
def root(tree):
    # Like the demo's `admin`: a superuser who also holds the district node.
    return make_user("root", Role.DISTRICT_ADMIN, tree.district, is_superuser=True, is_staff=True)


@pytest.fixture
def sam(tree):
    """District administrator for street S1 only: not a superuser, not the whole district."""
    return staff(make_user("sam", Role.DISTRICT_ADMIN, tree.s1))


@pytest.fixture
def straddler(tree, gina):
    """Grid worker in G1 (inside S1) who is also street official of S2 (outside it)."""
    RoleAssignment.objects.create(user=gina, role=Role.STREET_OFFICIAL, organization=tree.s2)
    return gina


def api(client, key, path="requests.json"):
    return client.get(f"/open311/v2/{path}", {"api_key": key.key})


# --- minting through the admin ------------------------------------------------------------------

def test_district_admin_mints_a_key_for_an_account_in_her_area(client, dana, gina):
    client.force_login(staff(dana))
    response = client.post(ADD_URL, {"name": "网格通App", "user": gina.pk, "is_active": "on"})
    assert response.status_code == 302, response.content.decode()[:2000]
    key = Open311Key.objects.get()
    assert (key.user, key.created_by, len(key.key) >= 40) == (gina, dana, True)


def test_admin_refuses_a_key_acting_as_the_superuser(client, dana, root):
    client.force_login(staff(dana))
    assert root.pk not in [u.pk for u in client.get(ADD_URL).context["adminform"].form.fields["user"].queryset]
    response = client.post(ADD_URL, {"name": "后门", "user": root.pk, "is_active": "on"})
    assert response.status_code == 200 and response.context["adminform"].form.errors
    assert not Open311Key.objects.exists()


def test_admin_refuses_an_account_reaching_outside_the_minters_area(client, sam, straddler):
    # The account is listed (one of its roles lies in S1), but its S2 role lies outside sam's area.
    client.force_login(sam)
    response = client.post(ADD_URL, {"name": "越权App", "user": straddler.pk, "is_active": "on"})
    assert response.status_code == 200
    assert "holds no right you lack" in str(response.context["adminform"].form.non_field_errors())
    assert not Open311Key.objects.exists()


def test_admin_refuses_rebinding_an_existing_key_to_the_superuser(client, dana, gina, root):
    key = open311_key_create(user=dana, name="网格通App", acts_as=gina)
    client.force_login(staff(dana))
    client.post(f"/admin/reports/open311key/{key.pk}/change/", {"name": "网格通App", "user": root.pk,
                                                                "is_active": "on"})
    key.refresh_from_db()
    assert key.user == gina


# --- the service ---------------------------------------------------------------------------------

def test_service_refuses_a_superuser_to_a_district_admin(dana, root):
    with pytest.raises(PermissionDenied, match="holds no right you lack"):
        open311_key_create(user=dana, name="后门", acts_as=root)


def test_a_superuser_may_mint_a_key_acting_as_a_superuser(root):
    assert open311_key_create(user=root, name="总台", acts_as=root).user == root


def test_service_refuses_rebinding_to_the_superuser(dana, gina, root):
    key = open311_key_create(user=dana, name="网格通App", acts_as=gina)
    with pytest.raises(PermissionDenied, match="holds no right you lack"):
        open311_key_update(user=dana, key=key, name="x", acts_as=root, is_active=True)


def test_only_district_admins_mint_keys(alice, gina):
    with pytest.raises(PermissionDenied, match="Only district administrators"):
        open311_key_create(user=alice, name="x", acts_as=gina)


@pytest.mark.parametrize("target", ["alice", "carol", "gina", "audrey"])
def test_a_district_admin_role_bound_below_the_root_mints_nothing(sam, target, request):
    # partybuild.rights.ROLE_DEPTHS: a district administrator is bound only at the district root;
    # a role bound to a street grants nothing, not even inside that street.
    with pytest.raises(PermissionDenied, match="Only district administrators"):
        open311_key_create(user=sam, name="x", acts_as=request.getfixturevalue(target))


@pytest.mark.parametrize("target", ["charlie", "dana"])
def test_area_district_admin_may_not_bind_accounts_outside_or_above(sam, target, request):
    with pytest.raises(PermissionDenied):
        open311_key_create(user=sam, name="x", acts_as=request.getfixturevalue(target))


def test_department_staff_need_a_minter_over_the_whole_district(sam, dana, dave, station):
    # dave sees the station's routed reports wherever in the district they come from.
    with pytest.raises(PermissionDenied):
        open311_key_create(user=sam, name="x", acts_as=dave)
    assert open311_key_create(user=dana, name="x", acts_as=dave).user == dave


def test_a_role_covers_only_roles_with_no_more_rights(tree, alice, carol, gina, audrey):
    assert covers(alice, carol) and covers(carol, gina) and covers(alice, audrey)
    assert not covers(carol, alice)  # street officials may reveal personal data
    assert not covers(gina, audrey) and not covers(audrey, gina)  # history vs. edits


# --- using a key: the rule holds on every request ---------------------------------------------------

def test_key_stops_acting_when_its_user_becomes_a_superuser(client, dana, gina, report):
    key = open311_key_create(user=dana, name="网格通App", acts_as=gina)
    assert api(client, key).status_code == 200
    gina.is_superuser = True
    gina.save(update_fields=["is_superuser"])
    assert api(client, key).status_code == 403


def test_key_stops_acting_when_its_minter_is_deactivated(client, dana, gina, report):
    key = open311_key_create(user=dana, name="网格通App", acts_as=gina)
    dana.is_active = False
    dana.save(update_fields=["is_active"])
    assert api(client, key).status_code == 403


def test_key_minted_before_the_fix_never_acts_as_a_superuser(client, root, gina, report):
    legacy = Open311Key.objects.create(name="旧钥", key="legacy-root", user=root)
    assert api(client, legacy).status_code == 403
    legacy.user = gina
    legacy.save()
    assert api(client, legacy).status_code == 200


# --- what needs a key --------------------------------------------------------------------------------

def test_service_list_and_definitions_answer_without_a_key(client, category):
    assert client.get("/open311/v2/services.json").json()[0]["service_code"] == "safety"
    assert client.get("/open311/v2/services/safety.json").json() == {"service_code": "safety", "attributes": []}


def test_requests_still_need_a_key(client, report):
    assert client.get("/open311/v2/requests.json").status_code == 401
    assert client.get(f"/open311/v2/requests/{report.pk}.json").status_code == 401
    assert client.post("/open311/v2/requests.json", {"service_code": "safety"}).status_code == 401
