"""Writes of 五星联创: years and star definitions, applications and their steps, evidence,
objections and the closing of due notices.

Every step goes through ``stars.flow.APPLICATION_FLOW`` (state and version guarded, a ``StarStep``
per step); whoever must act next is notified (``notifications.services.notify``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from decimal import Decimal

from auditlog.context import auditlog_value
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notifications.models import Kind
from notifications.services import notifications_mark_done, notify
from organizations.models import Level, Organization
from partybuild import rights
from partybuild.files import DOCUMENTS, check_upload, rename_for_storage
from partybuild.locking import versioned_save
from summaries.services import summaries_touch

from . import flow, rules
from .models import (
    DEFAULT_AMOUNT,
    ObjectionStatus,
    StarApplication,
    StarDefinition,
    StarEvidence,
    StarObjection,
    StarYear,
    Status,
)

EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
# The five named stars of 五星联创 (Yungang), offered when the first year is started.
DEFAULT_STARS = (
    ("organisation", gettext_lazy("Organisation-building pioneer star")),
    ("co_governance", gettext_lazy("Co-building and co-governance star")),
    ("basic_support", gettext_lazy("Strong basic support star")),
    ("satisfaction", gettext_lazy("Residents' satisfaction star")),
    ("liveable", gettext_lazy("Liveable, stable and happy star")),
)
DEFINITION_FIELDS = ("name", "criteria", "amount", "position")
NOT_DISTRICT_ADMIN = gettext_lazy("Only the district may set the stars of a year.")
FROZEN = gettext_lazy("The stars of %(year)s are frozen: a star of that year has already been awarded.")
EDITABLE = (Status.DRAFT, Status.RETURNED)


def _require_district(user) -> None:
    if not rights.is_district_admin(user):
        raise PermissionDenied(str(NOT_DISTRICT_ADMIN))


# --- years and definitions -------------------------------------------------------------------


@transaction.atomic
def star_year_start(*, user, year: int, notice_days: int | None = None) -> StarYear:
    """Start ``year`` from the latest earlier year's definitions (or the five named stars)."""
    _require_district(user)
    if StarYear.objects.filter(year=year).exists():
        raise ValidationError({"year": _("The stars of %(year)s have already been set up.") % {"year": year}})
    previous = StarYear.objects.filter(year__lt=year).order_by("-year").first()
    star_year = StarYear(year=year)
    if previous is not None:  # the rules carry over with the stars
        for name in YEAR_FIELDS:
            setattr(star_year, name, getattr(previous, name))
    if notice_days:
        star_year.notice_days = notice_days
    star_year.full_clean()
    star_year.save()
    if previous is not None:
        rows = [
            StarDefinition(star_year=star_year, code=d.code, name=d.name, criteria=d.criteria, amount=d.amount,
                           position=d.position)
            for d in previous.definitions.all()
        ]
    else:
        rows = [
            StarDefinition(star_year=star_year, code=code, name=str(name), amount=DEFAULT_AMOUNT, position=i)
            for i, (code, name) in enumerate(DEFAULT_STARS, start=1)
        ]
    StarDefinition.objects.bulk_create(rows)
    return star_year


YEAR_FIELDS = (
    "notice_days", "max_per_star", "max_full_share", "count_quotas", "promotion_limit", "veto_overdue_rate",
    "veto_satisfaction",
    "veto_weak_organisation", "veto_blacklisted_property",
)


@transaction.atomic
def star_year_update(*, user, star_year: StarYear, version: int | None = None, **changes) -> StarYear:
    """The year's notice period and rules; the rules may change until the first award."""
    _require_district(user)
    fields = [f for f in changes if f in YEAR_FIELDS]
    if any(f != "notice_days" and changes[f] != getattr(star_year, f) for f in fields):
        _require_unfrozen(star_year)
    for name in fields:
        setattr(star_year, name, changes[name])
    star_year.full_clean()
    return versioned_save(star_year, fields=fields, version=version)


def _require_unfrozen(star_year: StarYear) -> None:
    if StarYear.objects.filter(pk=star_year.pk, frozen_at__isnull=False).exists():
        raise ValidationError(str(FROZEN) % {"year": star_year.year})


@transaction.atomic
def definition_create(*, user, star_year: StarYear, code: str, name: str, criteria: str = "",
                      amount: Decimal = DEFAULT_AMOUNT, position: int = 0) -> StarDefinition:
    _require_district(user)
    _require_unfrozen(star_year)
    definition = StarDefinition(
        star_year=star_year, code=code, name=name, criteria=criteria, amount=amount, position=position
    )
    definition.full_clean()
    definition.save()
    return definition


@transaction.atomic
def definition_update(*, user, definition: StarDefinition, version: int | None = None, **changes) -> StarDefinition:
    _require_district(user)
    _require_unfrozen(definition.star_year)
    fields = [f for f in changes if f in DEFINITION_FIELDS]
    for name in fields:
        setattr(definition, name, changes[name])
    definition.full_clean()
    return versioned_save(definition, fields=fields, version=version)


# --- notifications ----------------------------------------------------------------------------


def _users_holding(roles, path: str):
    held = rights.role_holders_over(paths=[path], roles=roles)
    return get_user_model().objects.filter(pk__in=held.values("user_id"))


def _tell(app: StarApplication, roles, title: str) -> None:
    """Notify the holders of ``roles`` over the community: whoever must act next."""
    # Earlier notifications about this application were for a step that is now taken.
    notifications_mark_done(target=app, kinds=[Kind.STAR_APPLICATION])
    notify(
        users=_users_holding(roles, app.community.path), kind=Kind.STAR_APPLICATION, title=title,
        url=reverse("stars:application-detail", args=[app.pk]), target=app,
    )


def _label(app: StarApplication) -> dict[str, str]:
    return {"community": app.community.name, "star": app.definition.name, "year": app.year}


# --- applications -----------------------------------------------------------------------------


def _require_community(user, community: Organization) -> None:
    if not rights.holds_role_over(user, flow.COMMUNITY_ROLES, community):
        raise PermissionDenied(str(flow.NOT_COMMUNITY))


@transaction.atomic
def application_create(*, user, community: Organization, definition: StarDefinition,
                       evidence_text: str = "") -> StarApplication:
    """A draft application of ``community`` for ``definition``'s star."""
    if community.level != Level.COMMUNITY:
        raise ValidationError({"community": _("Only a community can apply for a star.")})
    _require_community(user, community)
    app = StarApplication(
        community=community, definition=definition, year=definition.star_year.year, evidence_text=evidence_text,
        created_by=user,
    )
    app.full_clean(validate_unique=False, validate_constraints=False)
    if StarApplication.objects.filter(community=community, definition=definition).exists():
        raise ValidationError(_("%(community)s has already applied for %(star)s in %(year)s.") % _label(app))
    try:
        with transaction.atomic():
            app.save()
    except IntegrityError as exc:  # a concurrent second application
        raise ValidationError(_("%(community)s has already applied for %(star)s in %(year)s.") % _label(app)) from exc
    return app


def _require_editable(user, app: StarApplication) -> None:
    _require_community(user, app.community)
    if app.status not in EDITABLE:
        raise ValidationError(
            _("Only a draft or an application sent back can be changed; this one is %(status)s.")
            % {"status": app.get_status_display()}
        )


@transaction.atomic
def application_update(*, user, application: StarApplication, evidence_text: str,
                       version: int | None = None) -> StarApplication:
    _require_editable(user, application)
    application.evidence_text = evidence_text
    application.full_clean(validate_unique=False, validate_constraints=False)
    return versioned_save(application, fields=["evidence_text"], version=version)


@transaction.atomic
def evidence_add(*, user, application: StarApplication, upload) -> StarEvidence:
    """Attach a file, checked by content and size (``partybuild.files``)."""
    _require_editable(user, application)
    kind = check_upload(upload, kinds=DOCUMENTS, max_bytes=EVIDENCE_MAX_BYTES, field="file")
    original = upload.name.rsplit("/", 1)[-1][:200]
    evidence = StarEvidence(
        application=application, file=rename_for_storage(upload, kind), content_type=kind.content_type,
        original_name=original, uploaded_by=user,
    )
    evidence.save()
    return evidence


@transaction.atomic
def application_submit(*, user, application: StarApplication, comment: str = "",
                       version: int | None = None) -> StarApplication:
    flow.APPLICATION_FLOW.check(user, application, "submit")
    if not application.evidence_text.strip() and not application.evidence.exists():
        raise ValidationError(_("Describe the community's work or attach evidence before submitting."))
    app = flow.APPLICATION_FLOW.advance(
        application, "submit", actor=user, comment=comment, version=version, submitted_at=timezone.now(), reason=""
    )
    _tell(app, flow.STREET_ROLES, _("%(community)s applies for %(star)s (%(year)s): please review") % _label(app))
    return app


def _need_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"comment": _("Give the reason: the community will read it.")})
    return reason


@transaction.atomic
def application_pass(*, user, application: StarApplication, comment: str = "",
                     version: int | None = None) -> StarApplication:
    app = flow.APPLICATION_FLOW.advance(application, "pass", actor=user, comment=comment, version=version)
    _tell(app, flow.DISTRICT_ROLES,
          _("%(community)s: %(star)s (%(year)s) passed the street; please decide") % _label(app))
    return app


@transaction.atomic
def application_send_back(*, user, application: StarApplication, comment: str,
                          version: int | None = None) -> StarApplication:
    flow.APPLICATION_FLOW.check(user, application, "send_back")
    reason = _need_reason(comment)
    app = flow.APPLICATION_FLOW.advance(
        application, "send_back", actor=user, comment=reason, version=version, reason=reason
    )
    _tell(app, flow.COMMUNITY_ROLES, _("%(star)s (%(year)s) was sent back by the street") % _label(app))
    return app


@transaction.atomic
def application_approve(*, user, application: StarApplication, comment: str = "", exceptional_reason: str = "",
                        version: int | None = None) -> StarApplication:
    """Approve: the star goes into public notice for the year's number of days, unless one of the
    year's rules (quotas, vetoes, step-by-step promotion) stops it."""
    flow.APPLICATION_FLOW.check(user, application, "approve")
    # Two approvals at once must not both pass a quota: serialise them on the year's row.
    StarYear.objects.select_for_update().filter(pk=application.definition.star_year_id).first()
    exceptional_reason = (exceptional_reason or "").strip()
    problems = rules.approval_problems(application, exceptional_reason=exceptional_reason)
    if problems:
        raise ValidationError(problems)
    now = timezone.now()
    days = application.definition.star_year.notice_days
    app = flow.APPLICATION_FLOW.advance(
        application, "approve", actor=user, comment=comment or exceptional_reason, version=version, at=now,
        notice_starts_at=now, notice_ends_at=now + timedelta(days=days), paused_at=None,
        exceptional_reason=exceptional_reason,
    )
    _tell(app, flow.COMMUNITY_ROLES, _("%(star)s (%(year)s) approved: in public notice") % _label(app))
    return app


@transaction.atomic
def application_reject(*, user, application: StarApplication, comment: str,
                       version: int | None = None) -> StarApplication:
    flow.APPLICATION_FLOW.check(user, application, "reject")
    reason = _need_reason(comment)
    app = flow.APPLICATION_FLOW.advance(
        application, "reject", actor=user, comment=reason, version=version, reason=reason
    )
    _tell(app, flow.COMMUNITY_ROLES, _("%(star)s (%(year)s) was rejected by the district") % _label(app))
    return app


@transaction.atomic
def application_revoke(*, user, application: StarApplication, comment: str, revoked_on: date | None = None,
                       version: int | None = None) -> StarApplication:
    """摘星: take an awarded star away, with the reason and the date it takes effect."""
    flow.APPLICATION_FLOW.check(user, application, "revoke")
    reason = _need_reason(comment)
    app = flow.APPLICATION_FLOW.advance(
        application, "revoke", actor=user, comment=reason, version=version, reason=reason,
        revoked_on=revoked_on or timezone.localdate(),
    )
    _tell(app, flow.COMMUNITY_ROLES, _("%(star)s (%(year)s) was revoked") % _label(app))
    summaries_touch(orgs=[app.community_id])  # the area's star figures (dashboards, big screen)
    return app


# --- objections -------------------------------------------------------------------------------


@contextmanager
def _without_actor() -> Iterator[None]:
    """Who objected is the district's to know: the change history, which the community may read,
    records these writes without the request's user (or address)."""
    try:
        current = auditlog_value.get()
    except LookupError:
        yield
        return
    token = auditlog_value.set({**current, "actor": None, "remote_addr": None, "remote_port": None})
    try:
        yield
    finally:
        auditlog_value.reset(token)


@transaction.atomic
def objection_lodge(*, user, application: StarApplication, text: str, upload=None) -> StarObjection:
    """Any signed-in user objects to a star in public notice; the notice pauses until the
    district decides. The step is recorded without the objector, whom only the district sees."""
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied(_("Sign in to lodge an objection."))
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Say what the objection is.")})
    flow.APPLICATION_FLOW.check(None, application, "object")
    objection = StarObjection(application=application, lodged_by=user, lodged_at=timezone.now(), text=text)
    if upload is not None:
        kind = check_upload(upload, kinds=DOCUMENTS, max_bytes=EVIDENCE_MAX_BYTES, field="file")
        objection.file = rename_for_storage(upload, kind)
        objection.content_type = kind.content_type
    objection.full_clean(exclude=["lodged_by", "file"])
    with _without_actor():
        objection.save()
        if application.status == Status.NOTICE:
            flow.APPLICATION_FLOW.advance(
                application, "object", actor=None, check_actor=False, comment=_("An objection was lodged."),
                paused_at=objection.lodged_at,
            )
    _tell(application, flow.DISTRICT_ROLES,
          _("Objection to %(community)s: %(star)s (%(year)s)") % _label(application))
    return objection


@transaction.atomic
def objection_decide(*, user, objection: StarObjection, uphold: bool, reason: str) -> StarObjection:
    """Uphold (the star is refused) or dismiss (the notice continues for the days it had left
    once no objection remains open)."""
    app = objection.application
    if not flow.may_decide(user, app):
        raise PermissionDenied(str(flow.NOT_DISTRICT))
    reason = _need_reason(reason)
    now = timezone.now()
    claimed = StarObjection.objects.filter(pk=objection.pk, status=ObjectionStatus.OPEN).update(
        status=ObjectionStatus.UPHELD if uphold else ObjectionStatus.DISMISSED, decided_by=user, decided_at=now,
        decision_reason=reason,
    )
    if not claimed:
        raise ValidationError(_("This objection has already been decided."))
    objection.refresh_from_db()
    if uphold:
        flow.APPLICATION_FLOW.advance(app, "refuse", actor=user, comment=reason, reason=reason)
        StarObjection.objects.filter(application=app, status=ObjectionStatus.OPEN).update(
            status=ObjectionStatus.UPHELD, decided_by=user, decided_at=now, decision_reason=reason
        )
        _tell(app, flow.COMMUNITY_ROLES, _("%(star)s (%(year)s) was refused after an objection") % _label(app))
    elif not StarObjection.objects.filter(application=app, status=ObjectionStatus.OPEN).exists():
        # The paused days do not count: the notice ends as much later as it was paused.
        paused = now - (app.paused_at or now)
        flow.APPLICATION_FLOW.advance(
            app, "resume", actor=user, comment=reason, notice_ends_at=app.notice_ends_at + paused, paused_at=None
        )
        notifications_mark_done(target=app, kinds=[Kind.STAR_APPLICATION])
    return objection


# --- the end of notices -----------------------------------------------------------------------


def due_notices(*, now: datetime | None = None):
    now = now or timezone.now()
    open_objection = StarObjection.objects.filter(application=OuterRef("pk"), status=ObjectionStatus.OPEN)
    return StarApplication.objects.filter(status=Status.NOTICE, notice_ends_at__lte=now).exclude(
        Exists(open_objection)
    )


def notices_close_due(*, now: datetime | None = None) -> int:
    """Award every star whose notice has ended with no open objection; returns how many. Safe to
    run twice or concurrently: each award is a guarded UPDATE, a lost race is skipped."""
    now = now or timezone.now()
    awarded = 0
    for app_id in list(due_notices(now=now).values_list("pk", flat=True)):
        try:
            awarded += application_award(application_id=app_id, now=now)
        except ValidationError:
            continue
    return awarded


@transaction.atomic
def application_award(*, application_id: int, now: datetime | None = None) -> int:
    now = now or timezone.now()
    app = StarApplication.objects.select_related("definition__star_year", "community").get(pk=application_id)
    if app.status != Status.NOTICE or app.notice_ends_at is None or app.notice_ends_at > now:
        return 0
    if app.objections.filter(status=ObjectionStatus.OPEN).exists():
        return 0
    flow.APPLICATION_FLOW.advance(
        app, "award", actor=None, check_actor=False, at=now, comment=_("The public notice ended with no objection."),
        awarded_at=now, amount=app.definition.amount,
    )
    # The first award of the year freezes its definitions.
    StarYear.objects.filter(pk=app.definition.star_year_id, frozen_at__isnull=True).update(frozen_at=now)
    _tell(app, flow.COMMUNITY_ROLES, _("%(star)s (%(year)s) awarded") % _label(app))
    summaries_touch(orgs=[app.community_id])
    return 1
