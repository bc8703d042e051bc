"""API of organisational life: meeting records (filed with their attendance), attendance, evidence,
committee seats, the district's frequency table and the compliance table of a scope."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied as ApiPermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from partybuild import rights
from partybuild.api import ScopedViewSetMixin, service_errors, validated_query

from .. import selectors, services
from ..models import FrequencyRule
from . import serializers as s

READ = (mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet)


class _Base(ScopedViewSetMixin):
    permission_classes = [IsAuthenticated]


class MeetingViewSet(_Base, *READ):
    """Organisational-life records (组织生活记录); filing one records every member's attendance."""

    serializer_class = s.MeetingSerializer

    def scoped_queryset(self):
        return selectors.meeting_list(user=self.request.user)

    @extend_schema(request=s.MeetingRecordSerializer, responses={201: s.MeetingSerializer})
    def create(self, request):
        data = self.validated(s.MeetingRecordSerializer)
        reasons = {a["member"]: a["reason"] for a in data.pop("absences")}
        with service_errors():
            meeting = services.meeting_record(user=request.user, present_ids=data.pop("present"),
                                              absence_reasons=reasons, **data)
        return self.fresh_response(meeting, status.HTTP_201_CREATED)

    @extend_schema(request=s.MeetingUpdateSerializer, responses=s.MeetingSerializer)
    def partial_update(self, request, pk=None):
        meeting = self.get_object()
        data = self.validated(s.MeetingUpdateSerializer)
        version = data.pop("version", None)
        with service_errors():
            services.meeting_update(user=request.user, meeting=meeting, version=version, **data)
        return self.fresh_response(meeting)

    @extend_schema(parameters=[s.ComplianceQuerySerializer], responses=s.ComplianceRowSerializer(many=True))
    @action(detail=False, methods=["get"], filter_backends=[], pagination_class=None)
    def compliance(self, request):
        """应开/实开 per organisation of the caller's scope for a quarter or a month."""
        q = validated_query(request, s.ComplianceQuerySerializer)
        window = selectors.Window(year=q["year"], quarter=None if q.get("month") else q.get("quarter"),
                                  month=q.get("month"))
        _columns, rows = selectors.compliance(user=request.user, window=window, short_only=q["short_only"])
        data = [
            {"organization": r.code, "name": r.name, "is_short": r.is_short,
             "cells": [{"meeting_type": t, "required": c.required, "held": c.held, "is_short": c.is_short}
                       for t, c in r.cells.items()]}
            for r in rows
        ]
        return Response(s.ComplianceRowSerializer(data, many=True).data)


class AttendanceViewSet(_Base, *READ):
    """Attendance at meetings (出席情况)."""

    serializer_class = s.AttendanceSerializer

    def scoped_queryset(self):
        return selectors.attendance_list(user=self.request.user).order_by("meeting_id", "member__name", "id")


class EvidenceViewSet(_Base, *READ):
    """Evidence files of meetings (佐证材料); the files download on the portal's scoped view."""

    serializer_class = s.EvidenceSerializer

    def scoped_queryset(self):
        return selectors.evidence_list(user=self.request.user).order_by("meeting_id", "id")


class CommitteeMemberViewSet(_Base, *READ):
    """Branch committee members (支部委员), whose presence makes a committee meeting's quorum."""

    serializer_class = s.CommitteeMemberSerializer

    def scoped_queryset(self):
        return selectors.committee_list(user=self.request.user).order_by("organization__path", "id")

    @extend_schema(request=s.CommitteeMemberCreateSerializer, responses={201: s.CommitteeMemberSerializer})
    def create(self, request):
        data = self.validated(s.CommitteeMemberCreateSerializer)
        with service_errors():
            seat = services.committee_member_add(user=request.user, **data)
        return self.fresh_response(seat, status.HTTP_201_CREATED)


class RuleViewSet(_Base, *READ):
    """The district's required frequencies (组织生活频次要求); only the district changes them."""

    serializer_class = s.RuleSerializer

    def scoped_queryset(self):
        return FrequencyRule.objects.order_by("level", "org_type", "meeting_type")

    @extend_schema(request=s.RuleUpdateSerializer, responses=s.RuleSerializer)
    def partial_update(self, request, pk=None):
        rule = self.get_object()
        if not rights.is_district_admin(request.user):
            raise ApiPermissionDenied
        data = self.validated(s.RuleUpdateSerializer)
        with service_errors():
            services.rule_update(user=request.user, rule=rule, **data)
        return self.fresh_response(rule)


def register(router) -> None:
    """Add this app's viewsets to the /api/v1/ router."""
    router.register("orglife-meetings", MeetingViewSet, basename="orglife-meeting")
    router.register("orglife-attendance", AttendanceViewSet, basename="orglife-attendance")
    router.register("orglife-evidence", EvidenceViewSet, basename="orglife-evidence")
    router.register("orglife-committee-members", CommitteeMemberViewSet, basename="orglife-committee-member")
    router.register("orglife-rules", RuleViewSet, basename="orglife-rule")
