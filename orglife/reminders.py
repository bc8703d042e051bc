"""Before a quarter ends, remind the people in charge of each organisation of the meetings still due.

Who is reminded: the portal accounts bound nearest above the organisation among community
secretaries and grid workers (a grid branch's grid worker; for a community, or a branch without a
grid worker, the community secretary). One notification per organisation and quarter (dedupe key),
so the daily sweep is safe to run twice."""

from __future__ import annotations

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role
from notifications.models import Kind
from notifications.services import Draft, notifications_create
from organizations.models import Organization
from partybuild.rights import role_holders_over

from .models import Meeting, MeetingType
from .selectors import compliance_of, current_quarter, meeting_organizations_all

REMIND_DAYS_BEFORE_QUARTER_END = 14
REMINDED_ROLES = (Role.COMMUNITY_SECRETARY, Role.GRID_WORKER)
# The label of notifications.Kind.ORGLIFE_DUE: its translation lives in this app's catalogue.
KIND_LABEL = gettext_lazy("Organisational life still due")


def _nearest_holders(rows, paths: list[str]) -> dict[str, list[tuple[int, str]]]:
    """Per organisation path: the (user id, email) of the holders bound at the deepest node above it."""
    holders = list(rows)
    nearest: dict[str, list[tuple[int, str]]] = {}
    for path in paths:
        above = [h for h in holders if path.startswith(h["organization__path"])]
        if not above:
            continue
        deepest = max(len(h["organization__path"]) for h in above)
        nearest[path] = [(h["user_id"], h["user__email"] or "") for h in above
                         if len(h["organization__path"]) == deepest]
    return nearest


def remind_due(*, today: date | None = None) -> int:
    """Notify the meetings still due this quarter; returns how many notifications were written."""
    today = today or timezone.localdate()
    window = current_quarter(today)
    if window.end - today > timedelta(days=REMIND_DAYS_BEFORE_QUARTER_END):
        return 0
    _columns, rows = compliance_of(orgs=meeting_organizations_all(), meetings=Meeting.objects.all(), window=window,
                                   short_only=True)
    if not rows:
        return 0
    paths = [r.path for r in rows]
    holders = role_holders_over(paths=paths, roles=REMINDED_ROLES).values(
        "user_id", "user__email", "organization__path")
    nearest = _nearest_holders(holders, paths)
    labels = dict(MeetingType.choices)
    url = reverse("orglife:compliance")
    drafts = []
    for row in rows:
        due = "、".join(f"{labels[t]} {row.cells[t].held}/{row.cells[t].required}" for t in row.due_types)
        for user_id, email in nearest.get(row.path, []):
            drafts.append(Draft(
                recipient_id=user_id, kind=Kind.ORGLIFE_DUE,
                title=_("Organisational life still due: %(org)s") % {"org": row.name},
                body=_("%(period)s ends on %(end)s; still due (held/required): %(due)s")
                % {"period": window.label, "end": window.end, "due": due},
                url=url, target_type=Organization._meta.label_lower, target_id=row.org_id,
                dedupe_key=f"orglife-due:{row.org_id}:{window.label}", email=email,
            ))
    return len(notifications_create(drafts=drafts))
