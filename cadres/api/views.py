"""API of community cadres, secretaries' files, training courses, attendance and mentor pairs."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated

from partybuild.api import ScopedViewSetMixin, service_errors

from .. import selectors, services
from . import serializers as s

READ = (mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet)


class _Base(ScopedViewSetMixin, *READ):
    permission_classes = [IsAuthenticated]


class CadreViewSet(_Base):
    """Community cadres (社区干部)."""

    serializer_class = s.CadreSerializer

    def scoped_queryset(self):
        return selectors.cadre_list(user=self.request.user).order_by("community__path", "name", "id")

    @extend_schema(request=s.CadreCreateSerializer, responses={201: s.CadreSerializer})
    def create(self, request):
        data = self.validated(s.CadreCreateSerializer)
        with service_errors():
            cadre = services.cadre_create(user=request.user, **data)
        return self.fresh_response(cadre, status.HTTP_201_CREATED)


class FileViewSet(_Base):
    """Secretaries' files (一人一档)."""

    serializer_class = s.FileSerializer

    def scoped_queryset(self):
        return selectors.file_list(user=self.request.user).order_by("id")


class CourseViewSet(_Base):
    """Training courses (培训)."""

    serializer_class = s.CourseSerializer

    def scoped_queryset(self):
        return selectors.course_list(user=self.request.user).order_by("-starts_on", "id")

    @extend_schema(request=s.CourseCreateSerializer, responses={201: s.CourseSerializer})
    def create(self, request):
        data = self.validated(s.CourseCreateSerializer)
        with service_errors():
            course = services.course_create(user=request.user, **data)
        return self.fresh_response(course, status.HTTP_201_CREATED)


class AttendanceViewSet(_Base):
    """Attendance of cadres at courses."""

    serializer_class = s.AttendanceSerializer

    def scoped_queryset(self):
        return selectors.attendance_list(user=self.request.user).order_by("id")

    @extend_schema(request=s.AttendanceCreateSerializer, responses={201: s.AttendanceSerializer})
    def create(self, request):
        data = self.validated(s.AttendanceCreateSerializer)
        with service_errors():
            row = services.attendance_record(user=request.user, **data)
        return self.fresh_response(row, status.HTTP_201_CREATED)


class PairViewSet(_Base):
    """Mentor pairs (师徒结对)."""

    serializer_class = s.PairSerializer

    def scoped_queryset(self):
        return selectors.pair_list(user=self.request.user).order_by("-started_on", "id")

    @extend_schema(request=s.PairCreateSerializer, responses={201: s.PairSerializer})
    def create(self, request):
        data = self.validated(s.PairCreateSerializer)
        with service_errors():
            pair = services.mentor_pair_create(user=request.user, **data)
        return self.fresh_response(pair, status.HTTP_201_CREATED)

    @extend_schema(request=s.PairEndSerializer, responses={200: s.PairSerializer})
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        pair = self.get_object()
        data = self.validated(s.PairEndSerializer)
        with service_errors():
            pair = services.mentor_pair_end(user=request.user, pair=pair, **data)
        return self.fresh_response(pair)


class LeaderViewSet(_Base):
    """Grid and building leaders (网格长/楼栋长)."""

    serializer_class = s.LeaderSerializer

    def scoped_queryset(self):
        return selectors.leader_list(user=self.request.user).order_by("grid__code", "kind", "id")

    @extend_schema(request=s.LeaderCreateSerializer, responses={201: s.LeaderSerializer})
    def create(self, request):
        data = self.validated(s.LeaderCreateSerializer)
        with service_errors():
            post = services.leader_appoint(user=request.user, **data)
        return self.fresh_response(post, status.HTTP_201_CREATED)

    @extend_schema(request=s.PairEndSerializer, responses={200: s.LeaderSerializer})
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        post = self.get_object()
        data = self.validated(s.PairEndSerializer)
        with service_errors():
            post = services.leader_end(user=request.user, post=post, **data)
        return self.fresh_response(post)


class DutyViewSet(_Base):
    """In-service members' duties (在职党员三定一考), with the service done that year."""

    serializer_class = s.DutySerializer

    def scoped_queryset(self):
        return selectors.duty_list(user=self.request.user).order_by("-year", "id")

    @extend_schema(request=s.DutyCreateSerializer, responses={201: s.DutySerializer})
    def create(self, request):
        data = self.validated(s.DutyCreateSerializer)
        with service_errors():
            duty = services.duty_create(user=request.user, **data)
        return self.fresh_response(duty, status.HTTP_201_CREATED)

    @extend_schema(request=s.DutyAssessSerializer, responses={200: s.DutySerializer})
    @action(detail=True, methods=["post"])
    def assess(self, request, pk=None):
        duty = self.get_object()
        data = self.validated(s.DutyAssessSerializer)
        with service_errors():
            duty = services.duty_assess(user=request.user, duty=duty, on=timezone.localdate(), **data)
        return self.fresh_response(duty)


class LetterViewSet(_Base):
    """Conduct letters (党员社会表现信息报告) issued to members' work units."""

    serializer_class = s.LetterSerializer

    def scoped_queryset(self):
        return selectors.letter_list(user=self.request.user).order_by("-issued_on", "id")


def register(router) -> None:
    router.register("community-cadres", CadreViewSet, basename="community-cadre")
    router.register("secretary-files", FileViewSet, basename="secretary-file")
    router.register("training-courses", CourseViewSet, basename="training-course")
    router.register("training-attendances", AttendanceViewSet, basename="training-attendance")
    router.register("mentor-pairs", PairViewSet, basename="mentor-pair")
    router.register("grid-leaders", LeaderViewSet, basename="grid-leader")
    router.register("in-service-duties", DutyViewSet, basename="in-service-duty")
    router.register("conduct-letters", LetterViewSet, basename="conduct-letter")
