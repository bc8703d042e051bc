"""API of the regional committees (大工委 / 大党委): bodies, resident units, part-time members and
their terms, rotating chairs and duty reports, and the counts of the user's scope.

Reads go through the scoped selectors (an outsider's pk is a 404); writes through one service per
endpoint; ids in request bodies are resolved inside the user's scope."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from partybuild.api import ScopedViewSetMixin, service_errors

from .. import filters, item_services, meeting_services, selectors, services
from . import serializers as s

READ = (mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet)


class _Base(ScopedViewSetMixin):
    permission_classes = [IsAuthenticated]


class BodyViewSet(_Base, *READ):
    """Meeting bodies: street 大工委, community 大党委, three-party meetings, themed forums."""

    serializer_class = s.BodySerializer
    filterset_class = filters.BodyFilter

    def scoped_queryset(self):
        return selectors.body_list(user=self.request.user).order_by("organization__path", "id")

    @extend_schema(request=s.BodyCreateSerializer, responses={201: s.BodySerializer})
    def create(self, request):
        data = self.validated(s.BodyCreateSerializer)
        with service_errors():
            body = services.body_create(user=request.user, **data)
        return self.fresh_response(body, status.HTTP_201_CREATED)

    @extend_schema(request=s.BodyWriteSerializer, responses=s.BodySerializer)
    def partial_update(self, request, pk=None):
        body = self.get_object()
        with service_errors():
            services.body_update(user=request.user, body=body, **self.validated(s.BodyWriteSerializer))
        return self.fresh_response(body)

    @extend_schema(responses=s.CountsSerializer)
    @action(detail=False, methods=["get"], filter_backends=[], pagination_class=None)
    def counts(self, request):
        """大工委, 大党委, co-building units and part-time members serving in the user's scope."""
        return Response(s.CountsSerializer(selectors.committee_counts(user=request.user)).data)


class ResidentUnitViewSet(_Base, *READ):
    """Resident units (驻区单位) that send part-time members."""

    serializer_class = s.ResidentUnitSerializer

    def scoped_queryset(self):
        return selectors.resident_unit_list(user=self.request.user).order_by("name", "id")


class PartTimeMemberViewSet(_Base, *READ):
    """Part-time members (兼职委员) with their terms; seat one, end a term."""

    serializer_class = s.PartTimeMemberSerializer
    filterset_class = filters.PartTimeMemberFilter

    def scoped_queryset(self):
        return selectors.part_time_member_list(user=self.request.user).order_by("committee__path", "name", "id")

    @extend_schema(request=s.PartTimeMemberCreateSerializer, responses={201: s.PartTimeMemberSerializer})
    def create(self, request):
        data = self.validated(s.PartTimeMemberCreateSerializer)
        with service_errors():
            member = services.part_time_member_add(user=request.user, **data)
        return self.fresh_response(member, status.HTTP_201_CREATED)

    @extend_schema(request=s.EndTermSerializer, responses=s.PartTimeMemberSerializer)
    @action(detail=True, methods=["post"], filter_backends=[], url_path="end-term")
    def end_term(self, request, pk=None):
        member = self.get_object()
        with service_errors():
            services.part_time_member_end(user=request.user, member=member, **self.validated(s.EndTermSerializer))
        return self.fresh_response(member)


class ChairTermViewSet(_Base, *READ):
    """Rotating chair terms (第一书记轮值)."""

    serializer_class = s.ChairTermSerializer

    def scoped_queryset(self):
        return selectors.chair_term_list(user=self.request.user).order_by("body", "-starts_on", "id")

    @extend_schema(request=s.ChairTermCreateSerializer, responses={201: s.ChairTermSerializer})
    def create(self, request):
        data = self.validated(s.ChairTermCreateSerializer)
        with service_errors():
            term = services.chair_term_add(user=request.user, **data)
        return self.fresh_response(term, status.HTTP_201_CREATED)


class DutyReportViewSet(_Base, *READ):
    """Part-time members' annual duty reports (兼职委员述职)."""

    serializer_class = s.DutyReportSerializer
    filterset_class = filters.DutyReportFilter

    def scoped_queryset(self):
        return selectors.duty_report_list(user=self.request.user).order_by("-year", "id")

    @extend_schema(request=s.DutyReportCreateSerializer, responses={201: s.DutyReportSerializer})
    def create(self, request):
        data = self.validated(s.DutyReportCreateSerializer)
        with service_errors():
            report = services.duty_report_file(user=request.user, **data)
        return self.fresh_response(report, status.HTTP_201_CREATED)


class MeetingViewSet(_Base, *READ):
    """Joint meetings (联席会议): open a one-off, edit minutes, move, record attendance, close."""

    serializer_class = s.MeetingSerializer

    def scoped_queryset(self):
        return selectors.meeting_list(user=self.request.user).order_by("-held_on", "-id")

    @extend_schema(request=s.MeetingCreateSerializer, responses={201: s.MeetingSerializer})
    def create(self, request):
        data = self.validated(s.MeetingCreateSerializer)
        with service_errors():
            meeting = meeting_services.meeting_create(user=request.user, **data)
        return self.fresh_response(meeting, status.HTTP_201_CREATED)

    @extend_schema(request=s.MeetingWriteSerializer, responses=s.MeetingSerializer)
    def partial_update(self, request, pk=None):
        meeting = self.get_object()
        data = self.validated(s.MeetingWriteSerializer)
        with service_errors():
            meeting_services.meeting_update(user=request.user, meeting=meeting, **data)
        return self.fresh_response(meeting)

    @extend_schema(request=s.MoveSerializer, responses=s.MeetingSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def move(self, request, pk=None):
        meeting = self.get_object()
        with service_errors():
            meeting_services.meeting_move(user=request.user, meeting=meeting, **self.validated(s.MoveSerializer))
        return self.fresh_response(meeting)

    @extend_schema(request=s.AttendeeCreateSerializer, responses={201: s.AttendeeSerializer})
    @action(detail=True, methods=["post"], filter_backends=[])
    def attendees(self, request, pk=None):
        meeting = self.get_object()
        with service_errors():
            attendee = meeting_services.attendee_add(
                user=request.user, meeting=meeting, **self.validated(s.AttendeeCreateSerializer)
            )
        return Response(s.AttendeeSerializer(attendee).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.AttendanceSerializer, responses=s.MeetingSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def attendance(self, request, pk=None):
        meeting = self.get_object()
        data = self.validated(s.AttendanceSerializer)
        reasons = {int(k): v for k, v in data["reasons"].items() if str(k).isdigit()}
        with service_errors():
            meeting_services.attendance_record(
                user=request.user, meeting=meeting, present=set(data["present"]), reasons=reasons
            )
        return self.fresh_response(meeting)

    @extend_schema(request=s.CloseSerializer, responses=s.MeetingSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def close(self, request, pk=None):
        meeting = self.get_object()
        with service_errors():
            meeting_services.meeting_close(user=request.user, meeting=meeting, **self.validated(s.CloseSerializer))
        return self.fresh_response(meeting)


class SeriesViewSet(_Base, *READ):
    """Meeting series (例会): start one (its first meeting opens)."""

    serializer_class = s.SeriesSerializer

    def scoped_queryset(self):
        return selectors.series_list(user=self.request.user).order_by("id")

    @extend_schema(request=s.SeriesCreateSerializer, responses={201: s.SeriesSerializer})
    def create(self, request):
        data = self.validated(s.SeriesCreateSerializer)
        with service_errors():
            series = meeting_services.series_create(user=request.user, **data)
        return self.fresh_response(series, status.HTTP_201_CREATED)


class AttendeeViewSet(_Base, *READ):
    """Attendees of the meetings with their presence."""

    serializer_class = s.AttendeeSerializer

    def scoped_queryset(self):
        return selectors.attendee_list(user=self.request.user).order_by("meeting", "id")


class AttachmentViewSet(_Base, *READ):
    """Meeting attachments (downloaded through the portal's scoped download page)."""

    serializer_class = s.AttachmentSerializer

    def scoped_queryset(self):
        return selectors.attachment_list(user=self.request.user).order_by("meeting", "id")


class ItemViewSet(_Base, *READ):
    """Agenda items (议题) with their history across meetings and their follow-up tasks. Raised
    items are never deleted: they are resolved, decided, deferred, carried or closed with a reason."""

    serializer_class = s.AgendaItemSerializer
    filterset_class = filters.AgendaItemFilter

    def scoped_queryset(self):
        return selectors.item_detail_qs(user=self.request.user).order_by("-id")

    @extend_schema(request=s.ItemRaiseSerializer, responses={201: s.AgendaItemSerializer})
    def create(self, request):
        data = {k: v for k, v in self.validated(s.ItemRaiseSerializer).items() if v is not None}
        with service_errors():
            item = item_services.item_raise(user=request.user, **data)
        return self.fresh_response(item, status.HTTP_201_CREATED)

    def _step(self, serializer_class, call):
        item = self.get_object()
        serializer = serializer_class(data=self.request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.service_fields() if hasattr(serializer, "service_fields") else dict(serializer.validated_data)
        with service_errors():
            call(user=self.request.user, item=item, **data)
        return self.fresh_response(item)

    @extend_schema(request=s.ResolveSerializer, responses=s.AgendaItemSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def resolve(self, request, pk=None):
        return self._step(s.ResolveSerializer, item_services.item_resolve)

    @extend_schema(request=s.DeferSerializer, responses=s.AgendaItemSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def defer(self, request, pk=None):
        return self._step(s.DeferSerializer, item_services.item_defer)

    @extend_schema(request=s.DecideSerializer, responses=s.AgendaItemSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def decide(self, request, pk=None):
        return self._step(s.DecideSerializer, item_services.item_decide)

    @extend_schema(request=s.DropSerializer, responses=s.AgendaItemSerializer)
    @action(detail=True, methods=["post"], filter_backends=[], url_path="close")
    def drop(self, request, pk=None):
        return self._step(s.DropSerializer, item_services.item_drop)


class AgendaEntryViewSet(_Base, *READ):
    """Agenda entries: an item at one meeting and what that meeting did with it."""

    serializer_class = s.AgendaEntrySerializer

    def scoped_queryset(self):
        return selectors.entry_list(user=self.request.user).order_by("id")


class TaskViewSet(_Base, *READ):
    """Follow-up tasks; department staff see the ones routed to their department."""

    serializer_class = s.FollowUpTaskSerializer

    def scoped_queryset(self):
        return selectors.task_list(user=self.request.user).order_by("due_on", "id")

    @extend_schema(request=s.TaskDoneSerializer, responses=s.FollowUpTaskSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def done(self, request, pk=None):
        task = self.get_object()
        with service_errors():
            item_services.task_complete(user=request.user, task=task, **self.validated(s.TaskDoneSerializer))
        return self.fresh_response(task)


def register(router) -> None:
    """Add this app's viewsets to the /api/v1/ router."""
    router.register("meeting-bodies", BodyViewSet, basename="meeting-body")
    router.register("resident-units", ResidentUnitViewSet, basename="resident-unit")
    router.register("part-time-members", PartTimeMemberViewSet, basename="part-time-member")
    router.register("chair-terms", ChairTermViewSet, basename="chair-term")
    router.register("duty-reports", DutyReportViewSet, basename="duty-report")
    router.register("meetings", MeetingViewSet, basename="meeting")
    router.register("meeting-series", SeriesViewSet, basename="meeting-series")
    router.register("meeting-attendees", AttendeeViewSet, basename="meeting-attendee")
    router.register("meeting-attachments", AttachmentViewSet, basename="meeting-attachment")
    router.register("agenda-items", ItemViewSet, basename="agenda-item")
    router.register("agenda-entries", AgendaEntryViewSet, basename="agenda-entry")
    router.register("follow-up-tasks", TaskViewSet, basename="follow-up-task")
