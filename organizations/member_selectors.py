"""Reads behind the member and transfer pages, built on the scoped selectors in ``selectors.py``."""

from __future__ import annotations

from django.db.models import DateField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from partybuild.scoping import EDIT, scope_q

from .models import (
    Level,
    Member,
    MembershipPeriod,
    MemberStatusChange,
    Organization,
    OrgStatus,
    Transfer,
    TransferState,
)
from .selectors import member_detail_qs, member_list, transfer_list

# What ``?sort=`` may ask for on the member lists; anything else falls back to the name.
MEMBER_SORTS = {
    "name": ("name", "id"),
    "-name": ("-name", "-id"),
    "joined": ("joined_on", "id"),
    "-joined": ("-joined_on", "-id"),
}


def member_sorted(qs: QuerySet[Member], sort: str | None) -> QuerySet[Member]:
    return qs.order_by(*MEMBER_SORTS.get(sort or "", MEMBER_SORTS["name"]))


def member_history_qs(*, user) -> QuerySet[Member]:
    """``member_detail_qs`` plus the dated history the member page shows: three prefetches,
    however long the history. Earlier organisations may lie outside the user's scope; they
    are part of this member's record, so their names are shown."""
    return member_detail_qs(user=user).prefetch_related(
        Prefetch(
            "periods",
            queryset=MembershipPeriod.objects.select_related("organization").order_by("started_on", "id"),
        ),
        Prefetch(
            "status_changes",
            queryset=MemberStatusChange.objects.select_related("recorded_by").order_by("effective_on", "id"),
        ),
        Prefetch(
            "transfers", queryset=Transfer.objects.select_related("from_org", "to_org").order_by("-sent_on", "-id")
        ),
    )


def historical_member_list(*, user) -> QuerySet[Member]:
    """Members who left (transferred out, deceased, left the party), each with ``left_on``: the end
    of their last membership period, or failing that the date of their latest status change."""
    last_period_end = (
        MembershipPeriod.objects.filter(member=OuterRef("pk"), ended_on__isnull=False)
        .order_by("-ended_on", "-id")
        .values("ended_on")[:1]
    )
    last_change = (
        MemberStatusChange.objects.filter(member=OuterRef("pk"))
        .order_by("-effective_on", "-id")
        .values("effective_on")[:1]
    )
    return member_list(user=user, historical=True).annotate(
        left_on=Coalesce(
            Subquery(last_period_end, output_field=DateField()),
            Subquery(last_change, output_field=DateField()),
        )
    )


def _incoming_q(user) -> Q | None:
    """Transfers whose receiving organisation the user may edit; None means all of them."""
    return scope_q(user, "to_org", EDIT)


def transfers_incoming(*, user) -> QuerySet[Transfer]:
    """Pending transfers the user's area is to receive (the receiver can act on them)."""
    qs = transfer_list(user=user).filter(state=TransferState.SENT)
    q = _incoming_q(user)
    return (qs if q is None else qs.filter(q)).order_by("sent_on", "id")


def transfers_outgoing(*, user) -> QuerySet[Transfer]:
    """Every other pending transfer the user sees: sent from their area and waiting on the receiver.
    Together with ``transfers_incoming`` each pending transfer shows in exactly one tab."""
    qs = transfer_list(user=user).filter(state=TransferState.SENT)
    q = _incoming_q(user)
    return (qs.none() if q is None else qs.exclude(q)).order_by("sent_on", "id")


def transfers_closed(*, user) -> QuerySet[Transfer]:
    return transfer_list(user=user).exclude(state=TransferState.SENT).order_by("-closed_on", "-id")


def transfer_destination(*, code: str) -> Organization | None:
    """The active organisation a transfer may be sent to, looked up by its exact code.

    Deliberately not scoped: a member moving to another street is the point of a transfer, and
    the sender must be able to name the receiver. The form's picker (``organizations.pickers``)
    offers branches and communities of the whole district by name or code: the directory of
    organisations, never the members or records under them."""
    code = (code or "").strip()
    if not code:
        return None
    return Organization.objects.filter(code=code, status=OrgStatus.ACTIVE).first()


def registration_community(*, code: str) -> Organization | None:
    """The active community an in-service member registers at, by exact code. Not scoped for the
    same reason as ``transfer_destination``: members register where they live, often in another street."""
    code = (code or "").strip()
    if not code:
        return None
    return Organization.objects.filter(code=code, level=Level.COMMUNITY, status=OrgStatus.ACTIVE).first()
