"""Serializers of the cadres API: personal fields masked, ids resolved inside the user's area."""

from __future__ import annotations

from decimal import Decimal

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from grids.models import Building, Grid
from organizations.models import Member, Organization
from partybuild.api_fields import ScopedPrimaryKeyRelatedField, ScopedSlugRelatedField
from partybuild.api_personal import PersonalDataSerializerMixin
from partybuild.scoping import EDIT

from ..models import (
    Attendance,
    CertificateLevel,
    CommunityCadre,
    ConductLetter,
    CourseKind,
    DutyGrade,
    Education,
    ExamResult,
    InServiceDuty,
    LeaderKind,
    LeaderPost,
    MentorPair,
    Post,
    SecretaryFile,
    TrainingCourse,
)


class CadreSerializer(PersonalDataSerializerMixin, serializers.ModelSerializer):
    community_code = serializers.CharField(source="community.code", read_only=True)

    class Meta:
        model = CommunityCadre
        fields = ["id", "community", "community_code", "name", "birth_date", "id_number", "phone", "post", "since",
                  "education", "certificate_level", "certificate_on", "exam_result", "member", "is_active",
                  "version"]
        read_only_fields = fields


class CadreCreateSerializer(serializers.Serializer):
    community = ScopedSlugRelatedField(slug_field="code", queryset=Organization.objects.all(), action=EDIT)
    name = serializers.CharField(max_length=50)
    birth_date = serializers.DateField()
    id_number = serializers.CharField(max_length=18, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    post = serializers.ChoiceField(choices=Post.choices)
    since = serializers.DateField()
    education = serializers.ChoiceField(choices=Education.choices)
    certificate_level = serializers.ChoiceField(choices=CertificateLevel.choices, required=False, allow_blank=True,
                                                default="")
    certificate_on = serializers.DateField(required=False, allow_null=True)
    exam_result = serializers.ChoiceField(choices=ExamResult.choices, default=ExamResult.NOT_TAKEN)


class FileSerializer(serializers.ModelSerializer):
    is_complete = serializers.BooleanField(read_only=True)

    class Meta:
        model = SecretaryFile
        fields = ["id", "cadre", "career", "training", "assessments", "debriefing", "rewards_sanctions",
                  "accepted_on", "is_complete", "version"]
        read_only_fields = fields


class CourseSerializer(serializers.ModelSerializer):
    class Meta:
        model = TrainingCourse
        fields = ["id", "organiser", "title", "kind", "starts_on", "ends_on", "days"]
        read_only_fields = fields


class CourseCreateSerializer(serializers.Serializer):
    organiser = ScopedSlugRelatedField(slug_field="code", queryset=Organization.objects.all(), action=EDIT)
    title = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=CourseKind.choices)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    days = serializers.DecimalField(max_digits=4, decimal_places=1, min_value=Decimal("0.5"))


class AttendanceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Attendance
        fields = ["id", "course", "cadre", "days"]
        read_only_fields = fields


class AttendanceCreateSerializer(serializers.Serializer):
    course = ScopedPrimaryKeyRelatedField(queryset=TrainingCourse.objects.all())
    cadre = ScopedPrimaryKeyRelatedField(queryset=CommunityCadre.objects.all(), action=EDIT)
    days = serializers.DecimalField(
        max_digits=4, decimal_places=1, min_value=Decimal("0.5"), required=False, allow_null=True
    )


class PairSerializer(serializers.ModelSerializer):
    class Meta:
        model = MentorPair
        fields = ["id", "mentor", "apprentice", "started_on", "ended_on"]
        read_only_fields = fields


class PairCreateSerializer(serializers.Serializer):
    mentor = ScopedPrimaryKeyRelatedField(queryset=CommunityCadre.objects.all())
    apprentice = ScopedPrimaryKeyRelatedField(queryset=CommunityCadre.objects.all(), action=EDIT)
    started_on = serializers.DateField()


class PairEndSerializer(serializers.Serializer):
    ended_on = serializers.DateField()


class LeaderSerializer(PersonalDataSerializerMixin, serializers.ModelSerializer):
    class Meta:
        model = LeaderPost
        fields = ["id", "kind", "grid", "building", "name", "phone", "member", "user", "since", "ended_on", "version"]
        read_only_fields = fields


class LeaderCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=LeaderKind.choices)
    grid = ScopedPrimaryKeyRelatedField(queryset=Grid.objects.all(), action=EDIT)
    building = ScopedPrimaryKeyRelatedField(queryset=Building.objects.all(), action=EDIT, required=False,
                                            allow_null=True)
    member = ScopedPrimaryKeyRelatedField(queryset=Member.objects.all(), required=False, allow_null=True)
    name = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    since = serializers.DateField()


class DutySerializer(serializers.ModelSerializer):
    orders = serializers.IntegerField(read_only=True)
    hours = serializers.DecimalField(max_digits=7, decimal_places=1, read_only=True)

    class Meta:
        model = InServiceDuty
        fields = ["id", "member", "community", "year", "post", "schedule", "hours_pledged", "task", "grade",
                  "assessment", "assessed_on", "orders", "hours", "version"]
        read_only_fields = fields


@extend_schema_field(OpenApiTypes.INT)
class InServiceMemberField(serializers.PrimaryKeyRelatedField):
    """An in-service member registered at a community the user may edit (their own branch may lie
    elsewhere, so the member's tree scope is not the test); any other id reads as unknown."""

    def get_queryset(self):
        from ..selectors import duty_member_choices

        return duty_member_choices(user=self.context["request"].user)


class DutyCreateSerializer(serializers.Serializer):
    member = InServiceMemberField()
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    post = serializers.CharField(max_length=60)
    schedule = serializers.CharField(max_length=100)
    hours_pledged = serializers.DecimalField(max_digits=5, decimal_places=1, min_value=Decimal("0.5"))
    task = serializers.CharField(max_length=1000)


class DutyAssessSerializer(serializers.Serializer):
    grade = serializers.ChoiceField(choices=DutyGrade.choices)
    assessment = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")
    version = serializers.IntegerField(required=False)


class LetterSerializer(serializers.ModelSerializer):
    class Meta:
        model = ConductLetter
        fields = ["id", "duty", "number", "recipient", "issued_on", "orders_served", "service_hours", "grade",
                  "conduct"]
        read_only_fields = fields
