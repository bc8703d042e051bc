"""The booking (预约) as a ``partybuild.workflow`` state machine.

requested → confirmed or declined, by the venue's organisation; requested or confirmed →
cancelled, by the venue's organisation or whoever booked. Each step is one guarded UPDATE on the
status, so a double click or two people answering at once move a booking once.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from partybuild import rights
from partybuild.scoping import EDIT
from partybuild.workflow import Transition, Workflow

from .models import Booking, BookingStatus

NOT_OWNER = _("Only the venue's organisation may answer a booking.")
NOT_PARTY = _("Only the venue's organisation or whoever booked may cancel a booking.")


def may_answer(user, booking: Booking) -> bool:
    return rights.may(user, EDIT, booking.venue.owner)


def may_cancel(user, booking: Booking) -> bool:
    if may_answer(user, booking):
        return True
    if booking.booker_org_id:
        return rights.may(user, EDIT, booking.booker_org)
    return rights.may(user, EDIT, booking.resident_unit.street)


BOOKING_FLOW = Workflow(
    model=Booking,
    transitions=[
        Transition(
            "confirm", (BookingStatus.REQUESTED,), BookingStatus.CONFIRMED, may_answer,
            _("Only a requested booking can be confirmed; this one is %(status)s."), NOT_OWNER,
        ),
        Transition(
            "decline", (BookingStatus.REQUESTED,), BookingStatus.DECLINED, may_answer,
            _("Only a requested booking can be declined; this one is %(status)s."), NOT_OWNER,
        ),
        Transition(
            "cancel", (BookingStatus.REQUESTED, BookingStatus.CONFIRMED), BookingStatus.CANCELLED, may_cancel,
            _("Only a requested or confirmed booking can be cancelled; this one is %(status)s."), NOT_PARTY,
        ),
    ],
    # Bookings carry no version: the status guard is what makes each answer happen once.
    versioned=False,
)
