"""Community cadres (社区干部/社区工作者), secretaries' files (一人一档), training and mentor pairs.

Figures the seeds state: Yungang wants 80%+ of cadres with a college degree (大专及以上) and 50%+
under 40; Wuchang counts social-work certificate holders; every cadre trains at least 7 days a
year; every community secretary has a file on record with the district (152 files for 152
secretaries), complete when each required section is filled (统一标准、统一验收).
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from organizations.models import Level, Member, Organization
from organizations.validators import validate_phone

COMMUNITY = {"level": Level.COMMUNITY}
# At least this many training days a year for every community cadre.
REQUIRED_TRAINING_DAYS = Decimal(7)


class Post(models.TextChoices):
    SECRETARY = "secretary", _("Community party secretary")
    DEPUTY = "deputy", _("Deputy secretary")
    COMMITTEE = "committee", _("Member of the two committees")
    WORKER = "worker", _("Full-time community worker")


class Education(models.TextChoices):
    SECONDARY = "secondary", _("Secondary school or below")
    COLLEGE = "college", _("College (大专)")
    BACHELOR = "bachelor", _("Bachelor's degree")
    MASTER = "master", _("Master's degree or above")


COLLEGE_OR_ABOVE = (Education.COLLEGE, Education.BACHELOR, Education.MASTER)


class CertificateLevel(models.TextChoices):
    ASSISTANT = "assistant", _("Assistant social worker")
    SOCIAL_WORKER = "social_worker", _("Social worker")
    SENIOR = "senior", _("Senior social worker")


class ExamResult(models.TextChoices):
    NOT_TAKEN = "not_taken", _("Not taken")
    PASSED = "passed", pgettext_lazy("exam", "Passed")
    FAILED = "failed", pgettext_lazy("exam", "Failed")


class CommunityCadre(models.Model):
    """Community cadre (社区干部/社区工作者)."""

    scope_field = "community"
    personal_fields = ("birth_date", "id_number", "phone")

    community = models.ForeignKey(
        Organization, verbose_name=_("community"), on_delete=models.PROTECT, related_name="cadres",
        limit_choices_to=COMMUNITY,
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50, db_index=True)
    birth_date = models.DateField(_("birth date"))
    id_number = models.CharField(_("ID number"), max_length=18, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[validate_phone])
    post = models.CharField(_("post"), max_length=12, choices=Post.choices)
    since = models.DateField(_("in post since"))
    education = models.CharField(_("education"), max_length=12, choices=Education.choices)
    certificate_level = models.CharField(
        _("social-work certificate"), max_length=16, choices=CertificateLevel.choices, blank=True
    )
    certificate_on = models.DateField(_("certificate obtained on"), null=True, blank=True)
    exam_result = models.CharField(
        _("qualification exam"), max_length=10, choices=ExamResult.choices, default=ExamResult.NOT_TAKEN
    )
    member = models.ForeignKey(
        Member, verbose_name=_("party member record"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="cadre_posts",
    )
    is_active = models.BooleanField(_("in post"), default=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("community cadre")
        verbose_name_plural = _("community cadres")
        ordering = ["community__path", "post", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(certificate_level="") | Q(certificate_on__isnull=False),
                name="certificate_has_date",
                violation_error_message=_("Give the date the certificate was obtained."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.community_id and self.community.level != Level.COMMUNITY:
            raise ValidationError({"community": _("A community cadre belongs to a community.")})


# The sections a secretary's file must have filled to count as complete (统一标准).
REQUIRED_SECTIONS = ("career", "training", "assessments", "debriefing", "rewards_sanctions")


class SecretaryFile(models.Model):
    """Secretary's personal file (一人一档), kept on record by the district."""

    scope_field = "cadre__community"

    cadre = models.OneToOneField(
        CommunityCadre, verbose_name=_("secretary"), on_delete=models.PROTECT, related_name="secretary_file"
    )
    career = models.TextField(_("career"), blank=True)
    training = models.TextField(_("training"), blank=True)
    assessments = models.TextField(_("assessments and star results"), blank=True)
    debriefing = models.TextField(_("annual debriefing (述职)"), blank=True)
    rewards_sanctions = models.TextField(_("rewards and sanctions"), blank=True)
    accepted_on = models.DateField(_("accepted by the district on"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("secretary's file")
        verbose_name_plural = _("secretaries' files")

    def __str__(self) -> str:
        return str(self.cadre)

    @property
    def missing_sections(self) -> list[str]:
        return [str(self._meta.get_field(f).verbose_name) for f in REQUIRED_SECTIONS if not getattr(self, f).strip()]

    @property
    def is_complete(self) -> bool:
        return not self.missing_sections


def complete_file_q(prefix: str = "") -> Q:
    """SQL: the file's required sections are all filled (and, through a relation, that there is a file:
    a negated lookup over a missing row would otherwise match)."""
    q = Q(**{f"{prefix.removesuffix('__')}__isnull": False}) if prefix else Q()
    for name in REQUIRED_SECTIONS:
        q &= ~Q(**{f"{prefix}{name}": ""})
    return q


class CourseKind(models.TextChoices):
    LECTURE = "lecture", _("Lecture")
    STUDY_TRIP = "study_trip", _("Study trip")
    ONLINE = "online", _("Online")
    LEAD_GOOSE = "lead_goose", _("领头雁 cohort")


class TrainingCourse(models.Model):
    """Training course (培训) for community cadres."""

    scope_field = "organiser"

    organiser = models.ForeignKey(
        Organization, verbose_name=_("organiser"), on_delete=models.PROTECT, related_name="cadre_courses"
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=CourseKind.choices)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    days = models.DecimalField(
        _("days"), max_digits=4, decimal_places=1, validators=[MinValueValidator(Decimal("0.5"))]
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("training course")
        verbose_name_plural = _("training courses")
        ordering = ["-starts_on", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="course_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    """A cadre's attendance at a course (参训记录)."""

    # The course's organiser and the cadre's community both see it.
    scope_field = ("course__organiser", "cadre__community")

    course = models.ForeignKey(TrainingCourse, verbose_name=_("course"), on_delete=models.CASCADE,
                               related_name="attendances")
    cadre = models.ForeignKey(CommunityCadre, verbose_name=_("cadre"), on_delete=models.PROTECT,
                              related_name="attendances")
    days = models.DecimalField(_("days attended"), max_digits=4, decimal_places=1,
                               validators=[MinValueValidator(Decimal("0.5"))])

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [models.UniqueConstraint(fields=["course", "cadre"], name="one_attendance_per_course")]

    def __str__(self) -> str:
        return f"{self.cadre} · {self.course}"

    def clean(self) -> None:
        super().clean()
        if self.course_id and self.days and self.days > self.course.days:
            raise ValidationError({"days": _("No more days than the course lasts (%(days)s).") % {
                "days": self.course.days}})


class MentorPair(models.Model):
    """Mentor pair (师徒结对): a mentor may take several apprentices (1-to-N)."""

    scope_field = ("mentor__community", "apprentice__community")

    mentor = models.ForeignKey(CommunityCadre, verbose_name=_("mentor"), on_delete=models.PROTECT,
                               related_name="apprentice_pairs")
    apprentice = models.ForeignKey(CommunityCadre, verbose_name=_("apprentice"), on_delete=models.PROTECT,
                                   related_name="mentor_pairs")
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)

    class Meta:
        verbose_name = _("mentor pair")
        verbose_name_plural = _("mentor pairs")
        ordering = ["-started_on"]
        constraints = [
            models.CheckConstraint(condition=~Q(mentor=F("apprentice")), name="mentor_is_not_apprentice"),
            models.CheckConstraint(condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                                   name="pair_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} → {self.apprentice}"


class LeaderKind(models.TextChoices):
    GRID = "grid", _("Grid leader (网格长)")
    BUILDING = "building", _("Building leader (楼栋长)")


class LeaderPost(models.Model):
    """Grid leader or building leader (网格长/楼栋长, 小网格长) as a person on record.

    A leader is linked to the party member record where they are one, and may have a portal login,
    which must then be a grid-worker role on this very grid (the same rule as ``grids.GridWorker``).
    One leader in post per grid and per building; a post that ends keeps its record (``ended_on``).
    """

    scope_field = "grid__branch"
    personal_fields = ("phone",)

    kind = models.CharField(_("kind"), max_length=10, choices=LeaderKind.choices)
    grid = models.ForeignKey("grids.Grid", verbose_name=_("grid"), on_delete=models.PROTECT,
                             related_name="cadres_leader_posts")
    building = models.ForeignKey("grids.Building", verbose_name=_("building"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="cadres_leader_posts")
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[validate_phone])
    member = models.ForeignKey(Member, verbose_name=_("party member record"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="cadres_leader_posts")
    user = models.ForeignKey("accounts.User", verbose_name=_("portal account"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="cadres_leader_posts")
    since = models.DateField(_("in post since"))
    ended_on = models.DateField(_("left the post on"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("grid or building leader")
        verbose_name_plural = _("grid and building leaders")
        ordering = ["grid", "kind", "building", "-since"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="grid", building__isnull=True) | Q(kind="building", building__isnull=False),
                name="cadres_leader_building_matches_kind",
            ),
            models.UniqueConstraint(fields=["grid"], condition=Q(kind="grid", ended_on__isnull=True),
                                    name="cadres_one_grid_leader_in_post",
                                    violation_error_message=_("This grid already has a leader in post.")),
            models.UniqueConstraint(fields=["building"], condition=Q(ended_on__isnull=True),
                                    name="cadres_one_building_leader_in_post",
                                    violation_error_message=_("This building already has a leader in post.")),
            models.CheckConstraint(condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("since")),
                                   name="cadres_leader_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_in_post(self) -> bool:
        return self.ended_on is None

    def clean(self) -> None:
        from accounts.models import Role, RoleAssignment

        super().clean()
        errors = {}
        if self.kind == LeaderKind.BUILDING and not self.building_id:
            errors["building"] = _("Choose the building this leader looks after.")
        if self.kind == LeaderKind.GRID and self.building_id:
            errors["building"] = _("A grid leader looks after the whole grid, not one building.")
        if self.building_id and self.grid_id and self.building.grid_id != self.grid_id:
            errors["building"] = _("The building must lie in this grid.")
        if self.user_id and self.grid_id and not RoleAssignment.objects.filter(
            user_id=self.user_id, role=Role.GRID_WORKER, organization_id=self.grid.branch_id
        ).exists():
            errors["user"] = _("This account holds no grid-worker role on this grid.")
        if self.ended_on and self.since and self.ended_on < self.since:
            errors["ended_on"] = _("A post cannot end before it starts.")
        if errors:
            raise ValidationError(errors)


class DutyGrade(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent (优秀)")
    COMPETENT = "competent", _("Competent (合格)")
    BASIC = "basic", _("Basically competent (基本合格)")
    INCOMPETENT = "incompetent", _("Not competent (不合格)")


class InServiceDuty(models.Model):
    """In-service member's duties for a year (在职党员三定一考): the post, time and task the community
    assigns (定人员、定时间、定任务) and its year-end assessment (严考核).

    The service done is not typed in here: it is read from the residents' orders (三单制) the member
    served and the volunteer hours credited to them at this community (``selectors.duty_list``).
    """

    scope_field = "community"

    member = models.ForeignKey(Member, verbose_name=_("party member"), on_delete=models.PROTECT,
                               related_name="cadres_duties")
    community = models.ForeignKey(Organization, verbose_name=_("community"), on_delete=models.PROTECT,
                                  related_name="cadres_duties", limit_choices_to=COMMUNITY)
    year = models.PositiveSmallIntegerField(_("year"))
    post = models.CharField(_("post (定人员)"), max_length=60)
    schedule = models.CharField(_("time (定时间)"), max_length=100)
    hours_pledged = models.DecimalField(_("hours pledged for the year"), max_digits=5, decimal_places=1,
                                        validators=[MinValueValidator(Decimal("0.5"))])
    task = models.TextField(_("task (定任务)"), max_length=1000)
    grade = models.CharField(_("assessment (严考核)"), max_length=12, choices=DutyGrade.choices, blank=True)
    assessment = models.TextField(_("assessment remarks"), max_length=1000, blank=True)
    assessed_on = models.DateField(_("assessed on"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("in-service member's duties")
        verbose_name_plural = _("in-service members' duties")
        ordering = ["-year", "community__path", "member__name"]
        constraints = [
            models.UniqueConstraint(fields=["member", "year"], name="cadres_one_duty_per_member_year",
                                    violation_error_message=_("This member already has duties for that year.")),
            models.CheckConstraint(condition=Q(grade="") | Q(assessed_on__isnull=False),
                                   name="cadres_duty_graded_with_date"),
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.year}"

    def clean(self) -> None:
        super().clean()
        if self.member_id and self.community_id and (
            not self.member.is_in_service or self.member.registered_community_id != self.community_id
        ):
            raise ValidationError({"member": _("Only an in-service member registered at this community.")})


class ConductLetter(models.Model):
    """Report on a member's conduct where they live (党员社会表现信息报告), sent by the community as an
    official letter. Its figures are copied when it is issued, so the printed letter never changes."""

    scope_field = "duty__community"

    duty = models.OneToOneField(InServiceDuty, verbose_name=_("duties"), on_delete=models.PROTECT,
                                related_name="letter")
    number = models.CharField(_("letter number"), max_length=40, unique=True)
    recipient = models.CharField(_("addressed to"), max_length=120)
    issued_on = models.DateField(_("issued on"))
    issued_by = models.ForeignKey("accounts.User", verbose_name=_("issued by"), null=True, on_delete=models.SET_NULL,
                                  related_name="cadres_conduct_letters")
    orders_served = models.PositiveIntegerField(_("residents' orders served"))
    service_hours = models.DecimalField(_("service hours"), max_digits=6, decimal_places=1)
    grade = models.CharField(_("assessment (严考核)"), max_length=12, choices=DutyGrade.choices)
    conduct = models.TextField(_("conduct where they live"), max_length=2000)

    class Meta:
        verbose_name = _("conduct letter")
        verbose_name_plural = _("conduct letters")
        ordering = ["-issued_on", "-id"]

    def __str__(self) -> str:
        return self.number
