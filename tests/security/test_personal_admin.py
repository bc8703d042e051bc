"""Personal data in the Django admin (issue 7, #2 and #3).

Changelist lookups (``?id_number__startswith=42``, ``__regex``) rebuilt numbers digit by digit, and
the household, volunteer and order pages printed phones in full. Every admin of a model that
declares ``personal_fields`` masks them, in lists and change pages, for every role, a superuser too,
and refuses lookups on them.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib import admin as django_admin
from django.urls import reverse

from grids.models import Household
from organizations.models import Member, MembershipPeriod
from partybuild.admin_personal import PersonalDataAdminMixin
from partybuild.personal import mask_phone, personal_fields
from services.models import Demand
from tests.volunteers.factories import make_order, make_volunteer
from volunteers.models import ServiceOrder, Volunteer

PHONE = "13912345678"


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def staff(user, *, superuser: bool = False):
    user.is_staff, user.is_superuser = True, superuser
    user.save(update_fields=["is_staff", "is_superuser"])
    return user


@pytest.fixture
def records(tree, member_c1):
    household = tree.household1
    household.phone = PHONE
    household.save(update_fields=["phone"])
    demand = Demand.objects.create(organization=tree.c1, received_on=dt.date(2026, 3, 1), source="visit",
                                   resident_name="张", phone=PHONE, content="路灯不亮")
    return {
        Member: member_c1, Household: household, Demand: demand,
        Volunteer: make_volunteer(tree.c1, phone=PHONE), ServiceOrder: make_order(tree.c1, phone=PHONE),
    }


def test_every_admin_of_a_model_with_personal_fields_masks_them():
    """The check a new record type must pass: its admin comes through the personal-data mixin."""
    for model, model_admin in django_admin.site._registry.items():
        if personal_fields(model):
            assert isinstance(model_admin, PersonalDataAdminMixin), model.__name__
            for inline in model_admin.inlines:
                assert not personal_fields(inline.model) or issubclass(inline, PersonalDataAdminMixin), inline


@pytest.mark.parametrize("model", [Household, Demand, Volunteer, ServiceOrder], ids=lambda m: m.__name__)
@pytest.mark.parametrize("actor", ["dana", "alice", "superuser"])
def test_phones_are_masked_in_list_and_change_pages(client, records, model, actor, request):
    user = staff(request.getfixturevalue("dana"), superuser=True) if actor == "superuser" else staff(
        request.getfixturevalue(actor))
    client.force_login(user)
    for url in (admin_url(model, "changelist"), admin_url(model, "change", records[model].pk)):
        response = client.get(url)
        assert response.status_code == 200
        page = response.content.decode()
        assert PHONE not in page and mask_phone(PHONE) in page, url


def test_member_change_page_masks_id_number_phone_and_birth_date(client, records, dana):
    member = records[Member]
    client.force_login(staff(dana, superuser=True))
    page = client.get(admin_url(Member, "change", member.pk)).content.decode()
    assert member.id_number not in page and member.phone not in page
    assert member.birth_date.isoformat() not in page and "****-**-**" in page


def test_an_auditor_sees_masked_values_on_the_read_only_page(client, records, audrey):
    client.force_login(staff(audrey))
    member = records[Member]
    response = client.get(admin_url(Member, "change", member.pk))
    assert response.status_code == 200
    page = response.content.decode()
    assert member.id_number not in page and member.birth_date.isoformat() not in page


@pytest.mark.parametrize(("model", "lookup"), [
    (Member, "id_number__startswith=42"), (Member, "id_number__regex=^42"), (Member, "id_number__endswith=5"),
    (Member, "phone__contains=138"), (Member, "birth_date__year=1980"), (Member, "id_number=1"),
    (Household, "phone__startswith=139"), (Volunteer, "phone__endswith=5678"),
    (ServiceOrder, "phone__regex=5678$"), (MembershipPeriod, "member__id_number__startswith=42"),
])
def test_changelist_lookups_on_personal_fields_are_refused(client, records, model, lookup, dana):
    client.force_login(staff(dana, superuser=True))
    response = client.get(f"{admin_url(model, 'changelist')}?{lookup}")
    assert response.status_code == 400


def test_other_lookups_still_work(client, records, dana):
    client.force_login(staff(dana))
    assert client.get(f"{admin_url(Member, 'changelist')}?gender__exact=M").status_code == 200


def test_admin_search_does_not_reach_personal_fields(client, records, dana, rf):
    member = records[Member]
    client.force_login(staff(dana, superuser=True))
    response = client.get(admin_url(Member, "changelist"), {"q": member.id_number[-6:]})
    assert response.context["cl"].result_count == 0
    request = rf.get("/")
    request.user = dana
    for model, model_admin in django_admin.site._registry.items():
        if personal_fields(model):
            assert not set(model_admin.get_search_fields(request)) & set(personal_fields(model)), model


@pytest.mark.parametrize("typed", ["masked", "new"])
def test_household_change_keeps_the_stored_phone_unless_a_new_one_is_typed(client, records, dana, typed):
    household = records[Household]
    client.force_login(staff(dana))
    url = admin_url(Household, "change", household.pk)
    page = client.get(url).content.decode()
    assert PHONE not in page and f'value="{mask_phone(PHONE)}"' in page
    data = {"building": household.building_id, "unit": household.unit, "head_name": household.head_name,
            "size": household.size, "phone": mask_phone(PHONE) if typed == "masked" else "13500001111",
            "lock_version": household.version}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    household.refresh_from_db()
    assert household.phone == (PHONE if typed == "masked" else "13500001111")
