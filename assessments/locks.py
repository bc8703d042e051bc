"""Locked periods (锁定): the one question other apps' services ask before changing a record.

    from assessments.locks import check_unlocked
    check_unlocked(report.grid.branch, on_date=report.reported_at.date())

A record of an organisation dated ``on_date`` is locked when an approved assessment result of that
organisation or one of its ancestors covers the date (whatever the period's kind), unless the
district granted an exception to the organisation (or an ancestor) that has not expired. The refusal
names the lock (which result, approved by whom and when; or the exception that expired) and who
can lift it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from organizations.paths import ancestor_paths
from partybuild import rights

from .models import LockException, Result, ResultStatus
from .periods import PeriodKind, period_of


def _person(user) -> str:
    return getattr(user, "full_name", "") or user.username


@dataclass(frozen=True)
class Lock:
    result: Result
    expired: LockException | None

    def message(self) -> str:
        r = self.result
        text = _("The records of %(org)s for %(period)s are locked: the assessment result was approved by "
                 "%(who)s on %(date)s.") % {
            "org": r.organization.name, "period": r.period,
            "who": _person(r.decided_by) if r.decided_by else _("the system"),
            "date": timezone.localtime(r.decided_at).strftime("%Y-%m-%d") if r.decided_at else "—"}
        if self.expired is not None:
            text += " " + _("The exception granted for %(org)s expired on %(until)s.") % {
                "org": self.expired.organization.name,
                "until": timezone.localtime(self.expired.until).strftime("%Y-%m-%d %H:%M")}
        admins = sorted({
            _person(a.user) for a in rights.role_holders_over(
                paths=[r.organization.path], roles=[Role.DISTRICT_ADMIN]).select_related("user")
        })
        return text + " " + _("A district administrator (%(names)s) can grant a time-limited exception.") % {
            "names": "、".join(admins) or _("none assigned")}


def lock_for(org, *, on_date: date) -> Lock | None:
    """The lock on ``org``'s records dated ``on_date``, or None when they may change."""
    paths = ancestor_paths(org.path, include_self=True)
    codes = [period_of(kind, on_date).code for kind in PeriodKind.values]
    result = (
        Result.objects.filter(status=ResultStatus.APPROVED, period__in=codes, organization__path__in=paths)
        .select_related("organization", "decided_by").order_by("organization__depth").first()
    )
    if result is None:
        return None
    exceptions = LockException.objects.filter(organization__path__in=paths).select_related("organization")
    if exceptions.filter(until__gt=timezone.now()).exists():
        return None
    return Lock(result, exceptions.order_by("-until").first())


def check_unlocked(org, *, on_date: date) -> None:
    """Raise ValidationError naming the lock and who can lift it, when ``org``'s records dated
    ``on_date`` belong to an approved period."""
    lock = lock_for(org, on_date=on_date)
    if lock is not None:
        raise ValidationError(lock.message())
