"""The register of personal-data reveals (个人信息查阅记录)."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _

from partybuild.files import UploadTo, private_storage

from .policy import Purpose


class PersonalDataAccess(models.Model):
    """One reveal of one personal field (个人信息查阅记录): who, what, why, when, from where.

    Written once by ``audit.services.personal_data_reveal`` (or its bulk form, for the rows of an
    export or a search) and never changed; ``organization`` is where the record lived at the time,
    so the register is scoped like the data it protects."""

    scope_field = "organization"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT,
                             related_name="personal_data_accesses")
    content_type = models.ForeignKey(ContentType, verbose_name=_("record type"), on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField(_("record id"))
    object_repr = models.CharField(_("record"), max_length=200)
    field = models.CharField(_("field"), max_length=50)
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    purpose_detail = models.CharField(_("purpose details"), max_length=200)
    organization = models.ForeignKey("organizations.Organization", verbose_name=_("organisation"),
                                     on_delete=models.PROTECT, related_name="+")
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    accessed_at = models.DateTimeField(_("accessed at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("personal data access")
        verbose_name_plural = _("personal data accesses")
        ordering = ["-accessed_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="pda_object_idx")]

    def __str__(self) -> str:
        return f"{self.user} · {self.object_repr} · {self.field}"

    @property
    def field_label(self) -> str:
        """The field's verbose name, or names: an export or a search reveals several fields of a record
        at once and records them comma-separated (content types are cached by Django: no query per row)."""
        model = self.content_type.model_class()
        return "、".join(_verbose_name(model, name) for name in self.field.split(","))


def _verbose_name(model, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name) if model else name
    except FieldDoesNotExist:  # a field renamed since the reveal: show what was recorded
        return name


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Being written")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")
    # The file was deleted after EXPORT_FILE_RETENTION_DAYS; the record of the export stays.
    EXPIRED = "expired", _("Expired")


class ExportJob(models.Model):
    """An export (导出记录), and for a large one the job writing it in the background (后台导出):
    the file waits for the user who asked.

    Every export is recorded here, who, which export, with which filters (``query``) and how many
    rows; one written in the request has ``in_background`` off and no file. Only that user reads
    the job and downloads the file (``audit.selectors.export_jobs``); the export itself is the
    page's own view run again by the worker with the same query and user, so it is scoped,
    filtered and masked exactly as the page would have done it. Files are deleted
    ``EXPORT_FILE_RETENTION_DAYS`` after they were written (``audit.tasks.delete_expired_exports``)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                             related_name="export_jobs")
    view_name = models.CharField(_("export"), max_length=100)
    query = models.TextField(_("query"), blank=True)
    language = models.CharField(_("language"), max_length=10, default="zh-hans")
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=ExportStatus.choices, default=ExportStatus.QUEUED)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows written"), default=0)
    in_background = models.BooleanField(_("in the background"), default=True)
    file = models.FileField(_("file"), storage=private_storage, upload_to=UploadTo("exports"), blank=True)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("background export")
        verbose_name_plural = _("background exports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.filename or f"{self.view_name} #{self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.status in (ExportStatus.DONE, ExportStatus.FAILED, ExportStatus.EXPIRED)

    @property
    def percent(self) -> int:
        """The rows written so far out of those counted when the export was asked for (the rows
        may have changed since: the bar stops at 99 until the file is saved)."""
        if self.is_finished:
            return 100
        if self.status == ExportStatus.QUEUED or not self.total_rows:
            return 0
        return min(99, 100 * self.processed_rows // self.total_rows)

    @property
    def expires_at(self):
        from datetime import timedelta

        if self.finished_at is None or not self.in_background:
            return None
        return self.finished_at + timedelta(days=settings.EXPORT_FILE_RETENTION_DAYS)
