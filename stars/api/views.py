"""API of 五星联创: years and star definitions, applications and every workflow step, evidence,
the public notice, objections, the timeline, and the statistics.

Every viewset reads through a scoped selector (an outsider's pk is a 404) and writes through one
service per endpoint, so a refused step answers with the service's own Chinese message.
"""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from organizations.models import Organization
from partybuild.api import ScopedViewSetMixin, service_errors
from partybuild.scoping import VIEW, scope_queryset

from .. import selectors, services
from ..models import StarDefinition, StarYear
from . import serializers as s

READ = (mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet)


class _Base(ScopedViewSetMixin):
    permission_classes = [IsAuthenticated]


class StarYearViewSet(_Base, *READ):
    """Years of 五星联创 and their notice period; the district starts a year from the last one."""

    serializer_class = s.StarYearSerializer

    def scoped_queryset(self):
        # The district's settings, the same for every community (see tests/test_record_types.py).
        return StarYear.objects.order_by("-year")

    @extend_schema(request=s.StarYearCreateSerializer, responses={201: s.StarYearSerializer})
    def create(self, request):
        data = self.validated(s.StarYearCreateSerializer)
        with service_errors():
            star_year = services.star_year_start(user=request.user, **data)
        return self.fresh_response(star_year, status.HTTP_201_CREATED)

    @extend_schema(request=s.StarYearWriteSerializer, responses=s.StarYearSerializer)
    def partial_update(self, request, pk=None):
        star_year = self.get_object()
        with service_errors():
            services.star_year_update(
                user=request.user, star_year=star_year, **self.validated(s.StarYearWriteSerializer)
            )
        return self.fresh_response(star_year)


class DefinitionViewSet(_Base, *READ):
    """Star definitions (星级标准) per year; frozen once the year's first star is awarded."""

    serializer_class = s.StarDefinitionSerializer

    def scoped_queryset(self):
        qs = StarDefinition.objects.select_related("star_year").order_by("-star_year__year", "position", "id")
        year = self.request.query_params.get("year", "")
        return qs.filter(star_year__year=int(year)) if year.isdigit() else qs

    @extend_schema(request=s.StarDefinitionWriteSerializer, responses=s.StarDefinitionSerializer)
    def partial_update(self, request, pk=None):
        definition = self.get_object()
        with service_errors():
            services.definition_update(user=request.user, definition=definition,
                                       **self.validated(s.StarDefinitionWriteSerializer))
        return self.fresh_response(definition)


def _step(name: str, serializer=s.StarStepSerializer):
    service = getattr(services, f"application_{name}")

    @extend_schema(request=serializer, responses=s.StarApplicationSerializer)
    def step(self, request, pk=None):
        app = self.get_object()
        with service_errors():
            service(user=request.user, application=app, **self.validated(serializer))
        return self.fresh_response(app)

    step.__name__ = f"{name}_step"
    return action(detail=True, methods=["post"], url_path=name.replace("_", "-"), url_name=name.replace("_", "-"),
                  filter_backends=[])(step)


class ApplicationViewSet(_Base, *READ):
    """Star applications (五星联创申报): create, edit, attach evidence, submit, pass, send back,
    approve, reject, revoke."""

    serializer_class = s.StarApplicationSerializer
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    def scoped_queryset(self):
        qs = selectors.application_list(user=self.request.user).order_by(
            "-year", "community__path", "definition__position"
        )
        year, state = self.request.query_params.get("year", ""), self.request.query_params.get("status", "")
        if year.isdigit():
            qs = qs.filter(year=int(year))
        return qs.filter(status=state) if state else qs

    @extend_schema(request=s.StarApplicationCreateSerializer, responses={201: s.StarApplicationSerializer})
    def create(self, request):
        data = self.validated(s.StarApplicationCreateSerializer)
        with service_errors():
            app = services.application_create(user=request.user, **data)
        return self.fresh_response(app, status.HTTP_201_CREATED)

    @extend_schema(request=s.StarEvidenceTextSerializer, responses=s.StarApplicationSerializer)
    def partial_update(self, request, pk=None):
        app = self.get_object()
        with service_errors():
            services.application_update(
                user=request.user, application=app, **self.validated(s.StarEvidenceTextSerializer)
            )
        return self.fresh_response(app)

    @extend_schema(
        request={"multipart/form-data": s.StarEvidenceUploadSerializer}, responses={201: s.StarEvidenceSerializer}
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def evidence(self, request, pk=None):
        app = self.get_object()
        data = self.validated(s.StarEvidenceUploadSerializer)
        with service_errors():
            evidence = services.evidence_add(user=request.user, application=app, upload=data["file"])
        return Response(s.StarEvidenceSerializer(evidence).data, status=status.HTTP_201_CREATED)



for _name in ("submit", "pass", "send_back", "reject"):
    setattr(ApplicationViewSet, f"{_name}_step", _step(_name))
ApplicationViewSet.approve_step = _step("approve", s.StarApproveSerializer)
ApplicationViewSet.revoke_step = _step("revoke", s.StarRevokeSerializer)


class EvidenceViewSet(_Base, *READ):
    """Evidence files of applications (their content downloads through the page's scoped view)."""

    serializer_class = s.StarEvidenceSerializer

    def scoped_queryset(self):
        return selectors.evidence_list(user=self.request.user).order_by("id")


class TimelineViewSet(_Base, *READ):
    """Every step of every application in scope: who, when, to which state, and why."""

    serializer_class = s.StarTimelineSerializer

    def scoped_queryset(self):
        return selectors.step_list(user=self.request.user).order_by("at", "id")


class NoticeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The public notice (公示): every star in notice in the district, for any signed-in user;
    ``POST …/{id}/object/`` lodges an objection (its author is seen by the district only)."""

    permission_classes = [IsAuthenticated]
    serializer_class = s.StarNoticeSerializer
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    def get_queryset(self):
        return selectors.notice_list()

    @extend_schema(request=s.StarObjectionCreateSerializer, responses={201: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"], url_path="object", url_name="object", filter_backends=[])
    def lodge(self, request, pk=None):
        app = self.get_object()
        data = s.StarObjectionCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        with service_errors():
            objection = services.objection_lodge(
                user=request.user, application=app, text=data.validated_data["text"],
                upload=data.validated_data.get("file"),
            )
        return Response({"id": objection.pk, "status": objection.status}, status=status.HTTP_201_CREATED)


class ObjectionViewSet(_Base, *READ):
    """Objections with their authors, for the district; ``decide`` upholds or dismisses one."""

    serializer_class = s.StarObjectionSerializer

    def scoped_queryset(self):
        return selectors.objection_list(user=self.request.user).order_by("lodged_at", "id")

    @extend_schema(request=s.StarObjectionDecisionSerializer, responses=s.StarObjectionSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def decide(self, request, pk=None):
        objection = self.get_object()
        data = self.validated(s.StarObjectionDecisionSerializer)
        with service_errors():
            services.objection_decide(user=request.user, objection=objection, uphold=data["decision"] == "uphold",
                                      reason=data["reason"])
        return self.fresh_response(objection)


class StarStatsViewSet(viewsets.ViewSet):
    """Stars of a scope and year: per-star counts keyed by the definition's code, communities by
    number of stars, award total. ``root`` is an organisation code in the user's area (default:
    the top of their area), ``year`` defaults to the latest year set up."""

    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=[s.StarStatsQuerySerializer], responses=OpenApiTypes.OBJECT)
    def list(self, request):
        query = s.StarStatsQuerySerializer(data=request.query_params, context={"request": request})
        query.is_valid(raise_exception=True)
        root = query.validated_data.get("root") or scope_queryset(
            Organization.objects.all(), request.user, VIEW
        ).order_by("depth", "path").first()
        if root is None:
            raise NotFound
        year = query.validated_data.get("year")
        if year is None:
            current = selectors.current_year()
            year = current.year if current else timezone.localdate().year
        stats = selectors.star_stats(root=root, year=year)
        # Two decimals on every database (SQLite sums to 320000, PostgreSQL to 320000.00).
        stats["award_total"] = f"{stats['award_total']:.2f}"
        return Response(stats)


def register(router) -> None:
    """Add this app's viewsets to the /api/v1/ router."""
    router.register("star-years", StarYearViewSet, basename="star-year")
    router.register("star-definitions", DefinitionViewSet, basename="star-definition")
    router.register("star-applications", ApplicationViewSet, basename="star-application")
    router.register("star-evidence", EvidenceViewSet, basename="star-evidence")
    router.register("star-steps", TimelineViewSet, basename="star-step")
    router.register("star-notices", NoticeViewSet, basename="star-notice")
    router.register("star-objections", ObjectionViewSet, basename="star-objection")
    router.register("stats/stars", StarStatsViewSet, basename="star-stats")
