"""Admin: district admins configure categories and departments; others read; cases are read-only."""

import pytest

from reports.models import ReportCategory


def staff(user):
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


def test_district_admin_changes_a_category_time_limit(client, dana, category, station):
    client.force_login(staff(dana))
    url = f"/admin/reports/reportcategory/{category.pk}/change/"
    assert client.get(url).status_code == 200
    response = client.post(url, {
        "code": category.code, "name": category.name, "description": "", "default_department": station.pk,
        "accept_limit_hours": 1, "contact_limit_hours": 24, "time_limit_hours": 120, "is_active": "on",
        "ordering": 0,
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    assert ReportCategory.objects.get(pk=category.pk).time_limit_hours == 120


def test_street_official_may_read_but_not_change_categories(client, alice, category):
    client.force_login(staff(alice))
    url = f"/admin/reports/reportcategory/{category.pk}/change/"
    assert client.get(url).status_code == 200
    client.post(url, {"code": category.code, "name": "改名", "time_limit_hours": 1})
    assert ReportCategory.objects.get(pk=category.pk).name == category.name
    assert client.get("/admin/reports/reportcategory/add/").status_code == 403


def test_cases_are_read_only_in_the_admin(client, dana, report):
    client.force_login(staff(dana))
    assert client.get(f"/admin/reports/gridreport/{report.pk}/change/").status_code == 200
    assert client.get("/admin/reports/gridreport/add/").status_code == 403


def test_outsider_admin_does_not_see_the_station(client, charlie, station):
    client.force_login(staff(charlie))
    assert client.get(f"/admin/reports/department/{station.pk}/change/").status_code == 302


@pytest.mark.parametrize("who", ["alice", "charlie"])
def test_only_district_admins_see_api_keys(client, who, request):
    client.force_login(staff(request.getfixturevalue(who)))
    assert client.get("/admin/reports/open311key/").status_code == 403
