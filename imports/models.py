"""Import jobs (导入任务): an uploaded spreadsheet validated as a whole and applied all-or-nothing,
in the request for small files and by a Celery worker with a progress bar for large ones."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from partybuild.files import UploadTo, private_storage


class ImportKind(models.TextChoices):
    ORGANIZATIONS = "orgs", _("Party organisations")
    MEMBERS = "members", _("Party members")


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    # Done: the file was valid (and written, unless it was a dry run).
    DONE = "done", _("Done")
    # Failed: rows were rejected (nothing written), the file was unreadable, or the job crashed.
    FAILED = "failed", _("Failed")


class ImportJob(models.Model):
    """One upload of organisations or members (批量导入). The job acts with the rights of
    ``created_by``, whoever runs it; only its creator (or a superuser) sees it."""

    kind = models.CharField(_("kind"), max_length=16, choices=ImportKind.choices)
    # Checked by content on upload (partybuild.files); private, under a generated name.
    file = models.FileField(_("uploaded file"), upload_to=UploadTo("imports/uploads"), storage=private_storage)
    original_name = models.CharField(_("file name"), max_length=200)
    dry_run = models.BooleanField(_("dry run"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="import_jobs"
    )
    status = models.CharField(_("status"), max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows processed"), default=0)
    created_count = models.PositiveIntegerField(_("records created"), default=0)
    rejected_count = models.PositiveIntegerField(_("rows rejected"), default=0)
    error_summary = models.TextField(_("error summary"), blank=True)
    # The first rejected rows as [{"row": 5, "reason": "..."}], for the status page; the full list
    # is in the rejected-rows workbook.
    errors = models.JSONField(_("row errors"), default=list, blank=True)
    rejected_file = models.FileField(_("rejected rows"), upload_to=UploadTo("imports/rejected"),
                                     storage=private_storage, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["created_by", "-created_at"], name="importjob_user_created_idx")]

    def __str__(self) -> str:
        # A kind another app registers (imports.registry) is not among the choices: its code shows.
        return f"{self.get_kind_display()} · {self.original_name} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)

    @property
    def percent(self) -> int:
        if self.is_finished:
            return 100
        return int(100 * self.processed_rows / self.total_rows) if self.total_rows else 0


class TransferRequestState(models.TextChoices):
    OPEN = "open", _("Waiting for the district")
    SENT = "sent", _("Transfer sent")
    DISMISSED = "dismissed", _("Dismissed")


class MemberTransferRequest(models.Model):
    """A row of a member import naming someone already registered as a party member outside the
    importer's area (需由区委组织部办理转接). The import does not register them twice, nor tell
    the importer where they are: the district's organisation department sees the request and
    sends the transfer from the member's organisation (an ordinary ``Transfer``) or dismisses it."""

    # Follows the member: only those who may see the member see the request (and the list is
    # further limited to the district's organisation department, see ``policy``).
    scope_field = "member__branch"

    member = models.ForeignKey("organizations.Member", verbose_name=_("registered member"),
                               on_delete=models.PROTECT, related_name="+")
    to_org = models.ForeignKey("organizations.Organization", verbose_name=_("organisation in the file"),
                               on_delete=models.PROTECT, related_name="+")
    name_in_file = models.CharField(_("name in the file"), max_length=50)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("imported by"),
                                     on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    state = models.CharField(_("state"), max_length=16, choices=TransferRequestState.choices,
                             default=TransferRequestState.OPEN)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("handled by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)

    class Meta:
        verbose_name = _("transfer request from an import")
        verbose_name_plural = _("transfer requests from imports")
        ordering = ["-requested_at", "-id"]
        constraints = [
            # Importing the same file again does not ask twice.
            models.UniqueConstraint(fields=["member", "to_org"], condition=models.Q(state="open"),
                                    name="one_open_transfer_request_per_member_and_org"),
        ]

    def __str__(self) -> str:
        return f"{self.name_in_file} ({self.get_state_display()})"
