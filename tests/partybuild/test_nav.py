"""The main menu shows each role what its area reaches, grouped, with the current page marked."""

from __future__ import annotations

import pytest
from django.urls import reverse

from partybuild.nav import GROUPS, NavItem, declared_items, menu_for


def labels(user) -> set[str]:
    return {str(entry.label) for group in menu_for(user) for entry in group.entries}


@pytest.mark.django_db
def test_department_staff_see_only_the_reports_routed_to_them(dave):
    assert labels(dave) == {"网格吹哨"}


@pytest.mark.django_db
def test_grid_workers_and_auditors_get_no_import_entry(gina, audrey, carol):
    assert "数据导入" not in labels(gina)
    assert "数据导入" not in labels(audrey)
    assert "数据导入" in labels(carol)


@pytest.mark.django_db
def test_access_log_is_in_the_district_admins_menu_only(dana, alice):
    assert "个人信息查看记录" in labels(dana)
    assert "个人信息查看记录" not in labels(alice)


def test_every_entry_names_a_known_group_and_a_url():
    items = declared_items()
    assert {item.group for item in items} <= GROUPS.keys()
    for item in items:
        reverse(item.url_name)


def test_an_entry_is_current_under_its_prefixes():
    item = NavItem("x", "home", "admin", active=("organizations:member",))
    assert item.is_active("organizations:member-detail")
    assert not item.is_active("organizations:tree")
    assert not item.is_active("")


@pytest.mark.django_db
def test_a_group_of_several_entries_renders_as_a_dropdown_with_the_current_one_marked(client, carol):
    client.force_login(carol)
    html = client.get(reverse("organizations:member-list")).content.decode()
    assert 'class="nav-link dropdown-toggle btn btn-link text-nowrap active"' in html
    assert f'class="dropdown-item active" aria-current="page" href="{reverse("organizations:member-list")}"' in html
