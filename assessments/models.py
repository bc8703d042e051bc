"""Assessment (考核): schemes of weighted indicators, their scores per organisation and period,
the results that are approved bottom-up, and the exceptions that reopen a locked period.

A scheme belongs to the district (its root organisation) and assesses one level (communities or
streets) for one year. Its indicators form a tree: a parent's weight is the sum of its children's,
the top level sums to 100 (``services.scheme_check`` says which node is off and by how much).
Scores are written by the rollup (``rollup.py``) as upserts keyed by (scheme, period, organisation,
indicator), so running it twice gives the same rows.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organizations.models import Level, Organization

from .periods import PeriodKind, parse_period
from .scoring import parse_rule

ASSESSED_LEVELS = [(Level.STREET.value, Level.STREET.label), (Level.COMMUNITY.value, Level.COMMUNITY.label)]


class IndicatorKind(models.TextChoices):
    COMPUTED = "computed", _("Computed from records")
    MANUAL = "manual", _("Scored by reviewers")
    PARENT = "parent", _("Sum of its sub-items")


class TimeAggregation(models.TextChoices):
    SUM = "sum", _("Sum over the period")
    MEAN = "mean", _("Mean of the months")
    LAST = "last", _("Last month's value")


class OrgAggregation(models.TextChoices):
    SUM = "sum", _("Sum")
    MEAN = "mean", _("Mean")
    MEMBERS = "members", _("Mean weighted by members")
    HOUSEHOLDS = "households", _("Mean weighted by households")


class Combination(models.TextChoices):
    """How the reviewers' sheets of a manual indicator combine into its value."""

    MEAN = "mean", _("Mean of the sheets")
    MEDIAN = "median", _("Median of the sheets")
    TRIMMED = "trimmed", _("Trimmed mean (the highest and lowest left out)")


class SpreadMeasure(models.TextChoices):
    RANGE = "range", _("Highest minus lowest score")
    STDDEV = "stddev", _("Standard deviation of the scores")


class GradeMethod(models.TextChoices):
    THRESHOLDS = "thresholds", _("Score thresholds")
    SHARES = "shares", _("Shares of the ranking")


class Grade(models.TextChoices):
    ADVANCED = "advanced", _("Advanced (先进)")
    PASSING = "passing", _("Passing (达标)")
    LAGGING = "lagging", _("Lagging (落后)")


class Scheme(models.Model):
    """Assessment scheme (考核方案): one year's weighted indicators for one level. The district's
    own rules, the same for every street, so every signed-in user reads them (not scoped)."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("district"), on_delete=models.PROTECT, related_name="assessment_schemes"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    level = models.CharField(_("assessed level"), max_length=20, choices=ASSESSED_LEVELS)
    name = models.CharField(_("name"), max_length=100)
    period_kind = models.CharField(
        _("period"), max_length=10, choices=PeriodKind.choices, default=PeriodKind.HALF_YEAR
    )
    grade_method = models.CharField(
        _("grading"), max_length=12, choices=GradeMethod.choices, default=GradeMethod.THRESHOLDS
    )
    # Thresholds: a total at or above ``advanced_at`` is 先进, at or above ``passing_at`` 达标.
    # Shares: the top ``advanced_at`` percent are 先进, the bottom ``100 - passing_at`` percent 落后.
    advanced_at = models.DecimalField(_("advanced at"), max_digits=5, decimal_places=2, default=Decimal(90))
    passing_at = models.DecimalField(_("passing at"), max_digits=5, decimal_places=2, default=Decimal(60))
    copied_from = models.ForeignKey(
        "self", verbose_name=_("copied from"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Set when a period scored with this scheme is approved: its indicators no longer change.
    frozen_at = models.DateTimeField(_("frozen at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("assessment scheme")
        verbose_name_plural = _("assessment schemes")
        ordering = ["-year", "level"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "year", "level"], name="one_scheme_per_year_and_level")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.name}"

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None

    def clean(self) -> None:
        super().clean()
        if self.organization_id and self.organization.level != Level.DISTRICT:
            raise ValidationError({"organization": _("A scheme belongs to the district.")})
        if self.grade_method == GradeMethod.THRESHOLDS and self.passing_at > self.advanced_at:
            raise ValidationError({"passing_at": _("The passing score cannot be above the advanced score.")})
        if self.grade_method == GradeMethod.SHARES and not (0 <= self.advanced_at <= self.passing_at <= 100):
            raise ValidationError({
                "passing_at": _("With shares, 0 ≤ advanced share ≤ passing share ≤ 100 (percent of the ranking).")
            })


class Indicator(models.Model):
    """Assessment indicator (考核指标): a major item (大项) or a sub-item (小项) of a scheme."""

    scheme = models.ForeignKey(Scheme, verbose_name=_("scheme"), on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=200)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent item"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="children",
    )
    weight = models.DecimalField(
        _("weight"), max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    kind = models.CharField(_("kind"), max_length=10, choices=IndicatorKind.choices, default=IndicatorKind.COMPUTED)
    computation = models.CharField(_("computation"), max_length=60, blank=True)
    rule = models.CharField(
        _("scoring rule"), max_length=200, blank=True,
        help_text=_("target:95, band:60-95, steps:60=50,80=100, or inverse_target / inverse_band / inverse_steps."),
    )
    time_aggregation = models.CharField(
        _("over time"), max_length=10, choices=TimeAggregation.choices, default=TimeAggregation.SUM
    )
    org_aggregation = models.CharField(
        _("over the hierarchy"), max_length=12, choices=OrgAggregation.choices, default=OrgAggregation.MEAN
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    # Manual indicators (评议): how the reviewers' sheets become the value (``reviews.combine``). The
    # median by default: one outlier reviewer cannot drag it, as they drag a mean.
    combination = models.CharField(
        _("combination of the sheets"), max_length=8, choices=Combination.choices, default=Combination.MEDIAN
    )
    trim_share = models.DecimalField(
        _("share trimmed at each end"), max_digits=3, decimal_places=2, default=Decimal("0.20"),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal("0.45"))],
        help_text=_("Trimmed mean: this share of the sheets (rounded down, at least one from three sheets) is "
                    "left out at the top and at the bottom."),
    )
    quorum = models.PositiveSmallIntegerField(
        _("quorum of sheets"), default=3, validators=[MinValueValidator(1), MaxValueValidator(99)],
        help_text=_("Below this many submitted sheets the indicator has no value (未达法定人数)."),
    )
    spread_measure = models.CharField(
        _("disagreement measured as"), max_length=8, choices=SpreadMeasure.choices, default=SpreadMeasure.RANGE
    )
    spread_limit = models.DecimalField(
        _("disagreement above (points)"), max_digits=6, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(Decimal(0))],
        help_text=_("Sheets spreading more than this are flagged for a look; empty: never flagged."),
    )

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["scheme", "position", "code"]
        constraints = [models.UniqueConstraint(fields=["scheme", "code"], name="unique_indicator_code_per_scheme")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def clean(self) -> None:
        super().clean()
        from .registry import computation_or_none

        errors = {}
        if self.parent_id and (self.parent.scheme_id != self.scheme_id or self.parent.pk == self.pk):
            errors["parent"] = _("The parent item must be another item of the same scheme.")
        if self.kind == IndicatorKind.COMPUTED:
            if computation_or_none(self.computation) is None:
                errors["computation"] = _("Choose a computation for a computed indicator (“%(name)s” is not one).") % {
                    "name": self.computation}
        elif self.computation:
            errors["computation"] = _("Only a computed indicator names a computation.")
        if self.kind == IndicatorKind.PARENT:
            if self.rule:
                errors["rule"] = _("A parent item has no scoring rule: it is the sum of its sub-items.")
        elif self.kind == IndicatorKind.MANUAL:
            if self.rule:
                errors["rule"] = _("A manual indicator has no scoring rule: the reviewers give points directly.")
        elif self.kind == IndicatorKind.COMPUTED:
            try:
                parse_rule(self.rule)
            except ValidationError as exc:
                errors["rule"] = exc.messages
        if errors:
            raise ValidationError(errors)


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ScoreRun(models.Model):
    """Assessment run (考核计算): one rollup of a scheme for a period, with its progress."""

    scope_field = "scheme__organization"

    scheme = models.ForeignKey(Scheme, verbose_name=_("scheme"), on_delete=models.CASCADE, related_name="runs")
    period = models.CharField(_("period"), max_length=8, validators=[parse_period])
    status = models.CharField(_("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    is_incremental = models.BooleanField(_("incremental"), default=False)
    steps_total = models.PositiveIntegerField(default=0)
    steps_done = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(_("organisations updated"), default=0)
    # Organisations of the assessed level whose figures the run recomputed from the records (all of
    # them on a full run; those with records changed since the last run on an incremental one).
    recomputed = models.PositiveIntegerField(_("organisations recomputed"), null=True, blank=True)
    # What the next incremental run compares against (``changes``): the scheme's digest and each
    # source table's row count and highest id, taken at ``started_at`` before anything was read.
    snapshot = models.JSONField(default=dict, blank=True, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("assessment run")
        verbose_name_plural = _("assessment runs")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.scheme} {self.period} #{self.pk}"

    @property
    def percent(self) -> int:
        if self.status == RunStatus.DONE:
            return 100
        return int(100 * self.steps_done / self.steps_total) if self.steps_total else 0


class Score(models.Model):
    """Indicator score (指标得分): an organisation's value and points on one indicator for one period."""

    scope_field = "organization"

    scheme = models.ForeignKey(Scheme, verbose_name=_("scheme"), on_delete=models.CASCADE, related_name="scores")
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="scores"
    )
    period = models.CharField(_("period"), max_length=8)
    organization = models.ForeignKey(
        Organization, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="assessment_scores"
    )
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=4, null=True, blank=True)
    points = models.DecimalField(_("points"), max_digits=7, decimal_places=2, default=Decimal(0))
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("indicator score")
        verbose_name_plural = _("indicator scores")
        ordering = ["period", "organization", "indicator"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "period", "organization", "indicator"], name="one_score_per_indicator"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.points}"


class ResultStatus(models.TextChoices):
    COMPUTED = "computed", _("Computed")
    APPROVED = "approved", _("Approved")
    SENT_BACK = "sent_back", _("Sent back")


class Result(models.Model):
    """Assessment result (考核结果): an organisation's total, rank and grade for a period, and its
    approval. Approved results are locked: the rollup never rewrites them."""

    scope_field = "organization"

    scheme = models.ForeignKey(Scheme, verbose_name=_("scheme"), on_delete=models.CASCADE, related_name="results")
    period = models.CharField(_("period"), max_length=8)
    organization = models.ForeignKey(
        Organization, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="assessment_results"
    )
    total = models.DecimalField(_("total"), max_digits=7, decimal_places=2, default=Decimal(0))
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    grade = models.CharField(_("grade"), max_length=10, choices=Grade.choices, blank=True)
    computed_at = models.DateTimeField(_("computed at"))
    status = models.CharField(_("status"), max_length=10, choices=ResultStatus.choices, default=ResultStatus.COMPUTED)
    reason = models.TextField(_("reason sent back"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("assessment result")
        verbose_name_plural = _("assessment results")
        ordering = ["period", "rank", "organization"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "period", "organization"], name="one_result_per_period"),
            models.CheckConstraint(
                condition=~Q(status="sent_back") | ~Q(reason=""), name="sent_back_result_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.period} {self.total}"

    @property
    def is_locked(self) -> bool:
        return self.status == ResultStatus.APPROVED


class LockException(models.Model):
    """Lock exception (解锁例外): the district lets one organisation edit the records of its approved
    periods until a set time; it expires by itself."""

    scope_field = "organization"

    organization = models.ForeignKey(
        Organization, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="lock_exceptions"
    )
    until = models.DateTimeField(_("open until"))
    reason = models.CharField(_("reason"), max_length=300)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("granted by"), null=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("lock exception")
        verbose_name_plural = _("lock exceptions")
        ordering = ["-granted_at"]

    def __str__(self) -> str:
        return f"{self.organization} → {self.until:%Y-%m-%d %H:%M}"


class PairingKind(models.TextChoices):
    LEADER = "leader", _("Leader")
    UNIT = "unit", _("Unit")


class Pairing(models.Model):
    """包联 pairing: a leader or a unit paired with a community for a year, who receives the
    community's annual assessment score as their own (Maojian)."""

    scope_field = "community"

    year = models.PositiveSmallIntegerField(_("year"))
    community = models.ForeignKey(
        Organization, verbose_name=_("community"), on_delete=models.PROTECT, related_name="assessment_pairings",
        limit_choices_to={"level": "community"},
    )
    kind = models.CharField(_("paired"), max_length=8, choices=PairingKind.choices)
    name = models.CharField(_("leader or unit"), max_length=100)
    position = models.CharField(_("position"), max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pairing (包联)")
        verbose_name_plural = _("pairings (包联)")
        ordering = ["-year", "community__path", "kind", "name"]
        constraints = [models.UniqueConstraint(
            fields=["year", "community", "kind", "name"], name="assessments_one_pairing",
            violation_error_message=_("This leader or unit is already paired with the community for that year."),
        )]

    def __str__(self) -> str:
        return f"{self.year} {self.name} → {self.community}"

    def clean(self) -> None:
        super().clean()
        if self.community_id and self.community.level != Level.COMMUNITY:
            raise ValidationError({"community": _("Leaders and units are paired with a community.")})


# --- manual indicators scored by reviewers (述职评议) ------------------------------------------

class ReviewAssignment(models.Model):
    """Reviewer assignment (评议分工): one reviewer is to score one organisation on one manual
    indicator for one period. Reviewers need no role on the tree (heads of resident units get a
    plain login): the assignment itself lets them read and fill their own sheets, nothing else."""

    scope_field = "organization"

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="review_assignments",
        limit_choices_to={"kind": IndicatorKind.MANUAL},
    )
    period = models.CharField(_("period"), max_length=8, validators=[parse_period])
    organization = models.ForeignKey(
        Organization, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="review_assignments"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewer"), on_delete=models.PROTECT,
        related_name="review_assignments",
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assigned by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reviewer assignment (评议分工)")
        verbose_name_plural = _("reviewer assignments (评议分工)")
        ordering = ["period", "organization__path", "indicator__position", "reviewer_id"]
        constraints = [models.UniqueConstraint(
            fields=["indicator", "period", "organization", "reviewer"], name="assessments_one_sheet_per_reviewer",
            violation_error_message=_("This reviewer already scores this organisation on this indicator."),
        )]
        # The reviewer's page and to-do: their assignments, newest period first.
        indexes = [models.Index(fields=["reviewer", "period"], name="assessments_review_by_reviewer")]

    def __str__(self) -> str:
        return f"{self.period} {self.indicator_id} → {self.organization_id}"

    @classmethod
    def scope_extra_q(cls, user, action: str) -> Q | None:
        # Reviewers read their own assignments wherever they lie; they change nothing here.
        return Q(reviewer=user.pk) if action == "view" else None

    def clean(self) -> None:
        super().clean()
        if self.indicator_id and self.indicator.kind != IndicatorKind.MANUAL:
            raise ValidationError({"indicator": _("Only a manual indicator is scored by reviewers.")})
        if self.indicator_id and self.organization_id:
            scheme = self.indicator.scheme
            if self.organization.level != scheme.level or not self.organization.path.startswith(
                    scheme.organization.path):
                raise ValidationError({"organization": _("The scheme assesses %(level)s; choose one.") % {
                    "level": scheme.get_level_display()}})
            try:
                code = parse_period(self.period)
            except ValidationError:
                return
            if code.year != scheme.year or code.kind != scheme.period_kind:
                raise ValidationError({"period": _("%(period)s is not a period this scheme assesses.") % {
                    "period": self.period}})


class ReviewSheet(models.Model):
    """Review sheet (评议表): the score one reviewer gives one organisation on one manual indicator
    for one period, with a comment. Only its reviewer writes it, and only while the period is not
    locked (``assessments.locks``)."""

    scope_field = "assignment__organization"

    assignment = models.OneToOneField(
        ReviewAssignment, verbose_name=_("assignment"), on_delete=models.PROTECT, related_name="sheet"
    )
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=2)
    comment = models.TextField(_("comment"), blank=True, max_length=1000)
    submitted_at = models.DateTimeField(_("submitted at"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("review sheet (评议表)")
        verbose_name_plural = _("review sheets (评议表)")
        ordering = ["assignment"]

    def __str__(self) -> str:
        return f"{self.assignment} {self.score}"

    @classmethod
    def scope_extra_q(cls, user, action: str) -> Q | None:
        return Q(assignment__reviewer=user.pk) if action == "view" else None

    def clean(self) -> None:
        super().clean()
        from .locks import check_unlocked

        assignment = self.assignment
        weight = assignment.indicator.weight
        if self.score is not None and not (0 <= self.score <= weight):
            raise ValidationError({"score": _("The score must lie between 0 and %(weight)s, the indicator's "
                                              "points.") % {"weight": format(weight.normalize(), "f")}})
        # An approved period is closed for sheets too: the refusal names the lock and who lifts it.
        check_unlocked(assignment.organization, on_date=parse_period(assignment.period).start)


class ReviewTally(models.Model):
    """Review tally (评议汇总): the reviewers' sheets of one organisation on one manual indicator
    combined for a period, as the rollup last counted them: how many were assigned and submitted,
    whether the quorum was reached, the value and the spread (分歧) of the scores."""

    scope_field = "organization"

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="review_tallies"
    )
    period = models.CharField(_("period"), max_length=8)
    organization = models.ForeignKey(
        Organization, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="review_tallies"
    )
    assigned = models.PositiveIntegerField(_("sheets assigned"), default=0)
    sheets = models.PositiveIntegerField(_("sheets submitted"), default=0)
    has_quorum = models.BooleanField(_("quorum reached"), default=False)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=4, null=True, blank=True)
    spread = models.DecimalField(_("spread"), max_digits=14, decimal_places=4, null=True, blank=True)
    is_disputed = models.BooleanField(_("reviewers disagree"), default=False)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("review tally (评议汇总)")
        verbose_name_plural = _("review tallies (评议汇总)")
        ordering = ["period", "organization", "indicator"]
        constraints = [models.UniqueConstraint(
            fields=["indicator", "period", "organization"], name="assessments_one_tally_per_indicator")]

    def __str__(self) -> str:
        return f"{self.period} {self.indicator_id} {self.organization_id} {self.value}"
