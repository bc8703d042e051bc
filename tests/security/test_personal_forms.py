"""Edit forms never put a stored personal value in the page (issue 7, #4).

The member and volunteer edit forms printed the full ID number and phone in ``<input value>`` to
roles that may never reveal them. They show the masked value now, and keep the stored one unless
a new one is typed.
"""

from __future__ import annotations

import pytest
from django import forms
from django.urls import reverse

from grids.models import Household
from partybuild.personal import HIDDEN_DATE, mask_id_number, mask_phone
from partybuild.personal_forms import KeepStoredField, mask_personal_fields
from tests.volunteers.factories import make_volunteer
from volunteers.models import Volunteer


def member_edit(member) -> str:
    return reverse("organizations:member-edit", args=[member.pk])


def posted(form) -> dict:
    """What the browser sends back for an untouched form."""
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field.widget, forms.CheckboxInput):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = value.isoformat() if hasattr(value, "isoformat") else value
    return data


@pytest.mark.parametrize("actor", ["dana", "alice", "carol", "gina"])
def test_member_edit_form_shows_personal_fields_masked(client, member_c1, actor, request):
    client.force_login(request.getfixturevalue(actor))
    page = client.get(member_edit(member_c1)).content.decode()
    assert member_c1.id_number not in page and member_c1.phone not in page
    assert member_c1.birth_date.isoformat() not in page
    assert f'value="{mask_id_number(member_c1.id_number)}"' in page
    assert f'value="{mask_phone(member_c1.phone)}"' in page and f'value="{HIDDEN_DATE}"' in page


def test_saving_the_member_form_untouched_keeps_the_stored_values(client, member_c1, carol):
    client.force_login(carol)
    data = posted(client.get(member_edit(member_c1)).context["form"])
    stored = (member_c1.id_number, member_c1.phone, member_c1.birth_date)
    response = client.post(member_edit(member_c1), {**data, "work_unit": "武昌区图书馆"})
    assert response.status_code == 302, response.context["form"].errors
    member_c1.refresh_from_db()
    assert (member_c1.id_number, member_c1.phone, member_c1.birth_date) == stored
    assert member_c1.work_unit == "武昌区图书馆"


def test_a_phone_typed_anew_replaces_the_stored_one(client, member_c1, carol):
    client.force_login(carol)
    data = posted(client.get(member_edit(member_c1)).context["form"])
    assert client.post(member_edit(member_c1), {**data, "phone": "13600001234"}).status_code == 302
    member_c1.refresh_from_db()
    assert member_c1.phone == "13600001234"


def test_a_new_value_is_still_validated(client, member_c1, carol):
    client.force_login(carol)
    data = posted(client.get(member_edit(member_c1)).context["form"])
    response = client.post(member_edit(member_c1), {**data, "id_number": "420106198005170000"})
    assert response.status_code == 200 and "id_number" in response.context["form"].errors


@pytest.mark.parametrize("actor", ["carol", "alice"])
def test_volunteer_edit_form_shows_the_phone_masked_and_keeps_it(client, tree, actor, request):
    volunteer = make_volunteer(tree.c1, name="刘芳", phone="13900002222")
    client.force_login(request.getfixturevalue(actor))
    url = reverse("volunteers:volunteer-edit", args=[volunteer.pk])
    response = client.get(url)
    page = response.content.decode()
    assert "13900002222" not in page and f'value="{mask_phone("13900002222")}"' in page
    data = posted(response.context["form"])
    assert client.post(url, {**data, "name": "刘芳芳"}).status_code == 302
    volunteer.refresh_from_db()
    assert (volunteer.name, volunteer.phone) == ("刘芳芳", "13900002222")


def test_an_optional_field_emptied_is_cleared(tree):
    Household.objects.filter(pk=tree.household1.pk).update(phone="13900002222")

    class HouseholdForm(forms.ModelForm):
        class Meta:
            model = Household
            fields = ["unit", "phone"]

    def bound(phone: str) -> HouseholdForm:
        household = Household.objects.get(pk=tree.household1.pk)
        form = HouseholdForm({"unit": household.unit, "phone": phone}, instance=household)
        mask_personal_fields(form, household)
        assert isinstance(form.fields["phone"], KeepStoredField)
        return form

    emptied = bound("")
    assert emptied.is_valid() and emptied.cleaned_data["phone"] == "" and emptied.changed_data == ["phone"]
    untouched = bound(mask_phone("13900002222"))
    assert untouched.is_valid() and untouched.cleaned_data["phone"] == "13900002222" and not untouched.changed_data


def test_a_new_record_gets_plain_inputs(tree):
    class VolunteerForm(forms.ModelForm):
        class Meta:
            model = Volunteer
            fields = ["name", "phone"]

    form = VolunteerForm()
    mask_personal_fields(form, form.instance)
    assert not isinstance(form.fields["phone"], KeepStoredField)
