"""Two people editing the same record: the second save is refused with a clear message and the
first one's change survives. Every edit path of the foundation carries the optimistic lock."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from organizations.models import Member, Organization


def _fields(form, data: dict) -> None:
    for name in form.fields:
        bound = form[name]
        value = bound.value()
        if value is None or value is False:
            continue
        data[bound.html_name] = "on" if value is True else value.isoformat() if hasattr(value, "isoformat") else value


def _form_values(response) -> dict:
    """What the browser would post back: every field of the rendered form (and of the admin's
    inline formsets, management forms included) with its value."""
    context = response.context
    data: dict = {}
    _fields(context["adminform"].form if "adminform" in context else context["form"], data)
    for inline in context.get("inline_admin_formsets", []):
        _fields(inline.formset.management_form, data)
        for form in inline.formset.forms:
            _fields(form, data)
    return data


def _session(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def two_editors(alice, carol):
    return _session(alice), _session(carol)


def test_second_member_edit_page_save_gets_a_conflict_and_overwrites_nothing(two_editors, member_c1):
    first, second = two_editors
    url = reverse("organizations:member-edit", args=[member_c1.pk])
    mine, theirs = _form_values(first.get(url)), _form_values(second.get(url))
    assert first.post(url, {**mine, "work_unit": "武昌区民政局"}).status_code == 302
    response = second.post(url, {**theirs, "work_unit": "武昌区财政局"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Someone else changed this member" in body or "其他人" in body or "他人" in body
    assert "武昌区财政局" in body  # the second editor's input is kept on the page, not lost
    member_c1.refresh_from_db()
    assert member_c1.work_unit == "武昌区民政局" and member_c1.version == 2


def test_second_organisation_edit_page_save_gets_a_conflict(two_editors, tree):
    first, second = two_editors
    url = reverse("organizations:edit", args=[tree.c1.pk])
    mine, theirs = _form_values(first.get(url)), _form_values(second.get(url))
    assert first.post(url, {**mine, "address": "中华路8号"}).status_code == 302
    response = second.post(url, {**theirs, "address": "中华路9号"})
    assert response.status_code == 200 and response.context["form"].errors
    tree.c1.refresh_from_db()
    assert tree.c1.address == "中华路8号"


@pytest.mark.parametrize(("model", "obj"), [(Member, "member_c1"), (Organization, "c1")])
def test_second_admin_save_gets_a_conflict(alice, dana, tree, member_c1, model, obj):
    target = member_c1 if obj == "member_c1" else tree.c1
    User.objects.filter(pk__in=[alice.pk, dana.pk]).update(is_staff=True)
    first, second = _session(User.objects.get(pk=dana.pk)), _session(User.objects.get(pk=alice.pk))
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[target.pk])
    mine, theirs = _form_values(first.get(url)), _form_values(second.get(url))
    field = "work_unit" if model is Member else "address"
    assert first.post(url, {**mine, field: "第一位"}).status_code == 302
    response = second.post(url, {**theirs, field: "第二位"})
    assert response.status_code == 200, "the stale admin save was accepted"
    target.refresh_from_db()
    assert getattr(target, field) == "第一位"


def test_second_api_patch_with_the_version_it_read_is_refused(alice, carol, member_c1):
    from rest_framework.test import APIClient

    url = reverse("member-detail", args=[member_c1.pk])
    first, second = APIClient(), APIClient()
    first.force_authenticate(alice)
    second.force_authenticate(carol)
    version = second.get(url).json()["version"]
    assert first.patch(url, {"work_unit": "甲", "version": version}, format="json").status_code == 200
    response = second.patch(url, {"work_unit": "乙", "version": version}, format="json")
    assert response.status_code == 400 and response.json()
    member_c1.refresh_from_db()
    assert member_c1.work_unit == "甲"
