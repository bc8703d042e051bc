"""Serializers of the cadres API: personal fields masked, ids resolved inside the user's area."""

from __future__ import annotations

from decimal import Decimal

from rest_framework import serializers

from organizations.models import Organization
from partybuild.api_fields import ScopedPrimaryKeyRelatedField, ScopedSlugRelatedField
from partybuild.api_personal import PersonalDataSerializerMixin
from partybuild.scoping import EDIT

from ..models import (
    Attendance,
    CertificateLevel,
    CommunityCadre,
    CourseKind,
    Education,
    ExamResult,
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
