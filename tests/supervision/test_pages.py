"""Pages: the committee list with its pinned query count, clue visibility on every clue page,
the rectification journey and the banner on the organisation's page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from supervision.models import Rectification
from tests.organizations.factories import MemberFactory

from .factories import make_clue, make_committee, make_rectification, seat

pytestmark = pytest.mark.django_db

# session read, user, and the top bar's unread count
# (A read opens no transaction and writes no session since issue 9: partybuild.middleware.)
REQUEST_OVERHEAD = 3


def test_committee_list_costs_the_same_queries_for_many_committees(client, alice, tree, django_assert_num_queries):
    from organizations.models import Level
    from tests.organizations.factories import make_org

    for i in range(6):
        committee = make_committee(make_org(tree.s1, Level.COMMUNITY, f"CX{i}", f"新社区{i}"))
        seat(committee, "stationed_cadre", f"干部{i}")
    client.force_login(alice)
    # + grants, clue access paths, committees count, rows with seat counts, clue counts, "may add" check
    with django_assert_num_queries(REQUEST_OVERHEAD + 6):
        response = client.get(reverse("supervision:home"))
    assert response.status_code == 200
    assert response.content.decode().count("不完整") == 6


def test_clue_pages_show_the_clue_only_to_the_narrow_readers(client, tree, committee_c1, mona, dora, dana, carol,
                                                             alice, gina, audrey):
    clue = make_clue(committee_c1, matter="线索内容标记")
    urls = [reverse("supervision:clue-detail", args=[clue.pk]), reverse("supervision:clue-list"),
            reverse("supervision:committee-detail", args=[committee_c1.pk]),
            f"/api/v1/problem-clues/{clue.pk}/", "/api/v1/problem-clues/",
            reverse("audit:history", args=["supervision", "problemclue", clue.pk])]
    for user in (carol, alice, gina, audrey):
        client.force_login(user)
        for url in urls:
            response = client.get(url)
            assert "线索内容标记" not in response.content.decode(), (user.username, url)
        assert client.get(urls[0]).status_code == 404
    for user in (mona, dora, dana):
        client.force_login(user)
        assert "线索内容标记" in client.get(urls[0]).content.decode(), user.username


def test_committee_member_records_a_clue_through_the_page(client, mona, committee_c1):
    client.force_login(mona)
    page = client.get(reverse("supervision:committee-detail", args=[committee_c1.pk]))
    assert reverse("supervision:clue-create", args=[committee_c1.pk]) in page.content.decode()
    response = client.post(reverse("supervision:clue-create", args=[committee_c1.pk]),
                           {"found_on": "2026-05-30", "involves": "member", "matter": "党员违规经商"})
    assert response.status_code == 302
    assert "党员违规经商" in client.get(response.url).content.decode()


def test_secretary_cannot_open_the_clue_form(client, carol, committee_c1):
    client.force_login(carol)
    assert client.get(reverse("supervision:clue-create", args=[committee_c1.pk])).status_code == 403


def test_seat_form_refuses_a_second_chair_in_words(client, carol, tree, committee_c1):
    chair = MemberFactory(branch=tree.g1)
    seat(committee_c1, "chair", "陈", member=chair)
    client.force_login(carol)
    other = MemberFactory(branch=tree.g1)
    response = client.post(reverse("supervision:committee-detail", args=[committee_c1.pk]), {
        "seat": "chair", "name": "李", "member": other.pk, "since": "2026-06-01",
    })
    assert response.status_code == 200 and "该席位已有 1 人" in response.content.decode()


def test_rectification_shows_on_the_organisation_page_until_closed(client, dana, carol, tree):
    client.force_login(dana)
    response = client.post(reverse("supervision:rectification-create"), {
        "organization": tree.c1.pk, "year": 2026, "reasons": "班子软弱", "answerable_cadre": "王志刚",
        "answerable_post": "副书记", "listed_on": "2026-05-01",
    })
    rect = Rectification.objects.get()
    assert response.status_code == 302
    client.force_login(carol)
    org_page = client.get(reverse("organizations:detail", args=[tree.c1.pk])).content.decode()
    assert "软弱涣散" in org_page and "王志刚" in org_page
    client.post(reverse("supervision:measure-add", args=[rect.pk]), {"measure": "补选支委", "deadline": "2026-08-01"})
    client.post(reverse("supervision:measure-done", args=[rect.measures.get().pk]))
    client.post(reverse("supervision:progress-add", args=[rect.pk]), {"text": "已补选"})
    # The secretary may not review.
    client.post(reverse("supervision:review", args=[rect.pk]), {"passed": "1", "text": "x"})
    rect.refresh_from_db()
    assert rect.status == "open"
    client.force_login(dana)
    client.post(reverse("supervision:review", args=[rect.pk]), {"passed": "1", "text": "合格"})
    rect.refresh_from_db()
    assert rect.status == "closed"
    client.force_login(carol)
    assert "软弱涣散" not in client.get(reverse("organizations:detail", args=[tree.c1.pk])).content.decode()


def test_outsider_gets_404(client, charlie, tree, committee_c1):
    rect = make_rectification(tree.c1)
    client.force_login(charlie)
    assert client.get(reverse("supervision:committee-detail", args=[committee_c1.pk])).status_code == 404
    assert client.get(reverse("supervision:rectification-detail", args=[rect.pk])).status_code == 404
    assert client.post(reverse("supervision:progress-add", args=[rect.pk]), {"text": "x"}).status_code == 404


def test_rectification_list_filters(client, dana, tree):
    make_rectification(tree.c1, year=2025)
    make_rectification(tree.c2, year=2026, status="closed", closed_on=dt.date(2026, 5, 1))
    client.force_login(dana)
    body = client.get(reverse("supervision:rectification-list"), {"year": "2026"}).content.decode()
    assert "户部巷" in body and "西城壕" not in body
    body = client.get(reverse("supervision:rectification-list"), {"status": "open"}).content.decode()
    assert "西城壕" in body and "户部巷" not in body
