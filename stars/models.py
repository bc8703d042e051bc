"""五星联创: yearly star definitions, community applications and their public notice and objections.

One application per community, star and year moves through ``stars.flow.APPLICATION_FLOW``
(draft → submitted → reviewed → notice → awarded, with the send-back, rejection, objection and
revocation branches). Every step is a ``StarStep`` row (actor, time, comment); the award amount is
copied onto the application when it is awarded, so a later change of the definition leaves paid
awards as they were.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from organizations.models import Level, Organization
from partybuild.files import UploadTo, private_storage

COMMUNITY = {"level": Level.COMMUNITY}
DEFAULT_AMOUNT = Decimal("20000")
DEFAULT_NOTICE_DAYS = 5


class StarYear(models.Model):
    """Year of 五星联创 (五星联创年度): the district's settings for one year's stars."""

    year = models.PositiveSmallIntegerField(
        _("year"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    notice_days = models.PositiveSmallIntegerField(
        _("notice period (days)"), default=DEFAULT_NOTICE_DAYS, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    # Rules the district switches on for the year (empty: off), checked before it approves.
    max_per_star = models.PositiveSmallIntegerField(
        _("at most this many communities per star"), null=True, blank=True
    )
    max_full_share = models.PositiveSmallIntegerField(
        _("at most this share of communities with every star (%)"), null=True, blank=True,
        validators=[MaxValueValidator(100)],
    )
    # Quotas per star count (e.g. {"5": 10, "4": 25}: at most 10% of communities with five stars or
    # more, 25% with four or more), as districts publish them; keys are star counts, values percentages.
    count_quotas = models.JSONField(_("quotas per star count"), default=dict, blank=True)
    promotion_limit = models.BooleanField(
        _("step-by-step promotion (逐级晋升): at most one star more than last year"), default=False
    )
    veto_overdue_rate = models.PositiveSmallIntegerField(
        _("veto above this overdue grid-report rate (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    veto_satisfaction = models.PositiveSmallIntegerField(
        _("veto below this residents' satisfaction (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    veto_weak_organisation = models.BooleanField(
        _("veto a community under 软弱涣散 rectification"), default=False
    )
    veto_blacklisted_property = models.BooleanField(
        _("veto a community served by a property company on the black list"), default=False
    )
    # Set when the first star of the year is awarded: from then on the definitions are frozen.
    frozen_at = models.DateTimeField(_("frozen at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("star year")
        verbose_name_plural = _("star years")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None

    def quotas(self) -> list[tuple[int, int]]:
        """``count_quotas`` as (star count, maximum share %) pairs, highest count first."""
        return sorted(((int(n), int(share)) for n, share in (self.count_quotas or {}).items()), reverse=True)

    def clean(self) -> None:
        super().clean()
        quotas = self.count_quotas or {}
        if not isinstance(quotas, dict) or not all(
            str(n).isdigit() and 1 <= int(n) <= 20 and isinstance(share, int) and 0 <= share <= 100
            for n, share in quotas.items()
        ):
            raise ValidationError({"count_quotas": _(
                "A quota per star count is a number of stars (1–20) and a share between 0 and 100%."
            )})


class StarDefinition(models.Model):
    """Star definition (星级标准): one named star of a year, its criteria and award amount."""

    star_year = models.ForeignKey(
        StarYear, verbose_name=_("year"), on_delete=models.PROTECT, related_name="definitions"
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=50)
    criteria = models.TextField(_("criteria"), blank=True)
    amount = models.DecimalField(
        _("award amount (yuan)"), max_digits=10, decimal_places=2, default=DEFAULT_AMOUNT,
        validators=[MinValueValidator(Decimal("0"))],
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("star definition")
        verbose_name_plural = _("star definitions")
        ordering = ["star_year", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["star_year", "code"], name="unique_star_code_per_year")]

    def __str__(self) -> str:
        return f"{self.star_year.year} {self.name}"


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Awaiting street review")
    RETURNED = "returned", _("Sent back to the community")
    REVIEWED = "reviewed", _("Awaiting district decision")
    REJECTED = "rejected", _("Rejected by the district")
    NOTICE = "notice", _("In public notice")
    OBJECTED = "objected", _("Paused by an objection")
    REFUSED = "refused", _("Refused after an objection")
    AWARDED = "awarded", _("Awarded")
    REVOKED = "revoked", _("Revoked")


# States in which the case is shown on the public notice page.
NOTICE_STATES = (Status.NOTICE, Status.OBJECTED)
# States still open: the community cannot start another application for the same star and year.
HELD_STATES = (Status.AWARDED,)


class StarApplication(models.Model):
    """Star application (五星联创申报): one community, one star, one year."""

    # {% status_badge %}: refusals red, what waits on the community amber, the rest grey
    status_tones = {"awarded": "success", "notice": "info", "rejected": "danger", "refused": "danger",
                    "revoked": "danger", "returned": "warning", "objected": "warning"}

    scope_field = "community"

    community = models.ForeignKey(
        Organization, verbose_name=_("community"), on_delete=models.PROTECT, related_name="star_applications",
        limit_choices_to=COMMUNITY,
    )
    definition = models.ForeignKey(
        StarDefinition, verbose_name=_("star"), on_delete=models.PROTECT, related_name="applications"
    )
    # Copied from the definition's year, so statistics per year need no join.
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    evidence_text = models.TextField(_("evidence"), blank=True)
    # The last reason given for a send-back, rejection, refusal or revocation: what the community sees.
    reason = models.TextField(_("reason"), blank=True)
    exceptional_reason = models.TextField(_("exceptional promotion reason (破格)"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    notice_starts_at = models.DateTimeField(_("notice starts"), null=True, blank=True)
    notice_ends_at = models.DateTimeField(_("notice ends"), null=True, blank=True)
    paused_at = models.DateTimeField(_("paused at"), null=True, blank=True)
    awarded_at = models.DateTimeField(_("awarded at"), null=True, blank=True)
    amount = models.DecimalField(_("award amount (yuan)"), max_digits=10, decimal_places=2, null=True, blank=True)
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("star application")
        verbose_name_plural = _("star applications")
        ordering = ["-year", "community__path", "definition__position"]
        constraints = [
            models.UniqueConstraint(fields=["community", "definition"], name="one_application_per_star"),
            models.CheckConstraint(
                condition=~models.Q(status="awarded") | models.Q(amount__isnull=False, awarded_at__isnull=False),
                name="awarded_application_has_amount",
            ),
        ]
        indexes = [
            # The beat task's sweep: due notices.
            models.Index(fields=["status", "notice_ends_at"], name="star_app_notice_due"),
        ]

    def __str__(self) -> str:
        return f"{self.community} · {self.definition.name} ({self.year})"

    def clean(self) -> None:
        super().clean()
        if self.community_id and self.community.level != Level.COMMUNITY:
            raise ValidationError({"community": _("Only a community can apply for a star.")})


class StarEvidence(models.Model):
    """Evidence file (申报材料) attached to a star application."""

    scope_field = "application__community"

    application = models.ForeignKey(
        StarApplication, verbose_name=_("application"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("file"), upload_to=UploadTo("stars/evidence"), storage=private_storage)
    content_type = models.CharField(max_length=100)
    original_name = models.CharField(_("file name"), max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class StarStep(models.Model):
    """Step of a star application (申报流程记录): who moved it, when, to which state, and why."""

    scope_field = "application__community"

    application = models.ForeignKey(
        StarApplication, verbose_name=_("application"), on_delete=models.CASCADE, related_name="steps"
    )
    from_status = models.CharField(_("from"), max_length=16, choices=Status.choices, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    # Empty for system steps (the award when the notice ends) and for objections, whose author
    # only the district may know (see StarObjection).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"))
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("application step")
        verbose_name_plural = _("application steps")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_status_display()} {self.at:%Y-%m-%d %H:%M}"


class ObjectionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    UPHELD = "upheld", _("Upheld")
    DISMISSED = "dismissed", _("Dismissed")


class StarObjection(models.Model):
    """Objection (公示异议) lodged against a star during its public notice. Who lodged it is
    shown to the district only."""

    scope_field = "application__community"

    application = models.ForeignKey(
        StarApplication, verbose_name=_("application"), on_delete=models.CASCADE, related_name="objections"
    )
    lodged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("lodged by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    lodged_at = models.DateTimeField(_("lodged at"))
    text = models.TextField(_("objection"))
    file = models.FileField(
        _("evidence file"), upload_to=UploadTo("stars/objections"), storage=private_storage, blank=True
    )
    content_type = models.CharField(max_length=100, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=ObjectionStatus.choices, default=ObjectionStatus.OPEN)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("decision reason"), blank=True)

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["lodged_at", "id"]

    def __str__(self) -> str:
        return f"{self.application_id} · {self.get_status_display()}"
