"""Writes to the organisation tree: create, update, move, merge, split, dissolve.

Every service takes the acting ``user`` and checks the right through ``partybuild.rights``;
edits go through ``partybuild.locking`` (optimistic lock, one audit entry per changed row, bulk
moves included). Tree moves rewrite paths in bulk, so they are logged explicitly.
"""

from __future__ import annotations

from datetime import date

from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partybuild import locking, rights, scoping
from summaries.services import summaries_touch

from . import paths
from .models import (
    HISTORICAL_STATUSES,
    LEVEL_DEPTH,
    Level,
    Member,
    MembershipPeriod,
    Organization,
    OrgStatus,
    allowed_parent_levels,
)
from .selectors import organization_parent

EDITABLE_FIELDS = ("name", "org_type", "secretary", "host", "phone", "address", "established_on", "end_date")
OUTSIDE_AREA = gettext_lazy("You may not change organisations outside your area.")


def _require(user, org: Organization) -> None:
    # The tree itself (create, edit, move, merge, split, dissolve) needs MANAGE.
    rights.require(user, scoping.MANAGE, org, str(OUTSIDE_AREA))


def _check_parent(*, level: str, parent: Organization | None) -> None:
    if level == Level.DISTRICT:
        if parent is not None:
            raise ValidationError({"parent": _("The district committee is the root; it has no parent.")})
        return
    if parent is None:
        raise ValidationError({"parent": _("Choose the organisation above this one.")})
    allowed = allowed_parent_levels(level)
    if parent.level not in allowed:
        raise ValidationError(
            {
                "parent": _("A %(level)s sits directly under a %(parents)s, not under a %(parent)s.")
                % {
                    "level": Level(level).label,
                    "parents": " / ".join(str(Level(a).label) for a in allowed),
                    "parent": parent.get_level_display(),
                }
            }
        )
    if not parent.is_active:
        raise ValidationError({"parent": _("The organisation above is dissolved.")})


def _log(org: Organization, user, changes: dict) -> None:
    LogEntry.objects.log_create(org, action=LogEntry.Action.UPDATE, changes=changes, actor=user, force_log=True)


@transaction.atomic
def organization_create(
    *, user, parent: Organization | None, code: str, name: str, level: str, **fields
) -> Organization:
    """Add an organisation under ``parent`` (None only for the district root)."""
    if parent is None:
        if not scoping.is_unrestricted(user):
            raise PermissionDenied(_("Only a system administrator can create a district."))
    else:
        _require(user, parent)
    _check_parent(level=level, parent=parent)
    org = Organization(code=code.strip(), name=name.strip(), level=level, **fields)
    # full_clean needs the tree fields, which treebeard sets on insert.
    org.depth = LEVEL_DEPTH.get(level, parent.depth + 1 if parent else 1)
    org.path = "0" * paths.STEPLEN * org.depth
    org.full_clean(exclude=["path", "secretary", "host"], validate_unique=True)
    if parent is None:
        return Organization.objects.add_root(instance=org)
    summaries_touch(orgs=[parent])  # the new node's bucket: its parent's, or itself if it is a community
    return Organization.objects.add_child(parent, instance=org)


@transaction.atomic
def organization_update(*, user, org: Organization, version: int | None = None, **fields) -> Organization:
    """Rename or edit an organisation. ``version`` is what the editor read: a stale edit is refused."""
    _require(user, org)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(_("These fields cannot be edited here: %s") % ", ".join(sorted(unknown)))
    for name, value in fields.items():
        setattr(org, name, value)
    org.full_clean(exclude=["path"])
    if org.secretary_id and not paths.is_within(org.secretary.branch.path, org.path):
        raise ValidationError({"secretary": _("The secretary must be a member of this organisation or below it.")})
    summaries_touch(orgs=[org])
    return locking.versioned_save(org, fields=fields, version=version)


@transaction.atomic
def organization_move(*, user, org: Organization, new_parent: Organization) -> Organization:
    """Move ``org`` and its whole subtree under ``new_parent``.

    Primary keys do not change, so every record keeps pointing at the organisation
    it was filed against; only the path (and so who sees it) changes.
    """
    org = Organization.objects.select_for_update().get(pk=org.pk)
    new_parent = Organization.objects.get(pk=new_parent.pk)
    _require(user, org)
    _require(user, new_parent)
    if paths.is_within(new_parent.path, org.path):
        raise ValidationError({"parent": _("An organisation cannot move under itself or its own subtree.")})
    _check_parent(level=org.level, parent=new_parent)
    old_parent = organization_parent(org=org)
    if old_parent and old_parent.pk == new_parent.pk:
        return org
    Organization.objects.move(org, new_parent, "last-child")
    summaries_touch(orgs=[old_parent, org])  # resolved on commit: the bucket it left and the one it is in
    org.refresh_from_db()
    _log(org, user, {"parent": [str(old_parent), str(new_parent)]})
    return org


@transaction.atomic
def organization_dissolve(*, user, org: Organization, on: date | None = None, reason: str = "") -> Organization:
    """Dissolve (撤销) an organisation. It stays in the tree with its records; it never gets deleted.

    Refused while it still has active sub-organisations or current members, so nothing is orphaned.
    """
    _require(user, org)
    if not org.is_active:
        raise ValidationError(_("This organisation is already dissolved."))
    if Organization.objects.get_children(org).filter(status=OrgStatus.ACTIVE).exists():
        raise ValidationError(_("Dissolve or move its active sub-organisations first."))
    if Member.objects.filter(branch=org).exclude(status__in=HISTORICAL_STATUSES).exists():
        raise ValidationError(_("Transfer its current members to another organisation first."))
    org.status = OrgStatus.DISSOLVED
    org.dissolved_on = on or timezone.localdate()
    org.full_clean(exclude=["path"])
    org.save(update_fields=["status", "dissolved_on", "updated_at"])
    summaries_touch(orgs=[org])
    if reason:
        _log(org, user, {"dissolution_reason": ["", reason]})
    return org


def _check_reorganisation_date(*, on: date, orgs: list[Organization]) -> None:
    """A merge or split on ``on`` dates the moved members' new periods that day: refuse a future
    date and one before any of the organisations involved existed."""
    if on > timezone.localdate():
        raise ValidationError({"on": _("The date cannot be in the future.")})
    for org in orgs:
        if org.established_on and on < org.established_on:
            raise ValidationError({"on": _("The date cannot be before %(date)s, when %(name)s was established.")
                                   % {"date": org.established_on.isoformat(), "name": org.name}})


def _check_move_date(*, on: date, members) -> None:
    # Closing a period before it began would make the history run backwards (and break the
    # database's period_ends_after_start constraint): say so instead.
    latest = MembershipPeriod.objects.filter(member__in=members, ended_on__isnull=True).aggregate(
        latest=Max("started_on")
    )["latest"]
    if latest and on < latest:
        raise ValidationError({"on": _(
            "The date cannot be before %(date)s, when a member who moves joined their current organisation."
        ) % {"date": latest.isoformat()}})


def _current_members(org: Organization):
    # Historical members (deceased, left, transferred out) stay where their history ended.
    return Member.objects.filter(branch=org).exclude(status__in=HISTORICAL_STATUSES)


@transaction.atomic
def organization_merge(*, user, source: Organization, target: Organization, on: date | None = None) -> Organization:
    """Merge ``source`` into ``target``, a sibling of the same level: children move, current members
    transfer with dated history, ``source`` is dissolved and points at ``target``. Past records
    (and historical members) stay on ``source``."""
    source = Organization.objects.select_for_update().get(pk=source.pk)
    target = Organization.objects.get(pk=target.pk)
    _require(user, source)
    _require(user, target)
    if source.pk == target.pk or source.level != target.level:
        raise ValidationError({"target": _("Merge into a different organisation of the same level.")})
    if paths.parent_path(source.path) != paths.parent_path(target.path):
        raise ValidationError({"target": _("Merge into an organisation under the same parent; move it there first.")})
    if not source.is_active:
        raise ValidationError(_("This organisation is already dissolved."))
    if not target.is_active:
        raise ValidationError({"target": _("The organisation to merge into is dissolved.")})
    on = on or timezone.localdate()
    members = _current_members(source)
    _check_reorganisation_date(on=on, orgs=[source, target])
    _check_move_date(on=on, members=members)
    for child in Organization.objects.get_children(source).filter(status=OrgStatus.ACTIVE):
        organization_move(user=user, org=child, new_parent=target)
    members_move(user=user, members=members, to_org=target, on=on, reason=MembershipPeriod.Reason.REORGANISATION)
    summaries_touch(orgs=[source, target])
    source.refresh_from_db()
    source.merged_into = target
    source.status = OrgStatus.DISSOLVED
    source.dissolved_on = on
    return locking.versioned_save(source, fields=["merged_into", "status", "dissolved_on"])


def members_move(*, user, members, to_org: Organization, on: date, reason: str) -> int:
    """Close each member's open period and open one at ``to_org``, in bulk (used by merge, split
    and transfer receipt). Each moved member gets its own audit entry (old branch → new).
    Returns how many members moved."""
    ids = list(members.values_list("pk", flat=True))
    if not ids:
        return 0
    _check_move_date(on=on, members=ids)
    locking.conditional_update(
        MembershipPeriod.objects.filter(member_id__in=ids, ended_on__isnull=True), actor=user, ended_on=on
    )
    MembershipPeriod.objects.bulk_create(
        [MembershipPeriod(member_id=pk, organization=to_org, started_on=on, reason=reason) for pk in ids]
    )
    return locking.conditional_update(Member.objects.filter(pk__in=ids), actor=user, branch=to_org)


@transaction.atomic
def organization_split(
    *, user, source: Organization, code: str, name: str, member_ids: list[int] = (), child_ids: list[int] = (),
    on: date | None = None,
) -> Organization:
    """Split (拆分) a new sibling off ``source``: the chosen current members of ``source`` move to it
    with dated history, the chosen sub-organisations move under it with their whole subtree."""
    source = Organization.objects.select_for_update().get(pk=source.pk)
    _require(user, source)
    if not source.is_active:
        raise ValidationError(_("This organisation is already dissolved."))
    member_ids, child_ids = set(member_ids), set(child_ids)
    if not member_ids and not child_ids:
        raise ValidationError(_("Choose the members or sub-organisations that move to the new organisation."))
    members = _current_members(source).filter(pk__in=member_ids)
    if members.count() != len(member_ids):
        raise ValidationError({"member_ids": _("Choose current members of %(name)s only.") % {"name": source.name}})
    children = list(Organization.objects.get_children(source).filter(pk__in=child_ids, status=OrgStatus.ACTIVE))
    if len(children) != len(child_ids):
        raise ValidationError(
            {"child_ids": _("Choose active sub-organisations of %(name)s only.") % {"name": source.name}}
        )
    parent = organization_parent(org=source)
    if parent is None:
        raise ValidationError(_("The district committee cannot be split."))
    on = on or timezone.localdate()
    _check_reorganisation_date(on=on, orgs=[source])
    _check_move_date(on=on, members=members)
    new_org = organization_create(
        user=user, parent=parent, code=code, name=name, level=source.level, org_type=source.org_type,
        established_on=on, end_date=source.end_date,
    )
    for child in children:
        organization_move(user=user, org=child, new_parent=new_org)
    members_move(user=user, members=members, to_org=new_org, on=on, reason=MembershipPeriod.Reason.REORGANISATION)
    summaries_touch(orgs=[source, new_org])
    return new_org
