"""The admin's Import leads to the import page: the one way in for files, with its size and row
limits, whole-file validation and background jobs. Nothing is imported by the admin itself."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from imports.models import ImportJob
from imports.resources import MemberResource
from organizations.models import Organization
from tests.conftest import make_user


@pytest.fixture
def root(tree):
    return make_user("root", is_superuser=True, is_staff=True)


@pytest.mark.parametrize(("model", "kind"), [("organization", "orgs"), ("member", "members")])
def test_admin_import_button_leads_to_the_import_page(client, root, model, kind):
    client.force_login(root)
    response = client.get(reverse(f"admin:organizations_{model}_import"))
    assert response.status_code == 302 and response.url == f"{reverse('imports:upload')}?kind={kind}"
    page = client.get(response.url).content.decode()
    assert f'value="{kind}" checked' in page


def test_admin_cannot_import_a_file_itself(client, root):
    """The admin's own two-step import would read the file unbounded and write in the request."""
    client.force_login(root)
    csv_file = SimpleUploadedFile("orgs.csv", b"code,name,level,org_type,parent_code\nC9,new,community,branch,S1\n",
                                  content_type="text/csv")
    for name in ("admin:organizations_organization_import", "admin:organizations_organization_process_import"):
        response = client.post(reverse(name), {"resource": "0", "format": "0", "import_file": csv_file})
        assert response.status_code == 302
    assert not Organization.objects.filter(code="C9").exists() and not ImportJob.objects.exists()


def test_admin_import_button_shows_only_to_those_who_may_import(rf, alice, gina):
    from django.contrib import admin

    from organizations.models import Member

    member_admin = admin.site._registry[Member]
    for user, expected in ((alice, True), (gina, False)):
        user.is_staff = True
        request = rf.get("/")
        request.user = user
        assert member_admin.has_import_permission(request) is expected


def test_admin_exports_through_the_portals_export_pages(root):
    from django.contrib import admin

    from organizations.models import Member

    assert admin.site._registry[Organization].portal_export == "imports:org-export"
    assert admin.site._registry[Member].portal_export == "imports:member-export"


def test_member_resource_masks_by_default():
    assert MemberResource().show_personal is False
