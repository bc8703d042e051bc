"""The admin's model list is cached per user (partybuild.admin_site) and stays the one Django builds."""

from __future__ import annotations

import re

import pytest
from django.contrib import admin
from django.contrib.admin import AdminSite
from django.test import RequestFactory
from django.utils import translation

from accounts.models import Role, RoleAssignment
from partybuild import scoping
from partybuild.admin_site import PortalAdminSite
from tests.conftest import make_user

pytestmark = pytest.mark.usefixtures("local_cache")


def _request(user, path="/admin/"):
    request = RequestFactory().get(path)
    request.user = user
    return request


def _links(html: str) -> set[str]:
    sidebar = html.split('id="nav-sidebar"', 1)[1].split("</nav>", 1)[0]
    return set(re.findall(r'href="(/admin/[^"]+)"', sidebar))


def test_the_portal_runs_on_its_own_site_named_in_chinese(client, dana):
    assert isinstance(admin.site, PortalAdminSite)
    dana.is_staff = True
    dana.save()
    client.force_login(dana)
    with translation.override("zh-hans"):
        header = str(admin.site.site_header)
    assert header != "Party-building portal administration"
    assert header in client.get("/admin/").content.decode()


@pytest.mark.parametrize("who", ["dana", "alice", "carol"])
def test_the_cached_list_is_the_one_django_builds(who, request):
    user = request.getfixturevalue(who)
    user.is_staff = True
    user.save()
    built = AdminSite.get_app_list(admin.site, _request(user))
    first = admin.site.get_app_list(_request(user))
    again = admin.site.get_app_list(_request(user))
    names = [(a["app_label"], [(m["object_name"], m["admin_url"], m["add_url"], m["perms"]) for m in a["models"]])
             for a in built]
    for cached in (first, again):
        assert [(a["app_label"], [(m["object_name"], m["admin_url"], m["add_url"], m["perms"]) for m in a["models"]])
                for a in cached] == names
        assert [str(a["name"]) for a in cached] == [str(a["name"]) for a in built]


def test_built_once_per_user_and_rebuilt_when_their_roles_change(tree, dana, monkeypatch):
    calls = []
    original = AdminSite._build_app_dict

    def counting(self, request, label=None):
        calls.append(request.user.pk)
        return original(self, request, label)

    monkeypatch.setattr(AdminSite, "_build_app_dict", counting)
    official = make_user("official", Role.STREET_OFFICIAL, tree.s1, is_staff=True)
    small = admin.site.get_app_list(_request(official))
    admin.site.get_app_list(_request(official))
    assert calls == [official.pk]

    # Another user with other rights gets their own list, never this one.
    dana.is_staff = True
    dana.save()
    admin.site.get_app_list(_request(dana))
    assert calls == [official.pk, dana.pk]

    # A district role added: the next request (a fresh user object, as every request has) sees it.
    RoleAssignment.objects.create(user=official, role=Role.DISTRICT_ADMIN, organization=tree.district)
    official.refresh_from_db()
    scoping.forget(official)
    bigger = admin.site.get_app_list(_request(official))
    assert calls == [official.pk, dana.pk, official.pk]
    count = lambda apps: sum(len(a["models"]) for a in apps)  # noqa: E731
    assert count(bigger) > count(small)


def test_the_side_bar_marks_the_model_shown_whatever_was_cached_before(client, tree, dana):
    dana.is_staff = True
    dana.save()
    client.force_login(dana)
    first = client.get("/admin/organizations/organization/")
    member_page = client.get("/admin/organizations/member/")
    again = client.get("/admin/organizations/organization/")
    for response, current in ((first, "organization"), (member_page, "member"), (again, "organization")):
        assert response.status_code == 200
        html = response.content.decode()
        marked = re.findall(r'<tr class="model-(\w+) current-model">', html)
        assert marked == [current]
    # The cached side bar lists the same links as the one rendered first.
    assert _links(first.content.decode()) == _links(again.content.decode()) != set()
