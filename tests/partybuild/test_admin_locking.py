"""Admin edits carry the optimistic lock (``partybuild.locking``): every change page of a versioned
model renders the version it loaded as a hidden input, and a save over someone else's newer change is
refused with the portal's Chinese message instead of overwriting it.

The forms are posted back as a browser would: from the rendered HTML, not from the form in the
context (which holds fields the page never shows).
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from accounts.models import User
from partybuild.admin_scoping import VersionLockAdminMixin, is_versioned
from tests.organizations.factories import MemberFactory
from tests.volunteers.factories import make_volunteer

STALE_ZH = "他人已修改此记录"  # 您编辑期间他人已修改此记录，请刷新后重试。


class _FormFields(HTMLParser):
    """The name → value pairs a browser submits from the admin's change form."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, str] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "checkbox", "file"):
            self.data[name] = a.get("value") or ""
        elif tag == "input" and name and a.get("type") == "checkbox" and "checked" in a:
            self.data[name] = a.get("value") or "on"
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select] = a.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data.lstrip("\n") if not self.data[self._textarea] else data


def browser_post_data(html: str) -> dict[str, str]:
    parser = _FormFields()
    parser.feed(html)
    return {k: v for k, v in parser.data.items() if k not in ("_addanother", "_continue", "_save")}


def _session(user: User) -> Client:
    User.objects.filter(pk=user.pk).update(is_staff=True)
    client = Client()
    client.force_login(User.objects.get(pk=user.pk))
    return client


@pytest.mark.django_db
def test_every_editable_versioned_admin_carries_the_lock(rf):
    """The mixin covers every versioned model whose admin can edit, not a list kept by hand: an admin
    that lets a superuser change a versioned model but is not built on the mixin would bypass the lock."""
    request = rf.get("/admin/")
    request.user = User.objects.create_superuser(username="root", password="x")
    editable = {model._meta.label: model_admin for model, model_admin in admin.site._registry.items()
                if is_versioned(model) and model_admin.has_change_permission(request)}
    assert {"organizations.Member", "organizations.Organization", "volunteers.Volunteer", "grids.Household",
            "orglife.FrequencyRule", "stars.StarYear"} <= editable.keys()
    assert sorted(label for label, model_admin in editable.items()
                  if not isinstance(model_admin, VersionLockAdminMixin)) == []


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["member", "organisation", "volunteer", "household"])
def test_change_page_renders_the_version_as_a_hidden_input(kind, tree, dana):
    target = {
        "member": lambda: MemberFactory(branch=tree.g1),
        "organisation": lambda: tree.c1,
        "volunteer": lambda: make_volunteer(tree.c1),
        "household": lambda: tree.household1,
    }[kind]()
    url = reverse(f"admin:{target._meta.app_label}_{target._meta.model_name}_change", args=[target.pk])
    html = _session(dana).get(url).content.decode()
    assert browser_post_data(html).get("lock_version") == str(target.version)
    assert 'type="hidden" name="lock_version"' in html


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["member", "volunteer"])
def test_two_admins_editing_at_once_the_second_save_is_refused_in_chinese(kind, tree, dana, alice):
    target, field = {
        "member": lambda: (MemberFactory(branch=tree.g1), "work_unit"),
        "volunteer": lambda: (make_volunteer(tree.c1), "name"),
    }[kind]()
    url = reverse(f"admin:{target._meta.app_label}_{target._meta.model_name}_change", args=[target.pk])
    first, second = _session(dana), _session(alice)
    mine = browser_post_data(first.get(url).content.decode())
    theirs = browser_post_data(second.get(url).content.decode())

    assert first.post(url, {**mine, field: "第一位"}).status_code == 302
    response = second.post(url, {**theirs, field: "第二位"})

    assert response.status_code == 200, "the stale admin save was accepted"
    assert STALE_ZH in response.content.decode()
    target.refresh_from_db()
    assert getattr(target, field) == "第一位"
    assert target.version == 2


@pytest.mark.django_db
def test_a_post_without_the_version_is_refused(tree, dana):
    member = MemberFactory(branch=tree.g1)
    url = reverse("admin:organizations_member_change", args=[member.pk])
    client = _session(dana)
    data = browser_post_data(client.get(url).content.decode())
    del data["lock_version"]
    response = client.post(url, {**data, "work_unit": "无版本"})
    assert response.status_code == 200
    member.refresh_from_db()
    assert member.work_unit != "无版本"


@pytest.mark.django_db
def test_a_stale_edit_of_a_district_setting_is_refused(tree, dana):
    """Settings edited by the district through a plain admin (here the required frequencies) carry the
    lock too, and their save goes through the service once (the version moves by one)."""
    from orglife.models import FrequencyRule

    rule = FrequencyRule.objects.order_by("pk").first()  # the district's table comes with the migrations
    times, version = rule.times, rule.version
    url = reverse("admin:orglife_frequencyrule_change", args=[rule.pk])
    first, second = _session(dana), _session(dana)
    mine = browser_post_data(first.get(url).content.decode())
    theirs = browser_post_data(second.get(url).content.decode())
    assert first.post(url, {**mine, "times": str(times + 1)}).status_code == 302
    response = second.post(url, {**theirs, "times": str(times + 2)})
    assert response.status_code == 200 and STALE_ZH in response.content.decode()
    rule.refresh_from_db()
    assert (rule.times, rule.version) == (times + 1, version + 1)
