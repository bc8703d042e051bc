"""三方联动: a property complaint goes onto a three-party meeting's agenda in one click, through the
meetings app's own item service; only those who may add agenda items see the button."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from estates import services
from meetings import meeting_services
from meetings.models import AgendaItem, BodyKind, ItemSource
from tests.meetings.factories import make_body

pytestmark = pytest.mark.django_db


@pytest.fixture
def complaint(carol, unit_c1):
    return services.complaint_record(user=carol, unit=unit_c1, matter="elevator", description="电梯停运三天",
                                     resident_name="王建国")


@pytest.fixture
def three_party_c1(carol, tree):
    body = make_body(tree.c1, BodyKind.THREE_PARTY, name="西城壕社区三方联动会议")
    return meeting_services.meeting_create(user=carol, body=body, title="物业问题三方协调会",
                                           held_on=dt.date(2026, 6, 10))


def test_the_complaint_becomes_an_agenda_item_of_the_three_party_meeting(carol, complaint, three_party_c1):
    item = services.complaint_to_joint_meeting(user=carol, complaint=complaint, meeting=three_party_c1)
    assert item.meeting == three_party_c1 and item.source == ItemSource.OTHER
    assert item.source_type.model_class() is type(complaint) and item.source_id == complaint.pk
    assert "电梯停运三天" in item.description and complaint.unit.name in item.title


def test_a_complaint_waiting_on_an_agenda_is_not_raised_twice(carol, complaint, three_party_c1):
    services.complaint_to_joint_meeting(user=carol, complaint=complaint, meeting=three_party_c1)
    with pytest.raises(ValidationError, match="已列入"):
        services.complaint_to_joint_meeting(user=carol, complaint=complaint, meeting=three_party_c1)
    assert AgendaItem.objects.count() == 1


def test_only_a_three_party_meeting_of_the_community_takes_it(carol, tree, complaint):
    council = make_body(tree.c1, BodyKind.COMMUNITY_COMMITTEE, name="西城壕社区大党委")
    meeting = meeting_services.meeting_create(user=carol, body=council, title="大党委联席会",
                                              held_on=dt.date(2026, 6, 10))
    with pytest.raises(ValidationError):
        services.complaint_to_joint_meeting(user=carol, complaint=complaint, meeting=meeting)


def test_one_click_from_the_complaint_page(client, carol, complaint, three_party_c1):
    client.force_login(carol)
    page = client.get(reverse("estates:complaint-detail", args=[complaint.pk])).content.decode()
    assert 'id="action-joint-meeting"' in page and three_party_c1.title in page
    response = client.post(reverse("estates:complaint-joint-meeting", args=[complaint.pk]),
                           {"meeting": three_party_c1.pk})
    item = AgendaItem.objects.get()
    assert response.status_code == 302 and response.url == reverse("meetings:item-detail", args=[item.pk])
    page = client.get(reverse("estates:complaint-detail", args=[complaint.pk])).content.decode()
    assert reverse("meetings:item-detail", args=[item.pk]) in page


def test_who_may_not_add_agenda_items_sees_no_button_and_cannot_post(client, gina, audrey, complaint,
                                                                    three_party_c1):
    # A grid worker edits records in the grid only; an auditor only views: neither raises items.
    for user in (gina, audrey):
        client.force_login(user)
        page = client.get(reverse("estates:complaint-detail", args=[complaint.pk]))
        if page.status_code == 200:
            assert 'id="action-joint-meeting"' not in page.content.decode()
        response = client.post(reverse("estates:complaint-joint-meeting", args=[complaint.pk]),
                               {"meeting": three_party_c1.pk})
        assert response.status_code == 404
    assert not AgendaItem.objects.exists()


def test_outsider_gets_404(client, charlie, complaint, three_party_c1):
    client.force_login(charlie)
    response = client.post(reverse("estates:complaint-joint-meeting", args=[complaint.pk]),
                           {"meeting": three_party_c1.pk})
    assert response.status_code == 404
