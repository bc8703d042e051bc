"""Campaign pages: lists scoped and filtered, forms that refuse the wrong hand in words, the board
masking residents' names, brand photos through the scoped view."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaigns import services
from campaigns.models import BoardEntry, Designation, StarGrade

pytestmark = pytest.mark.django_db

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
       b"\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")


def login(client, user):
    client.force_login(user)
    return client


def test_self_assessment_rating_and_review_through_the_pages(client, gina, carol, alice, tree):
    response = login(client, gina).post(reverse("campaigns:grade-create"), {
        "year": 2026, "organization": tree.g1.pk, "self_grade": 4, "self_summary": "主题党日按月开展",
    })
    grade = StarGrade.objects.get()
    assert response.status_code == 302 and response.url == reverse("campaigns:grade-detail", args=[grade.pk])
    page = client.get(response.url).content.decode()
    assert "已自评，待评定" in page and "grade-step" not in page  # the grid worker has no next step
    login(client, carol).post(reverse("campaigns:grade-rate", args=[grade.pk]),
                              {"grade": 3, "comment": "台账不全", "version": grade.version})
    grade.refresh_from_db()
    page = login(client, alice).get(reverse("campaigns:grade-detail", args=[grade.pk])).content.decode()
    assert "审定星级" in page and "退回评定" in page
    client.post(reverse("campaigns:grade-review", args=[grade.pk]), {"grade": 3, "version": grade.version})
    assert StarGrade.objects.get().grade == 3


def test_the_form_asks_for_one_subject(client, gina, tree):
    response = login(client, gina).post(reverse("campaigns:grade-create"), {
        "year": 2026, "self_grade": 4, "self_summary": "x",
    })
    assert response.status_code == 200 and "二选一" in response.content.decode()
    assert not StarGrade.objects.exists()


def test_outsider_gets_404_on_a_grade(client, gina, charlie, tree):
    grade = services.grade_self_assess(user=gina, year=2026, organization=tree.g1, self_grade=4, self_summary="x")
    assert login(client, charlie).get(reverse("campaigns:grade-detail", args=[grade.pk])).status_code == 404
    assert "x" not in login(client, charlie).get(reverse("campaigns:grade-list")).context["grades"]


def test_grade_list_query_count_does_not_grow_with_rows(client, gina, tree, django_assert_max_num_queries):
    from tests.organizations.factories import MemberFactory

    login(client, gina)
    for _ in range(3):
        services.grade_self_assess(user=gina, year=2026, member=MemberFactory(branch=tree.g1), self_grade=3,
                                   self_summary="x")
    with django_assert_max_num_queries(16) as few:
        client.get(reverse("campaigns:grade-list"))
    for _ in range(10):
        services.grade_self_assess(user=gina, year=2026, member=MemberFactory(branch=tree.g1), self_grade=3,
                                   self_summary="x")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("campaigns:grade-list"))


def test_the_org_and_member_pages_show_the_reviewed_grade(client, gina, carol, alice, tree):
    grade = services.grade_self_assess(user=gina, year=2026, organization=tree.g1, self_grade=4, self_summary="x")
    services.grade_rate(user=carol, grade=grade, rated_grade=4)
    services.grade_review(user=alice, grade=grade, final_grade=4)
    page = login(client, alice).get(reverse("organizations:detail", args=[tree.g1.pk])).content.decode()
    assert 'id="star-grade"' in page and "2026 年星级" in page


def test_designations_come_from_the_street_not_the_community(client, carol, alice, tree):
    data = {"community": tree.c1.pk, "year": 2026, "kind": "safe", "is_model": "on"}
    response = login(client, carol).post(reverse("campaigns:designation-create"), data)
    assert response.status_code == 403 and not Designation.objects.exists()
    response = login(client, alice).post(reverse("campaigns:designation-create"), data)
    assert response.status_code == 302
    page = client.get(reverse("campaigns:designation-list")).content.decode()
    assert "平安法治型" in page and "示范社区 1 个" in page
    response = client.post(reverse("campaigns:designation-create"), data)
    assert "已获得此类命名" in response.content.decode()


def test_the_board_masks_residents_names_and_can_withdraw_an_entry(client, carol, alice, tree):
    login(client, carol).post(reverse("campaigns:board-create"), {
        "community": tree.c1.pk, "compound": "幸福里小区", "kind": "red", "date": "2026-05-01",
        "text": "帮助独居老人买菜", "resident_name": "王秀英",
    })
    entry = BoardEntry.objects.get()
    page = client.get(reverse("campaigns:board")).content.decode()
    assert "帮助独居老人买菜" in page and "王秀英" not in page and "王**" in page
    client.post(reverse("campaigns:board-withdraw", args=[entry.pk]))
    assert "帮助独居老人买菜" not in client.get(reverse("campaigns:board")).content.decode()


def test_a_board_entry_cannot_be_dated_in_the_future(carol, tree):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="不能晚于今天"):
        services.board_entry_create(user=carol, community=tree.c1, compound="x", kind="red", text="x",
                                    date=dt.date.today() + dt.timedelta(days=2))


def test_brand_with_a_photo_is_shown_to_the_area_only(client, carol, charlie, tree):
    login(client, carol).post(reverse("campaigns:brand-create"), {
        "community": tree.c1.pk, "name": "红色管家", "description": "社区党组织牵头", "since": 2022, "is_active": "on",
    })
    brand = tree.c1.campaign_brands.get()
    client.post(reverse("campaigns:brand-photo-upload", args=[brand.pk]),
                {"image": SimpleUploadedFile("a.png", PNG, content_type="image/png"), "caption": "活动"})
    photo = brand.photos.get()
    assert client.get(reverse("campaigns:brand-photo", args=[photo.pk])).status_code == 200
    login(client, charlie)
    assert client.get(reverse("campaigns:brand-detail", args=[brand.pk])).status_code == 404
    assert client.get(reverse("campaigns:brand-photo", args=[photo.pk])).status_code == 404


def test_an_entry_without_a_recorder_can_be_withdrawn(client, carol, tree):
    """Demo and imported entries have no recorder (and a deleted account leaves none): withdrawing one
    must not fail on it (it was a 500 on the demo district's board)."""
    entry = BoardEntry.objects.create(community=tree.c1, compound="幸福里小区", kind="red",
                                      date=dt.date(2026, 5, 1), text="帮助独居老人买菜")
    response = login(client, carol).post(reverse("campaigns:board-withdraw", args=[entry.pk]))
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.is_published is False
