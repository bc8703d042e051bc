"""Member and transfer pages: scoping, masking, forms and pinned query counts."""

import datetime as dt

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from organizations import member_services
from organizations.models import Member, MembershipPeriod, MemberStatus, Transfer, TransferState
from tests.organizations.factories import MemberFactory, valid_id_number

LIST = reverse("organizations:member-list")
HISTORICAL = reverse("organizations:member-historical")
TRANSFERS = reverse("organizations:transfer-list")

# Every page pays the same overhead: session read, user, and the top bar's unread count. A read opens
# no transaction and writes no session (issue 9: partybuild.middleware).
REQUEST_OVERHEAD = 3
# + role grants, page count, page rows
LIST_QUERIES = REQUEST_OVERHEAD + 3
# + member (with branch, household, building, registered community), role grants, periods, status changes, transfers,
# the latest star grade (campaigns)
DETAIL_QUERIES = REQUEST_OVERHEAD + 6


def detail(member):
    return reverse("organizations:member-detail", args=[member.pk])


@pytest.fixture
def as_user(client):
    # Assertions read the English source strings, whatever the default language is.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    def login(user):
        client.force_login(user)
        return client

    return login


def form_data(member=None, **overrides):
    birth = dt.date(1975, 3, 9)
    data = {
        "name": "王建国", "gender": "M", "ethnicity": "汉族", "birth_date": "1975-03-09",
        "id_number": valid_id_number(birth), "phone": "13912345678", "education": "bachelor",
        "joined_on": "2001-07-01", "category": "full", "household": "", "work_unit": "",
        "registered_community": "", "registered_on": "",
    }
    if member is not None:
        data.update(
            name=member.name, birth_date=member.birth_date.isoformat(), id_number=member.id_number,
            phone=member.phone, joined_on=member.joined_on.isoformat(), version=member.version,
        )
    return {**data, **overrides}


# Access


@pytest.mark.parametrize("name", ["member-list", "member-historical", "transfer-list"])
def test_login_required(client, tree, name):
    response = client.get(reverse(f"organizations:{name}"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_outsider_gets_404_on_members_of_another_street(as_user, charlie, member_c1):
    client = as_user(charlie)
    assert client.get(detail(member_c1)).status_code == 404
    assert client.get(reverse("organizations:member-edit", args=[member_c1.pk])).status_code == 404
    assert client.post(reverse("organizations:member-status", args=[member_c1.pk]), {}).status_code == 404
    assert client.get(reverse("organizations:member-transfer", args=[member_c1.pk])).status_code == 404
    assert "李红" not in client.get(LIST).content.decode()


def test_auditor_sees_the_member_but_gets_403_on_edits_and_no_buttons(as_user, audrey, member_c1):
    client = as_user(audrey)
    page = client.get(detail(member_c1))
    assert page.status_code == 200
    assert reverse("organizations:member-edit", args=[member_c1.pk]) not in page.content.decode()
    assert client.get(reverse("organizations:member-edit", args=[member_c1.pk])).status_code == 403
    assert client.get(reverse("organizations:member-create", args=[member_c1.branch_id])).status_code == 403


# Masking


def test_personal_data_is_masked_for_a_street_official(as_user, alice, member_c1):
    body = as_user(alice).get(LIST).content.decode()
    assert member_c1.id_number not in body
    assert f"{member_c1.id_number[:2]}{'*' * 15}{member_c1.id_number[-1]}" in body
    assert "138****8000" in body
    detail_body = as_user(alice).get(detail(member_c1)).content.decode()
    assert member_c1.id_number not in detail_body
    assert "13800138000" not in detail_body


def test_district_admin_sees_masked_data_with_a_reveal_button(as_user, dana, member_c1):
    # Full numbers only through the recorded reveal (audit:reveal), for every role.
    client = as_user(dana)
    assert member_c1.id_number not in client.get(LIST).content.decode()
    body = client.get(detail(member_c1)).content.decode()
    assert member_c1.id_number not in body and "13800138000" not in body
    assert f"/personal-data/organizations/member/{member_c1.pk}/reveal/" in body


# The list


def names(response):
    return [m.name for m in response.context["members"]]


def test_filters_and_search_narrow_the_list(as_user, tree, alice, member_c1):
    MemberFactory(name="张伟", branch=tree.c2, gender="F", phone="13711112222", category="probationary")
    client = as_user(alice)
    assert names(client.get(LIST)) == ["张伟", "李红"]
    assert names(client.get(LIST, {"q": "张"})) == ["张伟"]
    # Numbers only in full (tests/security/test_personal_search.py): a whole phone, a whole ID number.
    assert names(client.get(LIST, {"q": "2222"})) == []
    assert names(client.get(LIST, {"q": "13711112222"})) == ["张伟"]
    assert names(client.get(LIST, {"q": member_c1.id_number})) == ["李红"]
    assert names(client.get(LIST, {"subtree": "C1"})) == ["李红"]
    assert names(client.get(LIST, {"gender": "F"})) == ["张伟"]
    assert names(client.get(LIST, {"category": "probationary"})) == ["张伟"]
    # A code outside alice's scope yields nothing, not charlie's members.
    assert names(client.get(LIST, {"subtree": "C3"})) == []


def test_sorting_by_joined_date(as_user, tree, alice):
    MemberFactory(name="甲", branch=tree.c1, joined_on=dt.date(2010, 1, 1))
    MemberFactory(name="乙", branch=tree.c1, joined_on=dt.date(1999, 1, 1))
    client = as_user(alice)
    assert names(client.get(LIST, {"sort": "joined"})) == ["乙", "甲"]
    assert names(client.get(LIST, {"sort": "-joined"})) == ["甲", "乙"]


def test_pagination_keeps_the_filters(as_user, tree, alice):
    MemberFactory.create_batch(30, branch=tree.c1, gender="F")
    MemberFactory.create_batch(3, branch=tree.c1, gender="M")
    client = as_user(alice)
    first = client.get(LIST, {"gender": "F"})
    assert len(first.context["members"]) == 25
    assert first.context["page_obj"].paginator.count == 30
    assert "?gender=F&amp;page=2" in first.content.decode()
    second = client.get(LIST, {"gender": "F", "page": 2})
    assert len(second.context["members"]) == 5


def test_empty_list_says_so(as_user, alice):
    response = as_user(alice).get(LIST)
    assert response.status_code == 200
    assert "no party members in your area yet" in response.content.decode()


def test_member_list_query_count_does_not_grow(as_user, tree, alice, django_assert_num_queries):
    client = as_user(alice)
    MemberFactory.create_batch(3, branch=tree.c1)
    with django_assert_num_queries(LIST_QUERIES):
        assert client.get(LIST).status_code == 200
    MemberFactory.create_batch(20, branch=tree.g1)
    with django_assert_num_queries(LIST_QUERIES):
        assert client.get(LIST).status_code == 200


def test_historical_list_shows_who_left_and_when(as_user, alice, member_c1):
    on = timezone.localdate() - dt.timedelta(days=5)
    member_services.member_change_status(user=alice, member=member_c1, status=MemberStatus.DECEASED, on=on)
    client = as_user(alice)
    assert names(client.get(LIST)) == []
    response = client.get(HISTORICAL)
    assert [(m.name, m.left_on) for m in response.context["members"]] == [("李红", on)]
    assert on.isoformat() in response.content.decode()


# The member page


def test_member_page_shows_history_and_actions(as_user, tree, alice, charlie, member_c1):
    transfer = member_services.transfer_send(user=alice, member=member_c1, to_org=tree.c3, reason="搬家")
    member_services.transfer_receive(user=charlie, transfer=transfer)
    body = as_user(charlie).get(detail(member_c1)).content.decode()
    assert tree.g1.name in body and tree.c3.name in body  # both dated periods
    assert "搬家" in body
    assert reverse("organizations:member-transfer", args=[member_c1.pk]) in body


def test_member_page_query_count_does_not_grow(as_user, tree, alice, charlie, member_c1, django_assert_num_queries):
    client = as_user(alice)
    with django_assert_num_queries(DETAIL_QUERIES):
        assert client.get(detail(member_c1)).status_code == 200
    for status in (MemberStatus.FLOATING_OUT, MemberStatus.ACTIVE, MemberStatus.ABROAD):
        member_services.member_change_status(user=alice, member=member_c1, status=status, on=timezone.localdate())
    for org in (tree.c2, tree.c1):
        member_services.transfer_receive(
            user=alice, transfer=member_services.transfer_send(user=alice, member=member_c1, to_org=org)
        )
    with django_assert_num_queries(DETAIL_QUERIES):
        assert client.get(detail(member_c1)).status_code == 200


def test_historical_member_page_has_no_action_buttons(as_user, alice, member_c1):
    member_services.member_change_status(
        user=alice, member=member_c1, status=MemberStatus.LEFT, on=timezone.localdate()
    )
    body = as_user(alice).get(detail(member_c1)).content.decode()
    assert reverse("organizations:member-status", args=[member_c1.pk]) not in body


# Forms


def test_create_registers_a_member_with_a_period(as_user, tree, alice):
    response = as_user(alice).post(reverse("organizations:member-create", args=[tree.g1.pk]), form_data())
    member = Member.objects.get(name="王建国")
    assert response.status_code == 302 and response.url == detail(member)
    assert MembershipPeriod.objects.get(member=member).organization == tree.g1


def test_bad_id_number_is_refused_and_the_input_kept(as_user, tree, alice):
    good = valid_id_number(dt.date(1975, 3, 9))
    wrong = good[:17] + ("0" if good[17] != "0" else "1")
    response = as_user(alice).post(
        reverse("organizations:member-create", args=[tree.g1.pk]), form_data(id_number=wrong, phone="12345")
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "id_number" in errors and "phone" in errors
    body = response.content.decode()
    assert "王建国" in body and wrong in body
    assert not Member.objects.exists()


def test_date_rules_from_the_model_show_on_their_fields(as_user, tree, alice):
    url = reverse("organizations:member-create", args=[tree.g1.pk])
    response = as_user(alice).post(url, form_data(joined_branch_on="2000-01-01"))
    assert response.status_code == 200
    assert response.context["form"].errors["joined_branch_on"] == ["This date is before the date of joining the party."]
    response = as_user(alice).post(url, form_data(birth_date="1976-03-09"))
    assert response.context["form"].errors["birth_date"] == [
        "The birth date does not match the one in the ID card number."
    ]
    assert 'id="id_birth_date_error"' in response.content.decode()
    assert not Member.objects.exists()


def test_edit_saves_and_a_stale_edit_is_refused(as_user, alice, member_c1):
    client = as_user(alice)
    url = reverse("organizations:member-edit", args=[member_c1.pk])
    stale = form_data(member_c1, phone="13700000001")
    assert client.post(url, stale).status_code == 302
    member_c1.refresh_from_db()
    assert member_c1.phone == "13700000001"
    response = client.post(url, {**stale, "phone": "13700000002"})  # posts the version it read before
    assert response.status_code == 200
    assert "Someone else changed this record" in response.content.decode()
    member_c1.refresh_from_db()
    assert member_c1.phone == "13700000001"


def test_status_change_page_records_a_death(as_user, alice, member_c1):
    on = timezone.localdate().isoformat()
    response = as_user(alice).post(
        reverse("organizations:member-status", args=[member_c1.pk]), {"status": "deceased", "on": on, "note": ""}
    )
    assert response.status_code == 302
    member_c1.refresh_from_db()
    assert member_c1.status == MemberStatus.DECEASED


def test_transfer_page_sends_by_code_and_rejects_unknown_codes(as_user, tree, alice, member_c1):
    client = as_user(alice)
    url = reverse("organizations:member-transfer", args=[member_c1.pk])
    on = timezone.localdate().isoformat()
    response = client.post(url, {"to_org": "NOPE", "on": on, "reason": "搬家"})
    assert response.status_code == 200 and "to_org" in response.context["form"].errors
    assert client.post(url, {"to_org": "C3", "on": on, "reason": "搬家"}).status_code == 302
    assert Transfer.objects.get(member=member_c1).to_org == tree.c3
    # A second transfer while one waits is refused with the service's message.
    response = client.post(url, {"to_org": "C2", "on": on})
    assert "already has a transfer waiting" in response.content.decode()


# Transfers


def test_receiver_receives_from_the_incoming_tab(as_user, tree, alice, charlie, member_c1):
    transfer = member_services.transfer_send(user=alice, member=member_c1, to_org=tree.c3)
    client = as_user(charlie)
    page = client.get(TRANSFERS)
    assert [row[0] for row in page.context["rows"]] == [transfer]
    assert reverse("organizations:transfer-receive", args=[transfer.pk]) in page.content.decode()
    response = client.post(reverse("organizations:transfer-receive", args=[transfer.pk]), {"tab": "incoming"})
    assert response.status_code == 302
    transfer.refresh_from_db()
    assert transfer.state == TransferState.RECEIVED
    assert Member.objects.get(pk=member_c1.pk).branch == tree.c3


def test_sender_cannot_receive_and_sees_why(as_user, tree, alice, member_c1):
    transfer = member_services.transfer_send(user=alice, member=member_c1, to_org=tree.c3)
    client = as_user(alice)
    assert [row[0] for row in client.get(TRANSFERS, {"tab": "outgoing"}).context["rows"]] == [transfer]
    response = client.post(reverse("organizations:transfer-receive", args=[transfer.pk]), follow=True)
    assert "You may not change members outside your area." in response.content.decode()
    transfer.refresh_from_db()
    assert transfer.state == TransferState.SENT


def test_sender_cancels_and_outsider_gets_404(as_user, tree, alice, member_c1, django_user_model):
    transfer = member_services.transfer_send(user=alice, member=member_c1, to_org=tree.c2)
    from tests.conftest import make_user

    outsider = make_user("olga", "street_official", tree.s2)
    assert as_user(outsider).post(reverse("organizations:transfer-cancel", args=[transfer.pk])).status_code == 404
    assert as_user(alice).post(reverse("organizations:transfer-cancel", args=[transfer.pk])).status_code == 302
    transfer.refresh_from_db()
    assert transfer.state == TransferState.CANCELLED


def test_receive_needs_post(as_user, tree, alice, member_c1):
    transfer = member_services.transfer_send(user=alice, member=member_c1, to_org=tree.c2)
    assert as_user(alice).get(reverse("organizations:transfer-receive", args=[transfer.pk])).status_code == 405


def test_joined_date_and_in_service_filters(as_user, tree, alice, member_c1):
    MemberFactory(
        name="在职", branch=tree.c2, joined_on=dt.date(2015, 6, 1), is_in_service=True, work_unit="区税务局",
        registered_community=tree.c1, registered_on=dt.date(2020, 1, 1),
    )
    client = as_user(alice)
    assert names(client.get(LIST, {"joined_after": "2010-01-01"})) == ["在职"]
    assert names(client.get(LIST, {"joined_before": "2010-01-01"})) == ["李红"]
    assert names(client.get(LIST, {"is_in_service": "true"})) == ["在职"]


def test_transfer_list_query_count_does_not_grow(as_user, tree, alice, django_assert_num_queries):
    client = as_user(alice)
    member_services.transfer_send(user=alice, member=MemberFactory(branch=tree.c2), to_org=tree.c1)
    # + role grants, two tab counts, page count, page rows
    with django_assert_num_queries(REQUEST_OVERHEAD + 5):
        assert client.get(TRANSFERS).status_code == 200
    for member in MemberFactory.create_batch(5, branch=tree.c2):
        member_services.transfer_send(user=alice, member=member, to_org=tree.g1)
    with django_assert_num_queries(REQUEST_OVERHEAD + 5):
        response = client.get(TRANSFERS)
    assert len(response.context["rows"]) == 6


def test_list_of_an_editable_organisation_offers_registration(as_user, tree, alice, audrey):
    create_url = reverse("organizations:member-create", args=[tree.c1.pk])
    assert create_url in as_user(alice).get(LIST, {"subtree": "C1"}).content.decode()
    assert create_url not in as_user(audrey).get(LIST, {"subtree": "C1"}).content.decode()


def test_in_service_member_registers_at_a_community_by_code(as_user, tree, alice):
    url = reverse("organizations:member-create", args=[tree.g1.pk])
    data = form_data(is_in_service="on", work_unit="区税务局", registered_community="C3", registered_on="2020-01-01")
    client = as_user(alice)
    # The community where the member lives may lie in another street.
    assert client.post(url, data).status_code == 302
    member = Member.objects.get(name="王建国")
    assert (member.registered_community, member.registered_on) == (tree.c3, dt.date(2020, 1, 1))
    edit = client.get(reverse("organizations:member-edit", args=[member.pk]))
    assert 'value="C3"' in edit.content.decode()


def test_in_service_member_needs_a_community(as_user, tree, alice):
    url = reverse("organizations:member-create", args=[tree.g1.pk])
    response = as_user(alice).post(url, form_data(is_in_service="on", registered_community="G1"))
    assert response.status_code == 200
    assert "registered_community" in response.context["form"].errors
    assert not Member.objects.exists()
