"""API of co-building: the three lists with claims, progress and confirmation; secretary-led projects
and their milestones; resident units' social-responsibility reports and their review."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated

from partybuild.api import ScopedViewSetMixin, service_errors

from .. import selectors, services
from . import serializers as s

READ = (mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet)


class _Base(ScopedViewSetMixin):
    permission_classes = [IsAuthenticated]


class ItemViewSet(_Base, *READ):
    """Co-building list entries (三张清单): needs, resources and projects."""

    serializer_class = s.ItemSerializer

    def scoped_queryset(self):
        return selectors.item_list(user=self.request.user)

    @extend_schema(request=s.ItemCreateSerializer, responses={201: s.ItemSerializer})
    def create(self, request):
        with service_errors():
            item = services.item_create(user=request.user, **self.validated(s.ItemCreateSerializer))
        return self.fresh_response(item, status.HTTP_201_CREATED)

    @extend_schema(request=s.ClaimSerializer, responses=s.ItemSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def claim(self, request, pk=None):
        item = self.get_object()
        with service_errors():
            services.project_claim(user=request.user, item=item, **self.validated(s.ClaimSerializer))
        return self.fresh_response(item)

    @extend_schema(request=s.ProgressCreateSerializer, responses={201: s.ItemSerializer})
    @action(detail=True, methods=["post"], filter_backends=[])
    def progress(self, request, pk=None):
        item = self.get_object()
        with service_errors():
            services.progress_report(user=request.user, item=item, **self.validated(s.ProgressCreateSerializer))
        return self.fresh_response(item, status.HTTP_201_CREATED)

    @extend_schema(request=s.VersionSerializer, responses=s.ItemSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def confirm(self, request, pk=None):
        item = self.get_object()
        with service_errors():
            services.project_confirm(user=request.user, item=item, **self.validated(s.VersionSerializer))
        return self.fresh_response(item)


class ProgressViewSet(_Base, *READ):
    """Progress reports of claimed projects."""

    serializer_class = s.ProgressSerializer

    def scoped_queryset(self):
        return selectors.progress_list(user=self.request.user).order_by("item_id", "reported_on", "id")


class EvidenceViewSet(_Base, *READ):
    """Evidence files of co-building entries (共建佐证材料); the files download on the portal's scoped view."""

    serializer_class = s.EvidenceSerializer

    def scoped_queryset(self):
        return selectors.evidence_list(user=self.request.user).order_by("item_id", "id")


class SecretaryProjectViewSet(_Base, *READ):
    """Secretary-led projects (书记领办项目)."""

    serializer_class = s.SecretaryProjectSerializer

    def scoped_queryset(self):
        return selectors.secretary_project_list(user=self.request.user)

    @extend_schema(request=s.SecretaryProjectCreateSerializer, responses={201: s.SecretaryProjectSerializer})
    def create(self, request):
        with service_errors():
            project = services.secretary_project_create(
                user=request.user, **self.validated(s.SecretaryProjectCreateSerializer))
        return self.fresh_response(project, status.HTTP_201_CREATED)


class MilestoneViewSet(_Base, *READ):
    """Milestones of secretary-led projects."""

    serializer_class = s.MilestoneSerializer

    def scoped_queryset(self):
        return selectors.milestone_list(user=self.request.user).order_by("project_id", "due_on", "id")


class ReportViewSet(_Base, *READ):
    """Resident units' social-responsibility reports (驻区单位社会责任报告)."""

    serializer_class = s.ReportSerializer

    def scoped_queryset(self):
        return selectors.report_list(user=self.request.user)

    @extend_schema(request=s.ReportCreateSerializer, responses={201: s.ReportSerializer})
    def create(self, request):
        with service_errors():
            report = services.report_file(user=request.user, **self.validated(s.ReportCreateSerializer))
        return self.fresh_response(report, status.HTTP_201_CREATED)

    @extend_schema(request=s.ReviewSerializer, responses=s.ReportSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def review(self, request, pk=None):
        report = self.get_object()
        with service_errors():
            services.report_review(user=request.user, report=report, **self.validated(s.ReviewSerializer))
        return self.fresh_response(report)


def register(router) -> None:
    """Add this app's viewsets to the /api/v1/ router."""
    router.register("cobuilding-items", ItemViewSet, basename="cobuilding-item")
    router.register("cobuilding-progress", ProgressViewSet, basename="cobuilding-progress")
    router.register("cobuilding-evidence", EvidenceViewSet, basename="cobuilding-evidence")
    router.register("secretary-projects", SecretaryProjectViewSet, basename="secretary-project")
    router.register("secretary-milestones", MilestoneViewSet, basename="secretary-milestone")
    router.register("responsibility-reports", ReportViewSet, basename="responsibility-report")
