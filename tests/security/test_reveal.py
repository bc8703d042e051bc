"""Personal data: masked on pages and in the API until revealed with a purpose, every reveal recorded."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from audit.models import PersonalDataAccess
from partybuild.personal import mask_id_number
from tests.conftest import make_user

PURPOSE = {"field": "id_number", "purpose": "identity", "purpose_detail": "组织关系核查 2026-17"}


def reveal_url(member):
    return reverse("audit:reveal", args=["organizations", "member", member.pk])


def api_url(member):
    return reverse("audit:api-reveal", args=["organizations", "member", member.pk])


@pytest.mark.parametrize("actor", ["dana", "alice", "carol", "gina"])
def test_member_page_shows_the_masked_number_to_everyone(client, member_c1, actor, request):
    client.force_login(request.getfixturevalue(actor))
    page = client.get(reverse("organizations:member-detail", args=[member_c1.pk])).content.decode()
    assert member_c1.id_number not in page and mask_id_number(member_c1.id_number) in page


def test_reveal_button_only_for_roles_that_may_reveal(client, member_c1, alice, carol):
    detail = reverse("organizations:member-detail", args=[member_c1.pk])
    client.force_login(alice)
    assert reveal_url(member_c1) in client.get(detail).content.decode()
    client.force_login(carol)
    assert reveal_url(member_c1) not in client.get(detail).content.decode()


def test_reveal_with_a_purpose_shows_the_number_and_records_the_access(client, member_c1, alice):
    client.force_login(alice)
    response = client.post(reveal_url(member_c1), PURPOSE, REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 200 and member_c1.id_number in response.content.decode()
    access = PersonalDataAccess.objects.get()
    assert (access.user, access.object_id, access.field, access.purpose, access.ip_address) == (
        alice, member_c1.pk, "id_number", "identity", "10.1.2.3")
    assert access.purpose_detail == PURPOSE["purpose_detail"] and access.organization == member_c1.branch


@pytest.mark.parametrize("missing", ["purpose", "purpose_detail"])
def test_reveal_without_a_purpose_shows_nothing_and_records_nothing(client, member_c1, alice, missing):
    client.force_login(alice)
    response = client.post(reveal_url(member_c1), {**PURPOSE, missing: ""})
    assert response.status_code == 200 and member_c1.id_number not in response.content.decode()
    assert response.context["form"].errors[missing]
    assert not PersonalDataAccess.objects.exists()


@pytest.mark.parametrize("actor", ["carol", "gina", "audrey"])
def test_roles_without_the_right_get_403(client, member_c1, actor, request):
    client.force_login(request.getfixturevalue(actor))
    assert client.post(reveal_url(member_c1), PURPOSE).status_code == 403
    assert not PersonalDataAccess.objects.exists()


def test_outsider_gets_404(client, member_c1, charlie):
    client.force_login(charlie)
    assert client.post(reveal_url(member_c1), PURPOSE).status_code == 404


def test_a_street_official_role_elsewhere_does_not_grant_reveal_here(client, tree, member_c1):
    from accounts.models import Role, RoleAssignment

    mixed = make_user("mixed", Role.STREET_OFFICIAL, tree.s2)
    RoleAssignment.objects.create(user=mixed, role=Role.AUDITOR, organization=tree.s1)
    client.force_login(mixed)
    assert client.post(reveal_url(member_c1), PURPOSE).status_code == 403


def test_api_reveal_records_the_access_and_returns_the_value(member_c1, alice):
    api = APIClient()
    api.force_authenticate(alice)
    response = api.post(api_url(member_c1), {**PURPOSE, "field": "phone"}, format="json")
    assert response.status_code == 200 and response.json() == {"field": "phone", "value": member_c1.phone}
    assert PersonalDataAccess.objects.filter(user=alice, field="phone").count() == 1


@pytest.mark.parametrize(("body", "status"), [
    ({**PURPOSE, "purpose": "curiosity"}, 400), ({**PURPOSE, "purpose_detail": ""}, 400),
    ({**PURPOSE, "field": "name"}, 400),
])
def test_api_reveal_refuses_bad_requests_and_records_nothing(member_c1, alice, body, status):
    api = APIClient()
    api.force_authenticate(alice)
    assert api.post(api_url(member_c1), body, format="json").status_code == status
    assert not PersonalDataAccess.objects.exists()


def test_api_reveal_is_403_for_an_auditor_and_404_for_an_outsider(member_c1, audrey, charlie):
    api = APIClient()
    api.force_authenticate(audrey)
    assert api.post(api_url(member_c1), PURPOSE, format="json").status_code == 403
    api.force_authenticate(charlie)
    assert api.post(api_url(member_c1), PURPOSE, format="json").status_code == 404


def test_register_of_reveals_is_for_district_admins(client, member_c1, alice, dana):
    client.force_login(alice)
    client.post(reveal_url(member_c1), PURPOSE)
    url = reverse("audit:access-list")
    assert client.get(url).status_code == 403
    client.force_login(dana)
    page = client.get(url).content.decode()
    assert PURPOSE["purpose_detail"] in page and "Alice" in page
    dana.is_staff = True
    dana.save(update_fields=["is_staff"])
    assert client.get(reverse("admin:audit_personaldataaccess_changelist")).status_code == 200


def test_only_district_admins_see_the_register_in_the_menu(client, alice, dana):
    url = reverse("audit:access-list")
    client.force_login(alice)
    assert f'href="{url}"' not in client.get(reverse("home")).content.decode()
    client.force_login(dana)
    assert f'href="{url}"' in client.get(reverse("home")).content.decode()


def test_register_list_costs_a_fixed_number_of_queries(client, member_c1, alice, dana, django_assert_num_queries):
    client.force_login(alice)
    for _ in range(5):
        client.post(reveal_url(member_c1), PURPOSE)
    client.force_login(dana)
    # session, user, grants, count, rows (users and organisations joined) and the top bar's unread
    # count: no query per row.
    with django_assert_num_queries(6):
        client.get(reverse("audit:access-list"))


def test_register_filters_by_purpose_and_search(client, member_c1, alice, dana):
    client.force_login(alice)
    client.post(reveal_url(member_c1), PURPOSE)
    client.post(reveal_url(member_c1), {**PURPOSE, "purpose": "contact", "purpose_detail": "电话通知开会"})
    client.force_login(dana)
    url = reverse("audit:access-list")
    assert [a.purpose for a in client.get(url, {"purpose": "contact"}).context["page_obj"]] == ["contact"]
    assert [a.purpose_detail for a in client.get(url, {"q": "核查"}).context["page_obj"]] == [PURPOSE["purpose_detail"]]
    page = client.get(url).content.decode()
    assert "身份证号" in page or "ID card number" in page  # the field's name, not its column
