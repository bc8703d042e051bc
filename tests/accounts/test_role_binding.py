"""Security #14: a role bound where it may not be grants nothing.

A district administrator exists only at the district root. Bound to a community, through the
admin it is refused with a form error; created in the database anyway it must not act
district-wide (reset a street official's password, edit the district's report categories, put
itself on a department and so read the department's cases).
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from accounts.models import Role, RoleAssignment, User
from partybuild import rights, scoping
from reports.models import Department
from tests.conftest import PASSWORD, make_user
from tests.reports.factories import CategoryFactory, DepartmentFactory

BINDING_MESSAGE = "A district administrator can only be bound to the district."


def staff(user: User) -> User:
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


@pytest.fixture(autouse=True)
def _english(client):
    # Messages are asserted in English; the portal itself defaults to Chinese.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def mallory(tree):
    """A district-admin role bound to community C1, written straight to the database."""
    user = make_user("mallory", is_staff=True)
    RoleAssignment.objects.create(user=user, role=Role.DISTRICT_ADMIN, organization=tree.c1)
    return user


# --- the binding is refused where roles are given --------------------------------------------------


@pytest.mark.parametrize(
    ("role", "node", "ok"),
    [
        (Role.DISTRICT_ADMIN, "district", True),
        (Role.DISTRICT_ADMIN, "s1", False),
        (Role.DISTRICT_ADMIN, "c1", False),
        (Role.STREET_OFFICIAL, "s1", True),
        (Role.STREET_OFFICIAL, "c1", False),
        (Role.COMMUNITY_SECRETARY, "c1", True),
        (Role.COMMUNITY_SECRETARY, "g1", False),
        (Role.GRID_WORKER, "g1", True),
        (Role.GRID_WORKER, "c1", False),
        (Role.AUDITOR, "g1", False),
        (Role.DEPARTMENT_STAFF, "c1", False),
    ],
)
def test_role_assignment_clean_knows_where_each_role_binds(tree, role, node, ok):
    assignment = RoleAssignment(user=make_user(f"u_{role}_{node}"), role=role, organization=getattr(tree, node))
    if ok:
        assignment.full_clean()
    else:
        with pytest.raises(ValidationError, match="can only be bound"):
            assignment.full_clean()


def test_admin_refuses_a_district_admin_role_on_a_community(client, dana, alice, tree):
    client.force_login(staff(dana))
    response = client.post(
        reverse("admin:accounts_roleassignment_add"),
        {"user": alice.pk, "role": Role.DISTRICT_ADMIN, "organization": tree.c1.pk},
    )
    assert response.status_code == 200
    assert BINDING_MESSAGE in response.context["adminform"].form.errors["organization"][0]
    assert not alice.roles.filter(role=Role.DISTRICT_ADMIN).exists()


def test_user_page_role_inline_refuses_a_district_admin_role_on_a_community(client, dana, tree):
    target = make_user("newbie")
    client.force_login(staff(dana))
    url = reverse("admin:accounts_user_change", args=[target.pk])
    data = {
        "username": target.username, "full_name": "", "phone": "", "email": "", "is_active": "on",
        "last_login_0": "", "last_login_1": "", "date_joined_0": "2026-01-01", "date_joined_1": "00:00:00",
        "roles-TOTAL_FORMS": "1", "roles-INITIAL_FORMS": "0", "roles-MIN_NUM_FORMS": "0",
        "roles-MAX_NUM_FORMS": "1000", "roles-0-role": Role.DISTRICT_ADMIN, "roles-0-organization": tree.c1.pk,
        "roles-0-user": target.pk,
    }
    response = client.post(url, data)
    assert response.status_code == 200
    inline_errors = [f.errors for fs in response.context["inline_admin_formsets"] for f in fs.formset.forms]
    assert any(BINDING_MESSAGE in str(e.get("organization", "")) for e in inline_errors), inline_errors
    assert not target.roles.exists()


# --- a mis-bound role that exists anyway grants nothing -------------------------------------------


def test_mis_bound_district_admin_is_not_a_district_admin(mallory, tree):
    assert not rights.is_district_admin(mallory)
    assert not rights.holds_role_over(mallory, [Role.DISTRICT_ADMIN], tree.c1)
    assert not scoping.scope_queryset(tree.c1.__class__.objects.all(), mallory).exists()


def test_mis_bound_district_admin_cannot_reset_a_street_officials_password(client, mallory, alice):
    client.force_login(mallory)
    url = reverse("admin:auth_user_password_change", args=[alice.pk])
    assert client.get(url).status_code == 403
    response = client.post(url, {"password1": "Nieuw#Wachtwoord9", "password2": "Nieuw#Wachtwoord9"})
    assert response.status_code == 403
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


def test_mis_bound_district_admin_cannot_edit_report_categories(client, mallory, tree):
    category = CategoryFactory(code="noise", name="噪音扰民", time_limit_hours=72)
    client.force_login(mallory)
    url = reverse("admin:reports_reportcategory_change", args=[category.pk])
    response = client.post(url, {"code": "noise", "name": "改掉", "time_limit_hours": 1, "accept_limit_hours": 1,
                                 "contact_limit_hours": 1, "ordering": 0, "is_active": "on"})
    assert response.status_code == 403
    assert client.get(reverse("admin:reports_reportcategory_add")).status_code == 403
    category.refresh_from_db()
    assert category.name == "噪音扰民"


def test_mis_bound_district_admin_cannot_join_a_department(client, mallory, tree):
    department = DepartmentFactory(name="区住建局", kind="district", organization=tree.district)
    client.force_login(mallory)
    url = reverse("admin:reports_department_change", args=[department.pk])
    response = client.post(url, {"name": "区住建局", "kind": "district", "organization": tree.district.pk,
                                 "staff": [mallory.pk], "is_active": "on"})
    assert response.status_code == 403
    assert not Department.objects.filter(staff=mallory).exists()


def test_a_correctly_bound_district_admin_still_resets_passwords(client, dana, alice):
    client.force_login(staff(dana))
    url = reverse("admin:auth_user_password_change", args=[alice.pk])
    assert client.get(url).status_code == 200
