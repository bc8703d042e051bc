"""Writes to the organisation tree: create, update, move, merge, dissolve.

Every service takes the acting ``user``, checks the right through
``partybuild.scoping`` and leaves an audit entry (django-auditlog records field
changes through ``save()``; tree moves rewrite paths in bulk, so they are logged
explicitly).
"""

from __future__ import annotations

from datetime import date

from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from partybuild import scoping

from .models import (
    LEVEL_DEPTH,
    Level,
    Member,
    MembershipPeriod,
    Organization,
    OrgStatus,
    allowed_parent_levels,
)

EDITABLE_FIELDS = ("name", "org_type", "secretary", "host", "phone", "address", "established_on", "end_date")


def _require(user, action: str, org: Organization) -> None:
    if not scoping.can_act_on_org(user, action, org):
        raise PermissionDenied(_("You may not change organisations outside your area."))


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
        _require(user, scoping.MANAGE, parent)
    _check_parent(level=level, parent=parent)
    org = Organization(code=code.strip(), name=name.strip(), level=level, **fields)
    # full_clean needs the tree fields, which treebeard sets on insert.
    org.depth = LEVEL_DEPTH.get(level, parent.depth + 1 if parent else 1)
    org.path = "0" * org.steplen * org.depth
    org.full_clean(exclude=["path", "secretary", "host"], validate_unique=True)
    if parent is None:
        return Organization.objects.add_root(instance=org)
    return Organization.objects.add_child(parent, instance=org)


@transaction.atomic
def organization_update(*, user, org: Organization, version: int | None = None, **fields) -> Organization:
    """Rename or edit an organisation. ``version`` is what the editor read: a stale edit is refused."""
    _require(user, scoping.MANAGE, org)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(_("These fields cannot be edited here: %s") % ", ".join(sorted(unknown)))
    for name, value in fields.items():
        setattr(org, name, value)
    org.full_clean(exclude=["path"])
    if org.secretary_id and not org.secretary.branch.path.startswith(org.path):
        raise ValidationError({"secretary": _("The secretary must be a member of this organisation or below it.")})
    expected = org.version if version is None else version
    updated = Organization.objects.filter(pk=org.pk, version=expected).update(version=F("version") + 1)
    if not updated:
        raise ValidationError(_("Someone else changed this organisation while you were editing. Reload and try again."))
    org.version = expected + 1
    org.save(update_fields=[*fields, "version", "updated_at"])
    return org


@transaction.atomic
def organization_move(*, user, org: Organization, new_parent: Organization) -> Organization:
    """Move ``org`` and its whole subtree under ``new_parent``.

    Primary keys do not change, so every record keeps pointing at the organisation
    it was filed against; only the path (and so who sees it) changes.
    """
    org = Organization.objects.select_for_update().get(pk=org.pk)
    new_parent = Organization.objects.get(pk=new_parent.pk)
    _require(user, scoping.MANAGE, org)
    _require(user, scoping.MANAGE, new_parent)
    if new_parent.path.startswith(org.path):
        raise ValidationError({"parent": _("An organisation cannot move under itself or its own subtree.")})
    _check_parent(level=org.level, parent=new_parent)
    old_parent = Organization.objects.get_parent(org)
    if old_parent and old_parent.pk == new_parent.pk:
        return org
    Organization.objects.move(org, new_parent, "last-child")
    org.refresh_from_db()
    _log(org, user, {"parent": [str(old_parent), str(new_parent)]})
    return org


@transaction.atomic
def organization_dissolve(*, user, org: Organization, on: date | None = None, reason: str = "") -> Organization:
    """Dissolve (撤销) an organisation. It stays in the tree with its records; it never gets deleted.

    Refused while it still has active sub-organisations or current members, so nothing is orphaned.
    """
    _require(user, scoping.MANAGE, org)
    if not org.is_active:
        raise ValidationError(_("This organisation is already dissolved."))
    if Organization.objects.get_children(org).filter(status=OrgStatus.ACTIVE).exists():
        raise ValidationError(_("Dissolve or move its active sub-organisations first."))
    if Member.objects.filter(branch=org).exclude(status__in=("transferred_out", "deceased", "left")).exists():
        raise ValidationError(_("Transfer its current members to another organisation first."))
    org.status = OrgStatus.DISSOLVED
    org.dissolved_on = on or timezone.localdate()
    org.full_clean(exclude=["path"])
    org.save(update_fields=["status", "dissolved_on", "updated_at"])
    if reason:
        _log(org, user, {"dissolution_reason": ["", reason]})
    return org


@transaction.atomic
def organization_merge(*, user, source: Organization, target: Organization, on: date | None = None) -> Organization:
    """Merge ``source`` into ``target`` (same level): children move, members transfer with dated
    history, ``source`` is dissolved and points at ``target``. Past records stay on ``source``."""
    _require(user, scoping.MANAGE, source)
    _require(user, scoping.MANAGE, target)
    if source.pk == target.pk or source.level != target.level:
        raise ValidationError(_("Merge into a different organisation of the same level."))
    if not target.is_active:
        raise ValidationError(_("The organisation to merge into is dissolved."))
    on = on or timezone.localdate()
    for child in Organization.objects.get_children(source).filter(status=OrgStatus.ACTIVE):
        organization_move(user=user, org=child, new_parent=target)
    members_move(
        user=user,
        members=Member.objects.filter(branch=source),
        to_org=target,
        on=on,
        reason=MembershipPeriod.Reason.REORGANISATION,
    )
    source.refresh_from_db()
    source.merged_into = target
    source.status = OrgStatus.DISSOLVED
    source.dissolved_on = on
    source.save(update_fields=["merged_into", "status", "dissolved_on", "updated_at"])
    return source


def members_move(*, user, members, to_org: Organization, on: date, reason: str) -> int:
    """Close each member's open period and open one at ``to_org``, in bulk (used by merge, split
    and transfer receipt). Returns how many members moved."""
    ids = list(members.values_list("pk", flat=True))
    if not ids:
        return 0
    MembershipPeriod.objects.filter(member_id__in=ids, ended_on__isnull=True).update(ended_on=on)
    MembershipPeriod.objects.bulk_create(
        [MembershipPeriod(member_id=pk, organization=to_org, started_on=on, reason=reason) for pk in ids]
    )
    return Member.objects.filter(pk__in=ids).update(branch=to_org, version=F("version") + 1, updated_at=timezone.now())


@transaction.atomic
def organization_split(
    *, user, source: Organization, code: str, name: str, member_ids: list[int], on: date | None = None
) -> Organization:
    """Split (拆分) a new sibling off ``source`` and move the chosen members to it."""
    parent = Organization.objects.get_parent(source)
    new_org = organization_create(
        user=user, parent=parent, code=code, name=name, level=source.level, org_type=source.org_type,
        established_on=on or timezone.localdate(),
    )
    members_move(
        user=user,
        members=Member.objects.filter(branch=source, pk__in=member_ids),
        to_org=new_org,
        on=on or timezone.localdate(),
        reason=MembershipPeriod.Reason.REORGANISATION,
    )
    return new_org
