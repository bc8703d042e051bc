"""API of the inbox: the user's own notifications, marking one or all read."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from partybuild.api import ScopedViewSetMixin

from .. import selectors, services
from ..filters import NotificationFilter
from . import serializers as s


class NotificationViewSet(ScopedViewSetMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Your notifications (通知), newest first; ``?unread=true`` for the unread ones. Nobody else's
    are reachable: another user's id is a 404."""

    serializer_class = s.NotificationSerializer
    filterset_class = NotificationFilter

    def scoped_queryset(self):
        return selectors.notification_list(user=self.request.user)

    @extend_schema(request=None, responses=s.NotificationSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def read(self, request, pk=None):
        notification = services.notification_mark_read(user=request.user, notification=self.get_object())
        return Response(self.get_serializer(notification).data)

    @extend_schema(request=None, responses=s.ReadAllResultSerializer)
    @action(detail=False, methods=["post"], url_path="read-all", filter_backends=[])
    def read_all(self, request):
        return Response({"marked": services.notifications_mark_all_read(user=request.user)})


def register(router) -> None:
    """Add this app's viewsets to the /api/v1/ router."""
    router.register("notifications", NotificationViewSet, basename="notification")
