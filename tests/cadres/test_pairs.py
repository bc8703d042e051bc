"""Mentor pairs (师徒结对): created and ended on pages, cadres searched through the scoped picker."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cadres import services
from cadres.models import MentorPair

from .factories import make_cadre

pytestmark = pytest.mark.django_db


def test_a_pair_is_created_and_ended_on_the_pages(client, carol, tree):
    mentor, apprentice = make_cadre(tree.c1, name="师傅", post="secretary"), make_cadre(tree.c1, name="徒弟")
    client.force_login(carol)
    response = client.post(reverse("cadres:pair-create"), {
        "mentor": mentor.pk, "apprentice": apprentice.pk, "started_on": "2026-02-01"})
    assert response.status_code == 302
    pair = MentorPair.objects.get()
    assert (pair.mentor, pair.apprentice, pair.ended_on) == (mentor, apprentice, None)
    assert "徒弟" in client.get(reverse("cadres:pair-list")).content.decode()
    response = client.post(reverse("cadres:pair-end", args=[pair.pk]), {"ended_on": "2026-05-31"})
    assert response.status_code == 302
    pair.refresh_from_db()
    assert pair.ended_on == dt.date(2026, 5, 31)
    # Ended pairs leave the default list but stay on record.
    assert "徒弟" not in client.get(reverse("cadres:pair-list")).content.decode()
    assert "徒弟" in client.get(reverse("cadres:pair-list") + "?state=all").content.decode()


def test_a_mentor_may_take_several_apprentices(carol, tree):
    mentor = make_cadre(tree.c1, name="师傅")
    for name in ("甲", "乙"):
        services.mentor_pair_create(user=carol, mentor=mentor, apprentice=make_cadre(tree.c1, name=name),
                                    started_on=dt.date(2026, 1, 1))
    assert mentor.apprentice_pairs.count() == 2


def test_ending_twice_or_before_the_start_is_refused(carol, tree):
    pair = services.mentor_pair_create(user=carol, mentor=make_cadre(tree.c1, name="师"),
                                       apprentice=make_cadre(tree.c1, name="徒"), started_on=dt.date(2026, 1, 1))
    with pytest.raises(ValidationError):
        services.mentor_pair_end(user=carol, pair=pair, ended_on=dt.date(2025, 12, 31))
    services.mentor_pair_end(user=carol, pair=pair, ended_on=dt.date(2026, 3, 1))
    with pytest.raises(ValidationError):
        services.mentor_pair_end(user=carol, pair=pair, ended_on=dt.date(2026, 4, 1))
    pair.refresh_from_db()
    assert pair.ended_on == dt.date(2026, 3, 1)


def test_a_forged_apprentice_outside_the_area_is_refused(client, carol, tree):
    mentor, foreign = make_cadre(tree.c1, name="师傅"), make_cadre(tree.c3, name="外街")
    client.force_login(carol)
    response = client.post(reverse("cadres:pair-create"), {
        "mentor": mentor.pk, "apprentice": foreign.pk, "started_on": "2026-02-01"})
    assert response.status_code == 200 and not MentorPair.objects.exists()


def test_the_cadre_picker_offers_only_cadres_in_the_area(client, carol, tree):
    make_cadre(tree.c1, name="王本社区")
    make_cadre(tree.c3, name="王外街道")
    client.force_login(carol)
    names = [r["text"] for r in client.get(reverse("pick", args=["cadre"]), {"q": "王"}).json()["results"]]
    assert any("王本社区" in n for n in names) and not any("王外街道" in n for n in names)


def test_outsider_gets_404_on_ending_a_pair(client, carol, charlie, tree):
    pair = services.mentor_pair_create(user=carol, mentor=make_cadre(tree.c1, name="师"),
                                       apprentice=make_cadre(tree.c1, name="徒"), started_on=dt.date(2026, 1, 1))
    client.force_login(charlie)
    assert client.get(reverse("cadres:pair-end", args=[pair.pk])).status_code == 404
    assert client.post(reverse("cadres:pair-end", args=[pair.pk]), {"ended_on": "2026-05-01"}).status_code == 404
    pair.refresh_from_db()
    assert pair.ended_on is None
