"""Writes for party members: registration, edits, status history and two-sided transfers."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role, User
from notifications.models import Kind
from notifications.services import notifications_mark_done, notify
from partybuild import locking, rights, scoping
from summaries.services import summaries_touch

from .models import (
    HISTORICAL_STATUSES,
    Level,
    Member,
    MembershipPeriod,
    MemberStatus,
    MemberStatusChange,
    Organization,
    Transfer,
    TransferState,
)
from .services import members_move

MEMBER_FIELDS = (
    "name", "gender", "ethnicity", "birth_date", "id_number", "phone", "education", "joined_on", "category",
    "household", "is_in_service", "work_unit", "registered_community", "registered_on",
)
# A member can only belong to an organisation that holds members, not to a household.
MEMBER_LEVELS = (Level.DISTRICT, Level.STREET, Level.COMMUNITY, Level.GRID, Level.BUILDING, Level.SPECIAL)


OUTSIDE_AREA = gettext_lazy("You may not change members outside your area.")


def _require_edit(user, org: Organization) -> None:
    rights.require(user, scoping.EDIT, org, str(OUTSIDE_AREA))


def _check_branch(branch: Organization) -> None:
    if branch.level not in MEMBER_LEVELS:
        raise ValidationError({"branch": _("Members belong to a party organisation, not to a member household.")})
    if not branch.is_active:
        raise ValidationError({"branch": _("This organisation is dissolved.")})


@transaction.atomic
def member_create(*, user, branch: Organization, joined_branch_on: date | None = None, **fields) -> Member:
    """Register a member in ``branch`` and open their first membership period."""
    _require_edit(user, branch)
    _check_branch(branch)
    unknown = set(fields) - set(MEMBER_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown member fields: %s") % ", ".join(sorted(unknown)))
    if fields.get("id_number"):
        fields["id_number"] = fields["id_number"].strip().upper()
    member = Member(branch=branch, **fields)
    member.full_clean()
    if joined_branch_on is not None:
        member.check_joined_branch_on(joined_branch_on)
    member.save()
    MembershipPeriod.objects.create(
        member=member, organization=branch, started_on=joined_branch_on or member.joined_on,
        reason=MembershipPeriod.Reason.JOINED,
    )
    summaries_touch(orgs=[member.branch_id, member.registered_community_id])
    return member


@transaction.atomic
def member_update(*, user, member: Member, version: int | None = None, **fields) -> Member:
    """Edit a member's personal data (not branch or status: those have their own services)."""
    _require_edit(user, member.branch)
    unknown = set(fields) - set(MEMBER_FIELDS)
    if unknown:
        raise ValidationError(_("These fields cannot be edited here: %s") % ", ".join(sorted(unknown)))
    summaries_touch(orgs=[member.branch_id, member.registered_community_id])  # before: the community it may leave
    for name, value in fields.items():
        setattr(member, name, value.strip().upper() if name == "id_number" else value)
    member.full_clean()
    summaries_touch(orgs=[member.registered_community_id])
    return locking.versioned_save(member, fields=fields, version=version)


@transaction.atomic
def member_change_status(
    *, user, member: Member, status: str, on: date, note: str = "", version: int | None = None
) -> Member:
    """Record a dated status change (floating, abroad, deceased, left…). Leaving states close the
    open membership period, so the member moves to the historical list with their dates intact."""
    _require_edit(user, member.branch)
    if status not in MemberStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    if status == member.status:
        raise ValidationError({"status": _("The member already has this status.")})
    if member.status in HISTORICAL_STATUSES:
        raise ValidationError({"status": _("This member is historical; their record can no longer change status.")})
    if status == MemberStatus.TRANSFERRED_OUT:
        raise ValidationError({"status": _("Use a transfer to move a member out.")})
    if on > timezone.localdate():
        raise ValidationError({"on": _("The date cannot be in the future.")})
    # A leaving state closes the open period on ``on``; before its start the history would run backwards.
    started = (
        MembershipPeriod.objects.filter(member=member, ended_on__isnull=True)
        .values_list("started_on", flat=True)
        .first()
    )
    earliest = max(d for d in (member.joined_on, started) if d is not None)
    if on < earliest:
        raise ValidationError(
            {"on": _("The date cannot be before %(date)s, when the member joined their current organisation.")
             % {"date": earliest.isoformat()}}
        )
    MemberStatusChange.objects.create(member=member, status=status, effective_on=on, note=note, recorded_by=user)
    if status in HISTORICAL_STATUSES:
        locking.conditional_update(
            MembershipPeriod.objects.filter(member=member, ended_on__isnull=True), actor=user, ended_on=on
        )
    member.status = status
    summaries_touch(orgs=[member.branch_id, member.registered_community_id])
    return locking.versioned_save(member, fields=["status"], version=version)


@transaction.atomic
def transfer_send(*, user, member: Member, to_org: Organization, on: date | None = None, reason: str = "") -> Transfer:
    """The sending branch issues a transfer (转出). The member stays until the receiver accepts."""
    _require_edit(user, member.branch)
    _check_branch(to_org)
    if member.status in HISTORICAL_STATUSES:
        raise ValidationError(_("A historical member cannot be transferred."))
    if to_org.pk == member.branch_id:
        raise ValidationError({"to_org": _("The member already belongs to this organisation.")})
    if Transfer.objects.filter(member=member, state=TransferState.SENT).exists():
        raise ValidationError(_("This member already has a transfer waiting to be received."))
    transfer = Transfer(
        member=member, from_org=member.branch, to_org=to_org, reason=reason, sent_on=on or timezone.localdate(),
        sent_by=user,
    )
    transfer.full_clean()
    transfer.save()
    transfer_notify_receivers(transfer=transfer, sender=user)
    return transfer


# Who is told that a transfer waits to be received: the officials in charge above (or at) the receiving
# organisation, who receive transfers for it.
RECEIVER_ROLES = (Role.COMMUNITY_SECRETARY, Role.STREET_OFFICIAL)


def transfer_notify_receivers(*, transfer: Transfer, sender=None) -> int:
    """Tell the receiving side that ``transfer`` awaits receipt (not its sender: they know)."""
    holders = rights.role_holders_over(paths=[transfer.to_org.path], roles=RECEIVER_ROLES)
    if sender is not None:
        holders = holders.exclude(user_id=sender.pk)
    receivers = User.objects.filter(pk__in=holders.values("user_id"))
    with translation.override(settings.LANGUAGE_CODE):
        return notify(
            users=receivers, kind=Kind.TRANSFER_PENDING, target=transfer,
            title=_("Transfer of %(name)s awaits receipt") % {"name": transfer.member.name},
            body=_("From %(from_org)s to %(to_org)s, sent on %(on)s.") % {
                "from_org": transfer.from_org.name, "to_org": transfer.to_org.name, "on": transfer.sent_on,
            },
            url=f"{reverse('organizations:transfer-list')}?tab=incoming",
            dedupe_key=f"transfer-pending:{transfer.pk}",
        )


def _notify_closed(transfer: Transfer, *, user) -> None:
    """The transfer needs nobody's receipt any more; its sender hears how it ended, unless they ended it."""
    notifications_mark_done(target=transfer, kinds=[Kind.TRANSFER_PENDING])
    sender = transfer.sent_by
    if sender is None or sender.pk == user.pk or not sender.is_active:
        return
    with translation.override(settings.LANGUAGE_CODE):
        title = (
            _("Transfer of %(name)s was received") if transfer.state == TransferState.RECEIVED
            else _("Transfer of %(name)s was cancelled")
        ) % {"name": transfer.member.name}
        notify(
            users=[sender], kind=Kind.TRANSFER_CLOSED, target=transfer, title=title,
            body=_("By %(user)s, on %(on)s.") % {"user": user, "on": transfer.closed_on},
            url=f"{reverse('organizations:transfer-list')}?tab=closed",
        )


def _close(transfer: Transfer, *, user, state: str, on: date) -> Transfer:
    # Claim the transfer with a conditional update so a double click or a race cannot close it twice.
    claimed = locking.conditional_update(
        Transfer.objects.filter(pk=transfer.pk, state=TransferState.SENT), actor=user,
        state=state, closed_on=on, closed_by=user,
    )
    if not claimed:
        raise ValidationError(_("This transfer has already been received or cancelled."))
    transfer.refresh_from_db()
    return transfer


@transaction.atomic
def transfer_receive(*, user, transfer: Transfer, on: date | None = None) -> Transfer:
    """The receiving branch accepts (转入): the member's history gets a new dated period."""
    _require_edit(user, transfer.to_org)
    on = on or timezone.localdate()
    if on < transfer.sent_on:
        raise ValidationError({"on": _("A transfer cannot be received before it was sent.")})
    if Member.objects.select_for_update().get(pk=transfer.member_id).is_historical:
        # Deceased or left since the transfer was sent: history gets no new membership.
        raise ValidationError(_("A historical member cannot be received; cancel the transfer."))
    transfer = _close(transfer, user=user, state=TransferState.RECEIVED, on=on)
    members_move(
        user=user, members=Member.objects.filter(pk=transfer.member_id), to_org=transfer.to_org, on=on,
        reason=MembershipPeriod.Reason.TRANSFER,
    )
    summaries_touch(orgs=[transfer.from_org_id, transfer.to_org_id])
    _notify_closed(transfer, user=user)
    return transfer


def _on_either_side(user, transfer: Transfer) -> bool:
    return any(rights.may(user, scoping.EDIT, org) for org in (transfer.from_org, transfer.to_org))


def may_cancel(user, transfer: Transfer) -> bool:
    """Either side of a pending transfer may cancel it."""
    return transfer.state == TransferState.SENT and _on_either_side(user, transfer)


@transaction.atomic
def transfer_cancel(*, user, transfer: Transfer) -> Transfer:
    """Either side may cancel a transfer that has not been received."""
    if not _on_either_side(user, transfer):
        raise PermissionDenied(_("You may not change this transfer."))
    transfer = _close(transfer, user=user, state=TransferState.CANCELLED, on=timezone.localdate())
    _notify_closed(transfer, user=user)
    return transfer
