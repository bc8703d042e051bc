"""The admin's import goes through the same all-or-nothing service, with the admin user's rights."""

import tablib
from django.urls import reverse

from imports.resources import MemberResource, OrganizationResource
from organizations.models import Organization
from tests.conftest import make_user
from tests.imports import ORG_HEADERS


def _dataset(rows):
    return tablib.Dataset(*rows[1:], headers=rows[0])


def test_resource_import_dry_run_then_real(tree, alice):
    data = _dataset([ORG_HEADERS, ["G9", "网格", "grid", "", "C9"], ["C9", "社区", "community", "branch", "S1"]])
    result = OrganizationResource().import_data(data, dry_run=True, user=alice)
    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["new"] == 2 and not Organization.objects.filter(code="C9").exists()
    result = OrganizationResource().import_data(data, dry_run=False, user=alice)
    assert {r.object_repr for r in result.rows} == {"社区 (C9)", "网格 (G9)"}
    assert Organization.objects.filter(code__in=["C9", "G9"]).count() == 2


def test_resource_import_reports_invalid_rows_by_spreadsheet_number(tree, charlie):
    data = _dataset([ORG_HEADERS, ["C7", "社区", "community", "branch", "S2"], ["C9", "社区", "community", "x", "S1"]])
    result = OrganizationResource().import_data(data, dry_run=True, user=charlie)
    assert [row.number for row in result.invalid_rows] == [3]
    assert not result.valid_rows()


def test_admin_import_page_creates_organisations(client, tree):
    admin = make_user("root", is_superuser=True, is_staff=True)
    client.force_login(admin)
    url = reverse("admin:organizations_organization_import")
    assert client.get(url).status_code == 200
    csv_file = ("code,name,level,org_type,parent_code\nC9,新社区,社区,党支部,S1\n").encode()
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(url, {
        "resource": "0", "format": "0",
        "import_file": SimpleUploadedFile("orgs.csv", csv_file, content_type="text/csv"),
    })
    assert response.status_code == 200
    confirm = response.context["confirm_form"]
    assert confirm is not None, response.context["result"].invalid_rows
    response = client.post(reverse("admin:organizations_organization_process_import"), confirm.initial)
    assert response.status_code == 302
    assert Organization.objects.get(code="C9").level == "community"


def test_member_resource_masks_by_default():
    assert MemberResource().show_personal is False
