"""Security #8: the grid-worker inline offers only accounts holding the grid-worker role on that
grid, not every account of the district; every admin save goes through grids.services."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.models import Role, User
from grids.models import GridWorker, Household
from tests.conftest import make_user


def staff(user: User) -> User:
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


@pytest.fixture(autouse=True)
def _english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def accounts(tree, gina, carol, charlie):
    """Besides gina (grid worker of G1): a grid worker of G3 and an account with no role."""
    return {"gina": gina, "carol": carol, "g3": make_user("gus", Role.GRID_WORKER, tree.g3),
            "nobody": make_user("nobody")}


def grid_change(grid) -> str:
    return reverse("admin:grids_grid_change", args=[grid.pk])


def inline_accounts(response) -> set[str]:
    formset = next(f for f in response.context["inline_admin_formsets"] if f.formset.model is GridWorker)
    return set(formset.formset.form.base_fields["user"].queryset.values_list("username", flat=True))


def test_inline_offers_only_the_grid_workers_of_that_grid(client, dana, tree, accounts):
    client.force_login(staff(dana))
    response = client.get(grid_change(tree.grid1))
    assert response.status_code == 200
    assert inline_accounts(response) == {"gina"}
    assert 'data-app-label="grids"' in response.content.decode()  # the account is an autocomplete


def inline_data(tree, **worker) -> dict:
    return {
        "code": tree.grid1.code, "name": tree.grid1.name, "area_description": "",
        "workers-TOTAL_FORMS": "1", "workers-INITIAL_FORMS": "0", "workers-MIN_NUM_FORMS": "0",
        "workers-MAX_NUM_FORMS": "1000", "workers-0-name": "新网格员", "workers-0-phone": "",
        **{f"workers-0-{k}": v for k, v in worker.items()},
    }


def test_inline_refuses_an_account_of_another_grid(client, dana, tree, accounts):
    client.force_login(staff(dana))
    response = client.post(grid_change(tree.grid1), inline_data(tree, user=accounts["g3"].pk))
    assert response.status_code == 200
    assert not GridWorker.objects.filter(grid=tree.grid1).exists()


def test_inline_saves_a_worker_with_their_account_through_the_service(client, alice, tree, accounts):
    client.force_login(staff(alice))
    response = client.post(grid_change(tree.grid1), inline_data(tree, user=accounts["gina"].pk, is_leader="on"))
    assert response.status_code == 302, response.context and response.context["errors"]
    worker = GridWorker.objects.get(grid=tree.grid1)
    assert (worker.name, worker.user, worker.is_leader) == ("新网格员", accounts["gina"], True)


def test_worker_admin_offers_grid_workers_of_the_users_area_only(client, alice, tree, accounts):
    client.force_login(staff(alice))
    form = client.get(reverse("admin:grids_gridworker_add")).context["adminform"].form
    assert set(form.fields["user"].queryset.values_list("username", flat=True)) == {"gina"}
    data = {"grid": tree.grid1.pk, "name": "越界", "phone": "", "user": accounts["carol"].pk}
    response = client.post(reverse("admin:grids_gridworker_add"), data)
    assert response.status_code == 200
    assert "user" in response.context["adminform"].form.errors
    assert not GridWorker.objects.exists()


def test_autocomplete_of_accounts_for_grid_workers(client, alice, tree, accounts):
    client.force_login(staff(alice))
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "grids", "model_name": "gridworker", "field_name": "user", "term": ""},
    )
    assert response.status_code == 200
    assert {row["text"] for row in response.json()["results"]} == {"Gina"}


def test_household_edit_through_the_admin_keeps_the_version_lock(client, alice, tree):
    client.force_login(staff(alice))
    url = reverse("admin:grids_household_change", args=[tree.household1.pk])
    data = {"building": tree.building1.pk, "unit": "1-101", "head_name": "王建国", "phone": "", "size": 3,
            "lock_version": 1}
    assert client.post(url, data).status_code == 302
    household = Household.objects.get(pk=tree.household1.pk)
    assert (household.size, household.version) == (3, 2)
    response = client.post(url, {**data, "size": 4})  # the version read before the first save
    assert response.status_code == 200
    assert "Someone else changed this record" in str(response.context["adminform"].form.non_field_errors())
    assert Household.objects.get(pk=tree.household1.pk).size == 3


def test_household_changelist_filters_needy_from_the_ledger(client, dana, tree):
    client.force_login(staff(dana))
    response = client.get(reverse("admin:grids_household_changelist"), {"needy": "yes"})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == []
    assert client.get(reverse("admin:grids_household_changelist"), {"needy": "no"}).context["cl"].result_count == 1
