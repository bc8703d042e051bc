"""Campaigns beside 五星联创: 星级争创 grades of party organisations and members, 六型社区
designations, 一社区一特色 community brands and the compounds' 红黑榜 boards.

A grade (one to five stars against the 四讲四有 criteria) moves through three hands each year:
the subject's own self-assessment, the rating of the level above, the review of the level above
that (``campaigns.grading`` says which organisation each hand belongs to). The reviewed grade is
the year's grade; the grade page compares it with the year before.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organizations.models import Level, Member, Organization
from partybuild.files import UploadTo, private_storage

GRADE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]
YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]
# Organisations graded in 星级争创: community organisations and grid branches.
GRADED_LEVELS = (Level.COMMUNITY, Level.GRID)


class GradeStatus(models.TextChoices):
    SELF_ASSESSED = "self_assessed", _("Self-assessed, awaiting rating")
    RATED = "rated", _("Rated, awaiting review")
    REVIEWED = "reviewed", _("Reviewed")


class StarGrade(models.Model):
    """Star grade (星级争创评定) of one party organisation or one member for one year.

    ``organization`` is the organisation graded, or for a member's grade the member's branch at
    the time of the self-assessment (so scoping and the rating hands follow the branch)."""

    scope_field = "organization"

    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    organization = models.ForeignKey(
        Organization, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="campaign_grades"
    )
    member = models.ForeignKey(
        Member, verbose_name=_("party member"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="campaign_grades",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=GradeStatus.choices, default=GradeStatus.SELF_ASSESSED, db_index=True
    )
    self_grade = models.PositiveSmallIntegerField(_("self-assessed grade"), validators=GRADE_VALIDATORS)
    self_summary = models.TextField(_("self-assessment (四讲四有)"), max_length=4000)
    rated_grade = models.PositiveSmallIntegerField(
        _("grade rated by the level above"), null=True, blank=True, validators=GRADE_VALIDATORS
    )
    rating_comment = models.TextField(_("rating comment"), max_length=2000, blank=True)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("rated by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True)
    grade = models.PositiveSmallIntegerField(
        _("reviewed grade"), null=True, blank=True, validators=GRADE_VALIDATORS
    )
    review_comment = models.TextField(_("review comment"), max_length=2000, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewed by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("star grade")
        verbose_name_plural = _("star grades")
        ordering = ["-year", "organization__path", "member__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "organization"], condition=Q(member__isnull=True),
                name="campaigns_one_org_grade_per_year",
                violation_error_message=_("This organisation already has a grade for that year."),
            ),
            models.UniqueConstraint(
                fields=["year", "member"], condition=Q(member__isnull=False),
                name="campaigns_one_member_grade_per_year",
                violation_error_message=_("This member already has a grade for that year."),
            ),
            models.CheckConstraint(
                condition=~Q(status="reviewed") | Q(grade__isnull=False), name="campaigns_reviewed_grade_has_grade"
            ),
        ]
        indexes = [
            models.Index(fields=["year", "status"], name="campaigns_grade_year_status"),
            # The to-do queue (grades waiting for a hand, oldest first) read in index order: a scan of
            # every grade of the district took 42 ms of each district home page at city scale.
            models.Index(fields=["year", "id"], condition=Q(status__in=("self_assessed", "rated")),
                         name="campaigns_grade_waiting"),
        ]

    def __str__(self) -> str:
        subject = self.member.name if self.member_id else self.organization.name
        return f"{self.year} {subject}"

    @property
    def subject(self):
        return self.member if self.member_id else self.organization

    def clean(self) -> None:
        super().clean()
        if not self.organization_id:
            return
        if self.member_id is None and self.organization.level not in GRADED_LEVELS:
            raise ValidationError({"organization": _(
                "Star grades are given to community organisations and grid branches."
            )})


class DesignationKind(models.TextChoices):
    """The six model types of community (六型社区)."""

    EXEMPLARY = "exemplary", _("Exemplary leading (示范引领型)")
    HERITAGE = "heritage", _("Joint creation and heritage (联创传承型)")
    SAFE = "safe", _("Safe and law-abiding (平安法治型)")
    CULTURE = "culture", _("Culture and recreation (文化娱乐型)")
    CARE = "care", _("Happiness and care (幸福关爱型)")
    LIVEABLE = "liveable", _("Liveable and stable (宜居稳定型)")


class Designation(models.Model):
    """六型社区 designation of a community for one year, with the model-community (示范社区) flag."""

    scope_field = "community"

    community = models.ForeignKey(
        Organization, verbose_name=_("community"), on_delete=models.PROTECT, related_name="campaign_designations",
        limit_choices_to={"level": Level.COMMUNITY},
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    kind = models.CharField(_("type"), max_length=12, choices=DesignationKind.choices)
    is_model = models.BooleanField(_("model community (示范社区)"), default=False)
    note = models.CharField(_("note"), max_length=200, blank=True)
    designated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("designated by"), null=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("community designation")
        verbose_name_plural = _("community designations")
        ordering = ["-year", "community__path", "kind"]
        constraints = [models.UniqueConstraint(
            fields=["community", "year", "kind"], name="campaigns_one_designation_per_kind",
            violation_error_message=_("This community already holds that designation for the year."),
        )]

    def __str__(self) -> str:
        return f"{self.year} {self.community} {self.get_kind_display()}"

    def clean(self) -> None:
        super().clean()
        if self.community_id and self.community.level != Level.COMMUNITY:
            raise ValidationError({"community": _("Only a community can be designated.")})


class Brand(models.Model):
    """Community brand (一社区一特色): the community's own named service feature."""

    scope_field = "community"

    community = models.ForeignKey(
        Organization, verbose_name=_("community"), on_delete=models.PROTECT, related_name="campaign_brands",
        limit_choices_to={"level": Level.COMMUNITY},
    )
    name = models.CharField(_("brand name"), max_length=60)
    description = models.TextField(_("description"), max_length=4000)
    since = models.PositiveSmallIntegerField(_("since (year)"), null=True, blank=True, validators=YEAR_VALIDATORS)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("community brand")
        verbose_name_plural = _("community brands")
        ordering = ["community__path", "name"]
        constraints = [models.UniqueConstraint(
            fields=["community", "name"], name="campaigns_unique_brand_name",
            violation_error_message=_("This community already has a brand of that name."),
        )]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.community_id and self.community.level != Level.COMMUNITY:
            raise ValidationError({"community": _("Only a community has a brand.")})


class BrandPhoto(models.Model):
    """Photo of a community brand (特色品牌照片)."""

    scope_field = "brand__community"

    brand = models.ForeignKey(Brand, verbose_name=_("brand"), on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(_("photo"), upload_to=UploadTo("campaigns/brands"), storage=private_storage)
    content_type = models.CharField(max_length=100)
    caption = models.CharField(_("caption"), max_length=100, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("brand photo")
        verbose_name_plural = _("brand photos")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.caption or str(self.brand)


class BoardKind(models.TextChoices):
    RED = "red", _("Red board (good deeds)")
    BLACK = "black", _("Black board (uncivil behaviour)")


class BoardEntry(models.Model):
    """Entry on a compound's 红黑榜: a resident's good deed (红榜) or uncivil behaviour (黑榜),
    kept by the community. The resident's name is optional and masked like other personal data."""

    scope_field = "community"
    personal_fields = ("resident_name",)

    community = models.ForeignKey(
        Organization, verbose_name=_("community"), on_delete=models.PROTECT, related_name="campaign_board_entries",
        limit_choices_to={"level": Level.COMMUNITY},
    )
    compound = models.CharField(_("compound"), max_length=60)
    kind = models.CharField(_("board"), max_length=8, choices=BoardKind.choices)
    date = models.DateField(_("date"))
    text = models.TextField(_("what happened"), max_length=2000)
    resident_name = models.CharField(_("resident's name"), max_length=50, blank=True)
    is_published = models.BooleanField(_("on the board"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("red/black board entry")
        verbose_name_plural = _("red/black board entries")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["community", "date"], name="campaigns_board_comm_date")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.compound} {self.date}"

    def clean(self) -> None:
        super().clean()
        if self.community_id and self.community.level != Level.COMMUNITY:
            raise ValidationError({"community": _("A board is kept by a community.")})
