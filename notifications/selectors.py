"""Reads of notifications. A user only ever reads their own: the scope of a notification is its
recipient, so these filter by the user instead of going through the tree's ``scope_queryset``."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Notification


def notification_list(*, user, unread_only: bool = False) -> QuerySet[Notification]:
    """The user's notifications, newest first (nothing for an anonymous user)."""
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    qs = Notification.objects.filter(recipient_id=user.pk)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs.order_by("-created_at", "-pk")


def unread_count(*, user) -> int:
    """How many of the user's notifications are unread: one indexed COUNT."""
    return notification_list(user=user, unread_only=True).order_by().count()


def unread_count_cached(request) -> int:
    """``unread_count`` for the request's user, counted once per request however often it is shown."""
    cached = getattr(request, "_notifications_unread", None)
    if cached is None:
        cached = request._notifications_unread = unread_count(user=request.user)
    return cached


def forget_unread_count(request) -> None:
    """Drop the request's cached count, after the request marked notifications read."""
    request.__dict__.pop("_notifications_unread", None)
