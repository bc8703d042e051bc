"""Member imports and ID numbers registered elsewhere (issue 10): a dry run cannot tell whether a
number belongs to a party member outside the importer's area; a real import turns such rows into
transfer requests only the district's organisation department sees and handles."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from accounts.models import Role, RoleAssignment
from imports import services
from imports.member_import import members_import
from imports.models import MemberTransferRequest, TransferRequestState
from imports.selectors import transfer_request_list
from organizations.models import Member, Transfer, TransferState
from tests.imports import MEMBER_HEADERS, table
from tests.organizations.factories import valid_id_number

NEW_ID = valid_id_number(dt.date(1985, 3, 9), seq=501)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _row(name: str, id_number: str, branch: str = "G1") -> list:
    return [name, "男", "", id_number, "", "2010-07-01", "", branch]


def _import(user, *rows, dry_run=False):
    return members_import(user=user, table=table("members", [MEMBER_HEADERS, *rows]), dry_run=dry_run)


def _everything_said(report) -> str:
    return " ".join([report.summary(), *(r for reasons in report.errors.values() for r in reasons)])


def test_a_dry_run_cannot_tell_a_member_elsewhere_from_a_new_person(tree, alice, member_c3):
    elsewhere = _import(alice, _row("甲", member_c3.id_number), dry_run=True)
    new = _import(alice, _row("甲", NEW_ID), dry_run=True)
    assert elsewhere.ok and new.ok
    assert _everything_said(elsewhere) == _everything_said(new)
    assert not MemberTransferRequest.objects.exists()


def test_importing_a_member_registered_elsewhere_asks_the_district(tree, alice, member_c3):
    report = _import(alice, _row("甲", NEW_ID), _row("赵强强", member_c3.id_number, "C2"))
    assert report.ok and len(report.created) == 1
    said = _everything_said(report)
    assert "Rows 3 name people already registered" in said
    # Nothing about where the existing member is, or who they are.
    for secret in (member_c3.name, tree.g3.name, tree.g3.code, tree.c3.name, tree.s2.name):
        assert secret not in said
    assert Member.objects.filter(id_number=member_c3.id_number).count() == 1
    request = MemberTransferRequest.objects.get()
    assert (request.member, request.to_org, request.name_in_file, request.requested_by, request.state) == (
        member_c3, tree.c2, "赵强强", alice, TransferRequestState.OPEN)


def test_importing_the_same_file_again_does_not_ask_twice(tree, alice, member_c3):
    _import(alice, _row("赵强", member_c3.id_number))
    _import(alice, _row("赵强", member_c3.id_number))
    assert MemberTransferRequest.objects.count() == 1


def test_a_rejected_file_leaves_no_request(tree, alice, member_c3):
    report = _import(alice, _row("赵强", member_c3.id_number), _row("乙", "not an id"))
    assert sorted(report.errors) == [3]
    assert "already registered" not in _everything_said(report)
    assert not MemberTransferRequest.objects.exists()


def test_a_member_in_the_importers_area_is_rejected_without_saying_where(tree, alice, member_c1):
    report = _import(alice, _row("甲", member_c1.id_number), dry_run=True)
    assert "already registered in your area" in report.errors[2][0]
    assert tree.g1.name not in report.errors[2][0] and member_c1.name not in report.errors[2][0]


def test_members_go_only_where_the_importer_manages(tree, carol):
    """Carol also works as a grid worker in G3: she sees it, edits its members, but does not import there."""
    RoleAssignment.objects.create(user=carol, role=Role.GRID_WORKER, organization=tree.g3)
    report = _import(carol, _row("甲", NEW_ID, "G3"), _row("乙", valid_id_number(seq=502), "G1"))
    assert list(report.errors) == [2] and "outside the area you may import into" in report.errors[2][0]


@pytest.fixture
def open_request(tree, alice, member_c3):
    _import(alice, _row("赵强", member_c3.id_number, "C2"))
    return MemberTransferRequest.objects.get()


def test_only_the_district_sees_the_requests(tree, open_request, dana, alice, charlie, client):
    assert list(transfer_request_list(user=dana, state="open")) == [open_request]
    for user in (alice, charlie):  # the importer and the member's own street
        assert not transfer_request_list(user=user).exists()
        client.force_login(user)
        assert client.get(reverse("imports:transfer-requests")).status_code == 403
    client.force_login(dana)
    page = client.get(reverse("imports:transfer-requests")).content.decode()
    assert "赵强" in page and tree.c2.code in page and tree.g3.code in page


def test_the_district_sends_the_transfer(tree, open_request, dana, member_c3, client):
    client.force_login(dana)
    response = client.post(reverse("imports:transfer-request-send", args=[open_request.pk]))
    assert response.status_code == 302
    transfer = Transfer.objects.get(member=member_c3)
    assert (transfer.from_org, transfer.to_org, transfer.state) == (tree.g3, tree.c2, TransferState.SENT)
    open_request.refresh_from_db()
    assert (open_request.state, open_request.handled_by) == (TransferRequestState.SENT, dana)
    with translation.override("en"), pytest.raises(ValidationError, match="already been handled"):
        services.transfer_request_send(user=dana, transfer_request=open_request)


def test_the_district_may_dismiss_a_request(tree, open_request, dana, client):
    client.force_login(dana)
    client.post(reverse("imports:transfer-request-dismiss", args=[open_request.pk]))
    open_request.refresh_from_db()
    assert open_request.state == TransferRequestState.DISMISSED and not Transfer.objects.exists()


def test_others_cannot_handle_requests(tree, open_request, alice, charlie, client):
    with pytest.raises(PermissionDenied):
        services.transfer_request_dismiss(user=charlie, transfer_request=open_request)
    for user in (alice, charlie):
        client.force_login(user)
        assert client.post(reverse("imports:transfer-request-send", args=[open_request.pk])).status_code == 404
    open_request.refresh_from_db()
    assert open_request.state == TransferRequestState.OPEN


def test_the_district_sees_how_many_wait_on_the_upload_page(tree, open_request, dana, alice, client):
    client.force_login(dana)
    assert reverse("imports:transfer-requests") in client.get(reverse("imports:upload")).content.decode()
    client.force_login(alice)
    assert reverse("imports:transfer-requests") not in client.get(reverse("imports:upload")).content.decode()


def test_the_job_summary_tells_the_importer_what_happened(tree, alice, member_c3, client, settings, tmp_path):
    from tests.imports import upload

    settings.MEDIA_ROOT = tmp_path
    job = services.import_job_create(user=alice, kind="members",
                                     upload=upload([MEMBER_HEADERS, _row("赵强", member_c3.id_number)]))
    assert job.status == "done" and job.created_count == 0
    assert "organisation department" in job.error_summary and tree.g3.name not in job.error_summary
