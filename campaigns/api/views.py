"""API of the campaigns. Every viewset reads through a scoped selector (an outsider's pk is a 404)
and writes through one service per endpoint; grade steps are actions."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated

from partybuild.api import ScopedViewSetMixin, service_errors

from .. import filters, selectors, services
from . import serializers as s

READ = (mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet)


class StarGradeViewSet(ScopedViewSetMixin, *READ):
    """Star grades (星级争创): self-assessment, then rate and review by the two levels above."""

    permission_classes = [IsAuthenticated]
    serializer_class = s.StarGradeSerializer
    filterset_class = filters.GradeFilter

    def scoped_queryset(self):
        return selectors.grade_list(user=self.request.user).order_by("-year", "organization__path", "id")

    @extend_schema(request=s.StarGradeCreateSerializer, responses={201: s.StarGradeSerializer})
    def create(self, request):
        data = self.validated(s.StarGradeCreateSerializer)
        with service_errors():
            grade = services.grade_self_assess(user=request.user, **data)
        return self.fresh_response(grade, status.HTTP_201_CREATED)

    def _step(self, request, step: str):
        grade = self.get_object()
        data = self.validated(s.GradeStepSerializer)
        with service_errors():
            if step == "rate":
                services.grade_rate(user=request.user, grade=grade, rated_grade=data.get("grade"),
                                    comment=data["comment"], version=data.get("version"))
            elif step == "review":
                services.grade_review(user=request.user, grade=grade, final_grade=data.get("grade"),
                                      comment=data["comment"], version=data.get("version"))
            else:
                services.grade_send_back(user=request.user, grade=grade, reason=data["comment"],
                                         version=data.get("version"))
        return self.fresh_response(grade)

    @extend_schema(request=s.GradeStepSerializer, responses=s.StarGradeSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def rate(self, request, pk=None):
        return self._step(request, "rate")

    @extend_schema(request=s.GradeStepSerializer, responses=s.StarGradeSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def review(self, request, pk=None):
        return self._step(request, "review")

    @extend_schema(request=s.GradeStepSerializer, responses=s.StarGradeSerializer)
    @action(detail=True, methods=["post"], filter_backends=[], url_path="send-back")
    def send_back(self, request, pk=None):
        return self._step(request, "send_back")


class DesignationViewSet(ScopedViewSetMixin, *READ):
    """六型社区 designations and the model-community flag, per community and year."""

    permission_classes = [IsAuthenticated]
    serializer_class = s.DesignationSerializer
    filterset_class = filters.DesignationFilter

    def scoped_queryset(self):
        return selectors.designation_list(user=self.request.user).order_by("-year", "community__path", "kind")

    @extend_schema(request=s.DesignationCreateSerializer, responses={201: s.DesignationSerializer})
    def create(self, request):
        data = self.validated(s.DesignationCreateSerializer)
        with service_errors():
            designation = services.designation_create(user=request.user, **data)
        return self.fresh_response(designation, status.HTTP_201_CREATED)


class BrandViewSet(ScopedViewSetMixin, *READ):
    """Community brands (一社区一特色)."""

    permission_classes = [IsAuthenticated]
    serializer_class = s.BrandSerializer

    def scoped_queryset(self):
        return selectors.brand_list(user=self.request.user).order_by("community__path", "name")

    @extend_schema(request=s.BrandCreateSerializer, responses={201: s.BrandSerializer})
    def create(self, request):
        data = self.validated(s.BrandCreateSerializer)
        with service_errors():
            brand = services.brand_create(user=request.user, **data)
        return self.fresh_response(brand, status.HTTP_201_CREATED)


class BoardEntryViewSet(ScopedViewSetMixin, *READ):
    """红黑榜 entries of the compounds; residents' names come out masked."""

    permission_classes = [IsAuthenticated]
    serializer_class = s.BoardEntrySerializer
    filterset_class = filters.BoardFilter

    def scoped_queryset(self):
        return selectors.board_list(user=self.request.user).order_by("-date", "-id")

    @extend_schema(request=s.BoardEntryCreateSerializer, responses={201: s.BoardEntrySerializer})
    def create(self, request):
        data = self.validated(s.BoardEntryCreateSerializer)
        with service_errors():
            entry = services.board_entry_create(user=request.user, **data)
        return self.fresh_response(entry, status.HTTP_201_CREATED)


def register(router) -> None:
    """Add this app's viewsets to the /api/v1/ router."""
    router.register("star-grades", StarGradeViewSet, basename="star-grade")
    router.register("community-designations", DesignationViewSet, basename="community-designation")
    router.register("community-brands", BrandViewSet, basename="community-brand")
    router.register("board-entries", BoardEntryViewSet, basename="board-entry")
