"""Writes for notifications: ``notify`` one message to many users, ``notifications_create`` many
messages at once (the sweeps), marking read, and closing the notifications about a finished record.

Whatever the number of recipients, a call writes its rows with one INSERT (SQLite splits inserts
into batches of 99 rows, its limit of 999 parameters; PostgreSQL takes them in one), plus one
SELECT when deduplication keys are given. The email copy is sent by a Celery task enqueued once
the transaction commits, so a rolled-back change mails nobody and a slow mail server delays no
request.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from . import tasks
from .models import Notification

# Emails per task: a sweep may notify thousands, each task stays small and retries alone.
EMAIL_BATCH = 100


@dataclass(frozen=True)
class Draft:
    """One notification to write. ``email`` is the recipient's address for the email channel
    (empty: no email), carried along so sending needs no query for the users."""

    recipient_id: int
    kind: str
    title: str
    body: str = ""
    url: str = ""
    target_type: str = ""
    target_id: int | None = None
    dedupe_key: str = ""
    email: str = ""


def target_of(obj: Model | None) -> tuple[str, int | None]:
    """How a notification names the record it is about: ("app_label.model", pk)."""
    return ("", None) if obj is None else (obj._meta.label_lower, obj.pk)


@transaction.atomic
def notifications_create(*, drafts: Iterable[Draft]) -> list[Draft]:
    """Write ``drafts``, skipping each (recipient, dedupe key) already notified; return those written.

    Safe to call again with the same drafts (a sweep run twice): keyed drafts already written are
    skipped by one SELECT, and the unique constraint makes a concurrent duplicate a no-op."""
    drafts = _distinct(drafts)
    keys = {d.dedupe_key for d in drafts if d.dedupe_key}
    if keys:
        done = set(
            Notification.objects.filter(dedupe_key__in=keys).order_by().values_list("recipient_id", "dedupe_key")
        )
        drafts = [d for d in drafts if not d.dedupe_key or (d.recipient_id, d.dedupe_key) not in done]
    if not drafts:
        return []
    now = timezone.now()
    rows = [
        Notification(
            recipient_id=d.recipient_id, kind=d.kind, title=d.title[:200], body=d.body, url=d.url,
            target_type=d.target_type, target_id=d.target_id, dedupe_key=d.dedupe_key, created_at=now,
        )
        for d in drafts
    ]
    for row in rows:
        # Field and row rules only: checking the recipient or the unique key would cost a query per row.
        row.full_clean(exclude=["recipient"], validate_unique=False, validate_constraints=False)
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    if settings.NOTIFICATIONS_EMAIL:
        _email_on_commit(drafts)
    return drafts


def notify(
    *, users: Iterable, kind: str, title: str, body: str = "", url: str = "", target: Model | None = None,
    dedupe_key: str = "",
) -> int:
    """Notify each of ``users`` (once, however often listed) of the same thing; returns how many
    were notified. With ``dedupe_key``, a user already notified under that key is skipped."""
    target_type, target_id = target_of(target)
    recipients = {user.pk: user for user in users}
    drafts = [
        Draft(recipient_id=pk, kind=kind, title=str(title), body=str(body), url=url, target_type=target_type,
              target_id=target_id, dedupe_key=dedupe_key, email=user.email or "")
        for pk, user in recipients.items()
    ]
    return len(notifications_create(drafts=drafts))


def _distinct(drafts: Iterable[Draft]) -> list[Draft]:
    """Drafts without repeats of a (recipient, dedupe key): the first one wins."""
    seen: set[tuple[int, str]] = set()
    unique = []
    for draft in drafts:
        if draft.dedupe_key:
            if (draft.recipient_id, draft.dedupe_key) in seen:
                continue
            seen.add((draft.recipient_id, draft.dedupe_key))
        unique.append(draft)
    return unique


def _email_on_commit(drafts: list[Draft]) -> None:
    base = settings.PORTAL_URL.rstrip("/")
    messages = [
        # A subject is one line: a name with a line break in it must not make the mail unsendable.
        [" ".join(d.title.split()), "\n\n".join(part for part in (d.body, f"{base}{d.url}" if d.url else "") if part),
         None, [d.email]]
        for d in drafts if d.email
    ]
    for start in range(0, len(messages), EMAIL_BATCH):
        chunk = messages[start:start + EMAIL_BATCH]
        # robust: a broker that is down loses the email copy, not the notification or the request.
        transaction.on_commit(partial(tasks.send_notification_emails.delay, messages=chunk), robust=True)


@transaction.atomic
def notification_mark_read(*, user, notification: Notification) -> Notification:
    """Mark one of the user's own notifications read; reading it again changes nothing."""
    if notification.recipient_id != user.pk:
        raise PermissionDenied(_("This notification is addressed to someone else."))
    now = timezone.now()
    if Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now):
        notification.read_at = now
    elif notification.read_at is None:
        notification.refresh_from_db(fields=["read_at"])
    return notification


@transaction.atomic
def notifications_mark_all_read(*, user) -> int:
    """Mark all of the user's unread notifications read; returns how many there were."""
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def notifications_mark_done(*, target: Model, kinds: Iterable[str]) -> int:
    """The record needs nobody's attention any more (a transfer was received): its unread
    notifications of ``kinds``, whoever holds them, leave every inbox's unread count."""
    target_type, target_id = target_of(target)
    return Notification.objects.filter(
        target_type=target_type, target_id=target_id, kind__in=list(kinds), read_at__isnull=True
    ).update(read_at=timezone.now())
