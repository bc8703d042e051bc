"""Admin of cadre records, scoped to the user's area. Cadres are written through
``cadres.services``; the other records are shown here and kept on the portal's pages."""

from __future__ import annotations

from django.contrib import admin

from partybuild.admin_scoping import ScopedAdmin, ServiceModelForm

from . import services
from .models import (
    Attendance,
    CommunityCadre,
    ConductLetter,
    InServiceDuty,
    LeaderPost,
    MentorPair,
    SecretaryFile,
    TrainingCourse,
)


class CadreForm(ServiceModelForm):
    class Meta:
        model = CommunityCadre
        fields = ("community", *services.CADRE_FIELDS)

    def call_service(self, user):
        data = {f: self.cleaned_data.get(f) for f in services.CADRE_FIELDS}
        if self.instance.pk is None:
            return services.cadre_create(user=user, community=self.cleaned_data["community"], **data)
        return services.cadre_update(user=user, cadre=self.instance,
                                     **{f: data[f] for f in self.changed_data if f in data})


@admin.register(CommunityCadre)
class CadreAdmin(ScopedAdmin):
    form = CadreForm
    list_display = ("name", "community", "post", "education", "certificate_level", "is_active")
    list_filter = ("post", "education", "certificate_level", "is_active")
    search_fields = ("name",)
    allow_delete = False


@admin.register(SecretaryFile)
class FileAdmin(ScopedAdmin):
    list_display = ("cadre", "accepted_on")
    read_only = True
    allow_delete = False


@admin.register(TrainingCourse)
class CourseAdmin(ScopedAdmin):
    list_display = ("title", "organiser", "kind", "starts_on", "days")
    list_filter = ("kind",)
    read_only = True
    allow_delete = False


@admin.register(Attendance)
class AttendanceAdmin(ScopedAdmin):
    list_display = ("course", "cadre", "days")
    read_only = True
    allow_delete = False


@admin.register(MentorPair)
class PairAdmin(ScopedAdmin):
    list_display = ("mentor", "apprentice", "started_on", "ended_on")
    read_only = True
    allow_delete = False


@admin.register(LeaderPost)
class LeaderAdmin(ScopedAdmin):
    list_display = ("name", "kind", "grid", "building", "since", "ended_on")
    list_filter = ("kind",)
    list_select_related = ("grid", "building")
    read_only = True
    allow_delete = False


@admin.register(InServiceDuty)
class DutyAdmin(ScopedAdmin):
    list_display = ("member", "community", "year", "post", "grade")
    list_filter = ("year", "grade")
    read_only = True
    allow_delete = False


@admin.register(ConductLetter)
class LetterAdmin(ScopedAdmin):
    list_display = ("number", "duty", "recipient", "issued_on", "grade")
    read_only = True
    allow_delete = False
