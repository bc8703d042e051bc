"""Writes of the imports app: accept an upload as an ImportJob (run in the request when small,
enqueued for a worker once the transaction commits when large), and handle the transfer
requests member imports leave for the district.

Running a job is ``running``; the task that does it in the background is ``tasks``.
"""

from __future__ import annotations

import os
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.member_services import transfer_send
from organizations.models import Transfer
from partybuild import files

from . import parsing, policy, registry, running, tasks
from .models import ImportJob, MemberTransferRequest, TransferRequestState


def import_job_create(*, user, kind: str, upload, dry_run: bool = False) -> ImportJob:
    """Accept an upload. Its shape and row count are checked without reading its data (too many
    rows or columns are refused here); up to ``IMPORT_SYNC_ROW_LIMIT`` rows it is imported at
    once, larger files go to a worker once this transaction commits (so the worker finds the job)."""
    if kind not in registry.values():
        raise ValidationError(_("Choose what to import."))
    if not policy.can_import(user, kind):
        raise PermissionDenied(policy.refusal(user, kind))
    original_name = os.path.basename(upload.name or "")[:200]
    # Type by content and size before reading (partybuild.files); stored under a generated name
    # whose extension is that of the content, which is what the parser goes by.
    upload = files.rename_for_storage(upload, files.check_upload(
        upload, kinds=files.SPREADSHEETS, max_bytes=settings.IMPORT_MAX_UPLOAD_BYTES))
    rows = parsing.count_rows(upload, upload.name)
    table = None
    if rows <= settings.IMPORT_SYNC_ROW_LIMIT:
        table = parsing.read_table(kind, upload, upload.name)
        if not table.rows:
            raise ValidationError(_("The file has column titles but no rows."))
        rows = len(table.rows)
    job = ImportJob.objects.create(
        kind=kind, file=upload, original_name=original_name, dry_run=dry_run,
        created_by=user, total_rows=rows,
    )
    if table is None:
        transaction.on_commit(partial(tasks.enqueue_import_job, job_id=job.pk))
    else:
        running.import_job_run(job_id=job.pk, table=table)
        job.refresh_from_db()
    return job


def background_available() -> bool:
    """Whether the task broker answers now (always true when tasks run in-process)."""
    from partybuild.celery import app

    if app.conf.task_always_eager:
        return True
    try:
        with app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=0, timeout=1)
    except Exception:
        return False
    return True


# Transfer requests ------------------------------------------------------------------------------


def _close_request(*, user, transfer_request: MemberTransferRequest, state: str) -> None:
    if not policy.handles_transfer_requests(user):
        raise PermissionDenied(_("Only the district's organisation department handles transfer requests."))
    # Claimed with a conditional update: a double click or a second administrator cannot act twice.
    claimed = MemberTransferRequest.objects.filter(pk=transfer_request.pk, state=TransferRequestState.OPEN).update(
        state=state, handled_by=user, handled_at=timezone.now()
    )
    if not claimed:
        raise ValidationError(_("This transfer request has already been handled."))


@transaction.atomic
def transfer_request_send(*, user, transfer_request: MemberTransferRequest) -> Transfer:
    """Send the transfer an import asked for: an ordinary transfer from the member's current
    organisation to the one in the file, which that organisation then receives."""
    _close_request(user=user, transfer_request=transfer_request, state=TransferRequestState.SENT)
    return transfer_send(user=user, member=transfer_request.member, to_org=transfer_request.to_org,
                         reason=_("Requested by a member import"))


@transaction.atomic
def transfer_request_dismiss(*, user, transfer_request: MemberTransferRequest) -> None:
    """Close a request without a transfer (the file was wrong, or the person stays where they are)."""
    _close_request(user=user, transfer_request=transfer_request, state=TransferRequestState.DISMISSED)
