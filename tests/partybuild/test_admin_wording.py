"""The admin speaks the portal's language: no English sections, no lock versions or tree internals."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.organizations.factories import MemberFactory


@pytest.fixture
def staff_admin(dana):
    dana.is_staff = True
    dana.is_superuser = True
    dana.save(update_fields=["is_staff", "is_superuser"])
    return dana


@pytest.mark.django_db
def test_admin_index_has_no_english_section_titles(client, staff_admin):
    client.force_login(staff_admin)
    html = client.get(reverse("admin:index")).content.decode()
    for english in ("Axes", "Access attempts", "Access logs", "Audit log"):
        assert f">{english}<" not in html
    assert "登录防护" in html


@pytest.mark.django_db
def test_change_pages_hide_the_lock_version_and_tree_internals(client, staff_admin, tree):
    member = MemberFactory(branch=tree.g1)
    client.force_login(staff_admin)
    member_page = client.get(reverse("admin:organizations_member_change", args=[member.pk])).content.decode()
    org_page = client.get(reverse("admin:organizations_organization_change", args=[tree.c1.pk])).content.decode()
    for html in (member_page, org_page):
        assert "field-version" not in html
    assert "field-path" not in org_page and "field-numchild" not in org_page
