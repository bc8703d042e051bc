"""Factories for notifications."""

from __future__ import annotations

import factory

from notifications.models import Kind, Notification


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    kind = Kind.REPORT_OVERDUE
    title = factory.Sequence(lambda n: f"事项 WG{n:06d} 已超时")
    body = "安全隐患 · 西城壕第一网格"
    url = "/reports/"
