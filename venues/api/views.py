"""API of venues and bookings. Every viewset reads through a scoped selector (an outsider's pk is
a 404) and writes through one service per endpoint."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated

from partybuild.api import ScopedViewSetMixin, service_errors

from .. import filters, selectors, services
from . import serializers as s

READ = (mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet)


class VenueViewSet(ScopedViewSetMixin, *READ):
    """Service venues (服务阵地): party-mass service centres, red posts, reading rooms, mediation
    rooms, open organisation-life bases."""

    permission_classes = [IsAuthenticated]
    serializer_class = s.VenueSerializer
    filterset_class = filters.VenueFilter

    def scoped_queryset(self):
        return selectors.venue_list(user=self.request.user).order_by("owner__path", "name", "id")

    @extend_schema(request=s.VenueCreateSerializer, responses={201: s.VenueSerializer})
    def create(self, request):
        data = self.validated(s.VenueCreateSerializer)
        data.pop("version", None)
        with service_errors():
            venue = services.venue_create(user=request.user, **data)
        return self.fresh_response(venue, status.HTTP_201_CREATED)

    @extend_schema(request=s.VenueWriteSerializer, responses=s.VenueSerializer)
    def partial_update(self, request, pk=None):
        venue = self.get_object()
        data = self.validated(s.VenueWriteSerializer)
        with service_errors():
            services.venue_update(user=request.user, venue=venue, **data)
        return self.fresh_response(venue)


class BookingViewSet(ScopedViewSetMixin, *READ):
    """Venue bookings (预约): book, then the venue confirms or declines; either side cancels."""

    permission_classes = [IsAuthenticated]
    serializer_class = s.BookingSerializer
    filterset_class = filters.BookingFilter

    def scoped_queryset(self):
        return selectors.booking_list(user=self.request.user).order_by("-date", "-id")

    @extend_schema(request=s.BookingCreateSerializer, responses={201: s.BookingSerializer})
    def create(self, request):
        data = self.validated(s.BookingCreateSerializer)
        with service_errors():
            booking = services.booking_create(user=request.user, **data)
        return self.fresh_response(booking, status.HTTP_201_CREATED)

    def _step(self, request, step: str):
        booking = self.get_object()
        data = self.validated(s.AnswerSerializer)
        with service_errors():
            services.booking_answer(user=request.user, booking=booking, step=step, note=data["note"])
        return self.fresh_response(booking)

    @extend_schema(request=s.AnswerSerializer, responses=s.BookingSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def confirm(self, request, pk=None):
        return self._step(request, "confirm")

    @extend_schema(request=s.AnswerSerializer, responses=s.BookingSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def decline(self, request, pk=None):
        return self._step(request, "decline")

    @extend_schema(request=s.AnswerSerializer, responses=s.BookingSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def cancel(self, request, pk=None):
        return self._step(request, "cancel")


def register(router) -> None:
    """Add this app's viewsets to the /api/v1/ router."""
    router.register("venues", VenueViewSet, basename="venue")
    router.register("venue-bookings", BookingViewSet, basename="venue-booking")
