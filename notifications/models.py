"""Notifications (通知 / 消息提醒): the portal's in-app inbox, with an email copy behind a setting.

A notification belongs to one user, its recipient, and only they ever see it: unlike the tenant
data it is not scoped by the organisation tree (an official above a grid does not read the grid
worker's inbox). Rows are written in bulk by ``services.notify`` / ``notifications_create``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    """What a notification is about; a new use adds a kind here (and a migration for its label)."""

    REPORT_OVERDUE = "report_overdue", _("Grid report overdue")
    TRANSFER_PENDING = "transfer_pending", _("Transfer awaiting receipt")
    TRANSFER_CLOSED = "transfer_closed", _("Transfer received or cancelled")
    ORGLIFE_DUE = "orglife_due", _("Organisational life still due")
    MEETING_TASK = "meeting_task", _("Joint meeting task")
    MEETING_ITEM_ESCALATED = "meeting_item_escalated", _("Agenda item escalated")
    MEETING_OVERDUE = "meeting_overdue", _("Joint meeting not closed")
    STAR_APPLICATION = "star_application", _("Star application (五星联创)")


class Notification(models.Model):
    """Notification (通知): a message to one user about one record, read or not yet read."""

    # The scope of a notification is its recipient, not the tree; tests/test_scope_matrix.py plants
    # one per owner-scoped model and checks no outsider reads or changes it.
    owner_field = "recipient"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("details"), max_length=2000, blank=True)
    # A path inside the portal (never a full URL), so a link in the inbox cannot lead elsewhere.
    url = models.CharField(_("link"), max_length=300, blank=True)
    # The record it is about, as "app_label.model" and pk: a plain pair rather than a generic
    # foreign key, so writing thousands of rows needs no content-type lookups, and the rows
    # about one record can be closed at once (e.g. when a transfer is received).
    target_type = models.CharField(_("record type"), max_length=100, blank=True)
    target_id = models.PositiveBigIntegerField(_("record id"), null=True, blank=True)
    # Set by periodic sweeps so that running them again notifies nobody twice; unique per recipient.
    dedupe_key = models.CharField(_("deduplication key"), max_length=120, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The bell's unread count and the inbox's unread tab: WHERE recipient = ? AND read_at IS NULL.
            models.Index(fields=["recipient", "read_at"], name="notif_recipient_read_idx"),
            # The inbox, newest first, one page at a time.
            models.Index(fields=["recipient", "-created_at"], name="notif_recipient_new_idx"),
            # Closing every notification about one record (a transfer received, a case closed).
            models.Index(fields=["target_type", "target_id"], name="notif_target_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"], condition=~Q(dedupe_key=""), name="notification_once_per_key"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.url and not (
            self.url.startswith("/") and url_has_allowed_host_and_scheme(self.url, allowed_hosts=None)
        ):
            raise ValidationError({"url": _("The link must be a path inside the portal.")})

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
