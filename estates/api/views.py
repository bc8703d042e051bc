"""API of the red property service registers. Reads go through the scoped selectors (an outsider's
pk is a 404), writes through one service per endpoint."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from organizations import selectors as org_selectors
from partybuild.api import ScopedViewSetMixin, service_errors, validated_query

from .. import filters, selectors, services
from . import serializers as s

READ = (mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet)


class _Base(ScopedViewSetMixin):
    permission_classes = [IsAuthenticated]

    def _create(self, serializer_class, service, **extra):
        data = self.validated(serializer_class)
        data.pop("version", None)
        with service_errors():
            obj = service(user=self.request.user, **data, **extra)
        return self.fresh_response(obj, status.HTTP_201_CREATED)

    def _update(self, serializer_class, service, name: str):
        obj = self.get_object()
        data = self.validated(serializer_class)
        with service_errors():
            service(user=self.request.user, **{name: obj}, **data)
        return self.fresh_response(obj)


class CompanyViewSet(_Base, *READ):
    """Property companies (物业企业) and their party status."""

    serializer_class = s.CompanySerializer
    filterset_class = filters.CompanyFilter

    def scoped_queryset(self):
        return selectors.company_list(user=self.request.user).order_by("name", "id")

    @extend_schema(request=s.CompanyCreateSerializer, responses={201: s.CompanySerializer})
    def create(self, request):
        return self._create(s.CompanyCreateSerializer, services.company_create)

    @extend_schema(request=s.CompanyWriteSerializer, responses=s.CompanySerializer)
    def partial_update(self, request, pk=None):
        return self._update(s.CompanyWriteSerializer, services.company_update, "company")


class UnitViewSet(_Base, *READ):
    """Property service units (物业服务单元): their buildings and management history are sub-resources."""

    serializer_class = s.UnitSerializer
    filterset_class = filters.UnitFilter

    def scoped_queryset(self):
        return selectors.unit_list(user=self.request.user).order_by("community__path", "name", "id")

    @extend_schema(request=s.UnitCreateSerializer, responses={201: s.UnitSerializer})
    def create(self, request):
        return self._create(s.UnitCreateSerializer, services.unit_create)

    @extend_schema(request=s.UnitWriteSerializer, responses=s.UnitSerializer)
    def partial_update(self, request, pk=None):
        return self._update(s.UnitWriteSerializer, services.unit_update, "unit")

    @extend_schema(request=s.ManagementChangeSerializer, responses=s.UnitSerializer)
    @action(detail=True, methods=["post"], url_path="change-management", filter_backends=[])
    def change_management(self, request, pk=None):
        return self._update(s.ManagementChangeSerializer, services.unit_change_management, "unit")

    @extend_schema(request=s.AddBuildingSerializer, responses=s.UnitSerializer)
    @action(detail=True, methods=["post"], url_path="add-building", filter_backends=[])
    def add_building(self, request, pk=None):
        return self._update(s.AddBuildingSerializer, services.unit_add_building, "unit")


class PeriodViewSet(_Base, *READ):
    """Management periods of the units (who managed each unit, when)."""

    serializer_class = s.PeriodSerializer

    def scoped_queryset(self):
        return selectors.period_list(user=self.request.user).order_by("unit", "-started_on")


class CoverageViewSet(_Base, *READ):
    """Buildings covered by the units, dated."""

    serializer_class = s.CoverageSerializer

    def scoped_queryset(self):
        return selectors.coverage_list(user=self.request.user).order_by("unit", "building")


class CommitteeViewSet(_Base, *READ):
    """Owners' committees (业委会) and property management committees (物管会), one row per term."""

    serializer_class = s.CommitteeSerializer
    filterset_class = filters.CommitteeFilter

    def scoped_queryset(self):
        return selectors.committee_list(user=self.request.user).order_by("unit", "-term_start")

    @extend_schema(request=s.CommitteeCreateSerializer, responses={201: s.CommitteeSerializer})
    def create(self, request):
        return self._create(s.CommitteeCreateSerializer, services.committee_create)

    @extend_schema(request=s.CommitteeWriteSerializer, responses=s.CommitteeSerializer)
    def partial_update(self, request, pk=None):
        return self._update(s.CommitteeWriteSerializer, services.committee_update, "committee")


class CommitteeMemberViewSet(_Base, *READ):
    """Members of the committees, with party membership and cross-appointments (交叉任职)."""

    serializer_class = s.CommitteeMemberSerializer

    def scoped_queryset(self):
        return selectors.member_list(user=self.request.user).order_by("committee", "name")

    @extend_schema(request=s.CommitteeMemberCreateSerializer, responses={201: s.CommitteeMemberSerializer})
    def create(self, request):
        return self._create(s.CommitteeMemberCreateSerializer, services.committee_member_add)


class ItemViewSet(_Base, *READ):
    """武房管家 service items with their unified fees."""

    serializer_class = s.ItemSerializer
    filterset_class = filters.ItemFilter

    def scoped_queryset(self):
        return selectors.item_list(user=self.request.user).order_by("name", "id")

    @extend_schema(request=s.ItemCreateSerializer, responses={201: s.ItemSerializer})
    def create(self, request):
        return self._create(s.ItemCreateSerializer, services.item_create)

    @extend_schema(request=s.ItemWriteSerializer, responses=s.ItemSerializer)
    def partial_update(self, request, pk=None):
        return self._update(s.ItemWriteSerializer, services.item_update, "item")


class RecordViewSet(_Base, *READ):
    """武房管家 service records of households."""

    serializer_class = s.RecordSerializer
    filterset_class = filters.RecordFilter

    def scoped_queryset(self):
        return selectors.record_list(user=self.request.user)

    @extend_schema(request=s.RecordCreateSerializer, responses={201: s.RecordSerializer})
    def create(self, request):
        return self._create(s.RecordCreateSerializer, services.record_create)


class ComplaintViewSet(_Base, *READ):
    """Property complaints (物业投诉): recorded or linked from a grid report, answered, closed."""

    serializer_class = s.ComplaintSerializer
    filterset_class = filters.ComplaintFilter

    def scoped_queryset(self):
        return selectors.complaint_list(user=self.request.user)

    @extend_schema(request=s.ComplaintCreateSerializer, responses={201: s.ComplaintSerializer})
    def create(self, request):
        return self._create(s.ComplaintCreateSerializer, services.complaint_record)

    @extend_schema(request=s.ComplaintLinkSerializer, responses={201: s.ComplaintSerializer})
    @action(detail=False, methods=["post"], url_path="link-report", filter_backends=[])
    def link_report(self, request):
        return self._create(s.ComplaintLinkSerializer, services.complaint_from_report)

    @extend_schema(request=s.AnswerSerializer, responses=s.ComplaintSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def answer(self, request, pk=None):
        return self._update(s.AnswerSerializer, services.complaint_answer, "complaint")

    @extend_schema(request=s.CloseSerializer, responses=s.ComplaintSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def close(self, request, pk=None):
        return self._update(s.CloseSerializer, services.complaint_close, "complaint")


class SurveyViewSet(_Base, *READ):
    """Satisfaction surveys (满意度测评) per unit and quarter."""

    serializer_class = s.SurveySerializer

    def scoped_queryset(self):
        return selectors.survey_list(user=self.request.user).order_by("-year", "-quarter", "unit")

    @extend_schema(request=s.SurveySerializer, responses={201: s.SurveySerializer})
    def create(self, request):
        return self._create(s.SurveySerializer, services.survey_record)


class InspectionViewSet(_Base, *READ):
    """Street inspections (街道巡查) of the units."""

    serializer_class = s.InspectionSerializer

    def scoped_queryset(self):
        return selectors.inspection_list(user=self.request.user)

    @extend_schema(request=s.InspectionSerializer, responses={201: s.InspectionSerializer})
    def create(self, request):
        return self._create(s.InspectionSerializer, services.inspection_record)


class WeightsViewSet(_Base, *READ):
    """The district's ranking weights (set on the ranking page)."""

    serializer_class = s.WeightsSerializer

    def scoped_queryset(self):
        return selectors.weights_list(user=self.request.user)


class RankingViewSet(viewsets.ViewSet):
    """The quarter's ranking of companies or compounds, each input beside the score (see ``estates.ranking``)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=[s.RankingQuerySerializer], responses=s.RankingRowSerializer(many=True))
    def list(self, request):
        query = validated_query(request, s.RankingQuerySerializer)
        rows, _means, _weights = selectors.visible_ranking(user=request.user, **query)
        return Response(s.RankingRowSerializer(rows, many=True).data)


class ListEntryViewSet(_Base, *READ):
    """Red and black list entries (红黑榜) of property companies, with their workflow steps as actions."""

    serializer_class = s.ListEntrySerializer

    def scoped_queryset(self):
        return selectors.list_entries(user=self.request.user)

    @extend_schema(request=s.ListProposeSerializer, responses={201: s.ListEntrySerializer})
    def create(self, request):
        return self._create(s.ListProposeSerializer, services.list_propose)

    def _entry_step(self, serializer_class, service):
        return self._update(serializer_class, service, "entry")

    @extend_schema(request=s.ListNoteSerializer, responses=s.ListEntrySerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def confirm(self, request, pk=None):
        return self._entry_step(s.ListNoteSerializer, services.list_confirm)

    @extend_schema(request=s.ListNoteSerializer, responses=s.ListEntrySerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def reject(self, request, pk=None):
        return self._entry_step(s.ListNoteSerializer, services.list_reject)

    @extend_schema(request=s.ListDecideSerializer, responses=s.ListEntrySerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def decide(self, request, pk=None):
        return self._entry_step(s.ListDecideSerializer, services.list_decide)

    @extend_schema(request=s.ListAppealSerializer, responses=s.ListEntrySerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def appeal(self, request, pk=None):
        return self._entry_step(s.ListAppealSerializer, services.list_appeal)

    @extend_schema(request=s.ListNoteSerializer, responses=s.ListEntrySerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def uphold(self, request, pk=None):
        return self._entry_step(s.ListNoteSerializer, services.list_uphold)

    @extend_schema(request=s.ListNoteSerializer, responses=s.ListEntrySerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def revoke(self, request, pk=None):
        return self._entry_step(s.ListNoteSerializer, services.list_revoke)


class ListStepViewSet(_Base, *READ):
    """The steps of the list entries (history)."""

    serializer_class = s.ListStepSerializer

    def scoped_queryset(self):
        return selectors.list_steps(user=self.request.user).order_by("entry", "at", "id")


class PropertyStatsViewSet(viewsets.ViewSet):
    """Property statistics of one organisation's subtree (红色物业统计): ``GET /api/v1/stats/property/``."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Units by management mode and companies by party status below an organisation",
        parameters=[s.StatsQuerySerializer],
        responses={200: s.PropertyStatsSerializer, 404: OpenApiResponse(description="No such organisation in reach.")},
    )
    def list(self, request):
        code = validated_query(request, s.StatsQuerySerializer)["root"].strip()
        if code:
            root = org_selectors.organization_list(user=request.user, include_dissolved=True).filter(code=code).first()
        else:
            root = org_selectors.organization_roots(user=request.user).first()
        if root is None:
            raise Http404(_("No organisation in your area has this code."))
        stats = selectors.property_stats(units=selectors.units_under(root))
        return Response(s.PropertyStatsSerializer({"root": root.code, **stats}).data)


def register(router) -> None:
    """Add this app's viewsets to the /api/v1/ router."""
    router.register("property-companies", CompanyViewSet, basename="property-company")
    router.register("property-units", UnitViewSet, basename="property-unit")
    router.register("property-unit-periods", PeriodViewSet, basename="property-unit-period")
    router.register("property-unit-buildings", CoverageViewSet, basename="property-unit-building")
    router.register("property-committees", CommitteeViewSet, basename="property-committee")
    router.register("property-committee-members", CommitteeMemberViewSet, basename="property-committee-member")
    router.register("property-service-items", ItemViewSet, basename="property-service-item")
    router.register("property-service-records", RecordViewSet, basename="property-service-record")
    router.register("property-complaints", ComplaintViewSet, basename="property-complaint")
    router.register("property-surveys", SurveyViewSet, basename="property-survey")
    router.register("property-inspections", InspectionViewSet, basename="property-inspection")
    router.register("property-ranking-weights", WeightsViewSet, basename="property-ranking-weights")
    router.register("property-ranking", RankingViewSet, basename="property-ranking")
    router.register("property-list-entries", ListEntryViewSet, basename="property-list-entry")
    router.register("property-list-steps", ListStepViewSet, basename="property-list-step")
    router.register("stats/property", PropertyStatsViewSet, basename="stats-property")
