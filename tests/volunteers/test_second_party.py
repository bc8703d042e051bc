"""Security #13: one account alone cannot place, dispatch, take and complete an order and mint
points. A completion needs the resident's confirmation code, or a street official above the
community who neither placed nor dispatched the order; monthly caps hold anomalous credits."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from volunteers import confirmation, services
from volunteers.models import Confirmation, CreditHold, OrderStatus, PointsEntry, ServiceOrder, Volunteer

from .factories import CODE, make_order

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _taken(order, *, user, member):
    services.order_dispatch(user=user, order=order, member=member)
    services.order_take(user=user, order=order, member=member)
    return order


def _placed(user, community):
    return services.order_place(user=user, community=community, phone="13700001111", category="errands", need="买药")


# --- the resident's code --------------------------------------------------------------------------

def test_placing_an_order_gives_a_six_digit_code_stored_only_as_a_hash(carol, tree):
    order = _placed(carol, tree.c1)
    code = order.confirmation_code
    assert len(code) == 6 and code.isdigit()
    stored = ServiceOrder.objects.get(pk=order.pk)
    assert code not in stored.confirmation_digest
    assert confirmation.matches(stored.confirmation_digest, code)
    assert not confirmation.matches(stored.confirmation_digest, "000000" if code != "000000" else "111111")
    # Neither the order's change history nor a fresh read of the order knows the code.
    assert code not in str(list(LogEntry.objects.get_for_object(stored).values_list("changes", flat=True)))
    assert not hasattr(stored, "confirmation_code")


def test_one_account_cannot_complete_alone_without_the_code(carol, tree, zhang):
    order = _taken(_placed(carol, tree.c1), user=carol, member=zhang)
    with pytest.raises(ValidationError, match="Enter the resident's confirmation code") as refused:
        services.order_complete(user=carol, order=order, hours=2)
    assert "confirmation_code" in refused.value.message_dict
    order.refresh_from_db()
    assert order.status == OrderStatus.TAKEN and not PointsEntry.objects.exists()


def test_the_residents_code_completes_the_order(carol, tree, zhang):
    order = _placed(carol, tree.c1)
    code = order.confirmation_code
    _taken(order, user=carol, member=zhang)
    services.order_complete(user=carol, order=order, hours=2, confirmation_code=code)
    order.refresh_from_db()
    assert (order.status, order.confirmation) == (OrderStatus.DONE, Confirmation.RESIDENT_CODE)
    assert PointsEntry.objects.get().points == 20


def test_a_wrong_code_is_refused_and_five_lock_the_code(carol, tree, zhang, order_c1):
    _taken(order_c1, user=carol, member=zhang)
    for _attempt in range(confirmation.MAX_ATTEMPTS):
        with pytest.raises(ValidationError, match="not the resident's confirmation code"):
            services.order_complete(user=carol, order=order_c1, hours=1, confirmation_code="135790")
    # Now even the right code is refused: guessing a million codes five at a time is pointless.
    with pytest.raises(ValidationError, match="Too many wrong confirmation codes"):
        services.order_complete(user=carol, order=order_c1, hours=1, confirmation_code=CODE)
    assert not PointsEntry.objects.exists()


def test_an_order_without_a_code_needs_the_street(carol, tree, zhang):
    order = make_order(tree.c1, confirmation_digest="")
    _taken(order, user=carol, member=zhang)
    with pytest.raises(ValidationError, match="recorded without a confirmation code"):
        services.order_complete(user=carol, order=order, hours=1, confirmation_code="123456")


# --- the level above ------------------------------------------------------------------------------

def test_street_official_uninvolved_in_the_order_may_confirm_without_the_code(alice, carol, tree, zhang):
    order = _taken(_placed(carol, tree.c1), user=carol, member=zhang)
    services.order_complete(user=alice, order=order, hours=Decimal("1.5"))
    order.refresh_from_db()
    assert (order.status, order.confirmation) == (OrderStatus.DONE, Confirmation.STREET_OFFICIAL)


def test_street_official_who_dispatched_needs_the_code_too(alice, carol, tree, zhang):
    order = _placed(carol, tree.c1)
    _taken(order, user=alice, member=zhang)
    with pytest.raises(ValidationError, match="neither placed nor dispatched"):
        services.order_complete(user=alice, order=order, hours=1)


def test_street_official_who_placed_the_order_needs_the_code_too(alice, carol, tree, zhang):
    order = _taken(_placed(alice, tree.c1), user=carol, member=zhang)
    with pytest.raises(ValidationError, match="neither placed nor dispatched"):
        services.order_complete(user=alice, order=order, hours=1)


def test_street_official_of_another_street_cannot_confirm(charlie, carol, tree, zhang):
    order = _taken(_placed(carol, tree.c1), user=carol, member=zhang)
    with pytest.raises(PermissionDenied):
        services.order_complete(user=charlie, order=order, hours=1)


def test_page_refuses_a_completion_without_the_code_in_chinese(client, carol, zhang, order_c1):
    _taken(order_c1, user=carol, member=zhang)
    client.force_login(carol)
    # The portal speaks Chinese by default.
    response = client.post(reverse("volunteers:order-complete", args=[order_c1.pk]), {"hours": "2"})
    assert response.status_code == 200
    assert "请输入居民确认码" in response.content.decode()
    order_c1.refresh_from_db()
    assert order_c1.status == OrderStatus.TAKEN


def test_the_new_order_page_shows_the_code_once(client, carol, tree):
    client.force_login(carol)
    response = client.post(reverse("volunteers:order-create"), {
        "community": tree.c1.pk, "category": "repairs", "need": "门锁坏了", "phone": "13811112222",
    }, follow=True)
    order = ServiceOrder.objects.get()
    shown = " ".join(str(m) for m in response.context["messages"])
    (code,) = re.findall(r"(?<!\d)\d{6}(?!\d)", shown)
    assert confirmation.matches(order.confirmation_digest, code)
    # Reloading the order shows it no more.
    again = client.get(reverse("volunteers:order-detail", args=[order.pk])).content.decode()
    assert code not in again


def test_api_gives_the_code_in_the_create_answer_only(carol, tree):
    client = APIClient()
    client.force_authenticate(carol)
    created = client.post(reverse("service-order-list"), {
        "community": "C1", "phone": "13811112222", "category": "errands", "need": "买药",
    }, format="json")
    code = created.data["confirmation_code"]
    assert len(code) == 6
    detail = client.get(reverse("service-order-detail", args=[created.data["id"]])).data
    listed = client.get(reverse("service-order-list")).data["results"][0]
    assert "confirmation_code" not in detail and "confirmation_code" not in listed
    assert code not in str(detail) + str(listed)


# --- monthly caps ---------------------------------------------------------------------------------

@pytest.fixture
def cap(settings):
    settings.VOLUNTEER_MONTHLY_HOURS_CAP = 5
    return 5


def _served(carol, tree, zhang, hours):
    order = _taken(make_order(tree.c1), user=carol, member=zhang)
    return services.order_complete(user=carol, order=order, hours=hours, confirmation_code=CODE)


def test_credit_past_the_monthly_cap_is_held_not_minted(cap, carol, tree, zhang):
    _served(carol, tree, zhang, 4)
    order = _served(carol, tree, zhang, 2)
    account = Volunteer.objects.get(member=zhang)
    assert services.volunteer_balance(volunteer_id=account.pk) == 40
    hold = CreditHold.objects.get()
    assert (hold.volunteer, hold.order, hold.hours, hold.points, hold.month_hours, hold.status) == (
        account, order, Decimal("2"), 20, Decimal("4"), "held"
    )
    assert order.credits.holds == [hold] and order.status == OrderStatus.DONE


def test_credit_up_to_the_cap_is_minted(cap, carol, tree, zhang):
    _served(carol, tree, zhang, 3)
    _served(carol, tree, zhang, 2)
    assert not CreditHold.objects.exists()
    assert PointsEntry.objects.count() == 2


def test_the_street_sees_held_credits_and_releases_them(cap, client, alice, carol, tree, zhang):
    _served(carol, tree, zhang, 4)
    _served(carol, tree, zhang, 3)
    hold = CreditHold.objects.get()
    client.force_login(alice)
    home = client.get(reverse("volunteers:home")).content.decode()
    assert reverse("volunteers:hold-release", args=[hold.pk]) in home
    assert client.post(reverse("volunteers:hold-release", args=[hold.pk])).status_code == 302
    hold.refresh_from_db()
    assert (hold.status, hold.decided_by) == ("released", alice)
    account = Volunteer.objects.get(member=zhang)
    assert services.volunteer_balance(volunteer_id=account.pk) == 70
    # The decision is in the change history.
    entry = LogEntry.objects.get_for_object(hold).get(action=LogEntry.Action.UPDATE)
    assert entry.changes["status"] == ["held", "released"] and entry.actor == alice


def test_the_community_sees_held_credits_but_cannot_release_them(cap, client, carol, tree, zhang):
    _served(carol, tree, zhang, 4)
    _served(carol, tree, zhang, 3)
    hold = CreditHold.objects.get()
    client.force_login(carol)
    home = client.get(reverse("volunteers:home")).content.decode()
    assert zhang.name in home and reverse("volunteers:hold-release", args=[hold.pk]) not in home
    assert client.post(reverse("volunteers:hold-release", args=[hold.pk])).status_code == 403
    with pytest.raises(PermissionDenied):
        services.credit_hold_release(user=carol, hold=hold)
    assert CreditHold.objects.get().status == "held"


def test_who_recorded_the_service_cannot_release_its_credit(cap, alice, tree, zhang):
    for hours in (4, 3):
        order = _taken(make_order(tree.c1), user=alice, member=zhang)
        services.order_complete(user=alice, order=order, hours=hours, confirmation_code=CODE)
    with pytest.raises(PermissionDenied, match="someone else must review"):
        services.credit_hold_release(user=alice, hold=CreditHold.objects.get())


def test_a_rejected_credit_mints_nothing_and_cannot_be_released_later(cap, alice, dana, carol, tree, zhang):
    _served(carol, tree, zhang, 4)
    _served(carol, tree, zhang, 3)
    hold = CreditHold.objects.get()
    with pytest.raises(ValidationError, match="Say why"):
        services.credit_hold_reject(user=alice, hold=hold, note=" ")
    services.credit_hold_reject(user=alice, hold=hold, note="当月工时异常")
    with pytest.raises(ValidationError, match="already decided"):
        services.credit_hold_release(user=dana, hold=hold)
    assert PointsEntry.objects.count() == 1


def test_held_credits_are_listed_in_the_api_and_the_admin(cap, alice, charlie, carol, tree, zhang, client):
    _served(carol, tree, zhang, 4)
    _served(carol, tree, zhang, 3)
    api = APIClient()
    api.force_authenticate(alice)
    assert api.get(reverse("held-credit-list")).data["count"] == 1
    api.force_authenticate(charlie)
    assert api.get(reverse("held-credit-list")).data["count"] == 0
    alice.is_staff = True
    alice.save(update_fields=["is_staff"])
    client.force_login(alice)
    page = client.get(reverse("admin:volunteers_credithold_changelist"))
    assert page.status_code == 200 and zhang.name in page.content.decode()
