"""The quarterly ranking with shrinkage toward the district mean, on a hand-computed example."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from estates import selectors, services
from estates.models import Inspection, RankingWeights, SatisfactionSurvey

from .factories import make_company, make_unit

pytestmark = pytest.mark.django_db
TZ = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture
def example(tree, carol, alice):
    """Two companies in 2026 Q2, equal weights, K = 100 households.

    A: 300 households; 3 complaints (different households), answered 2 on time and 1 late;
       100 asked, 80 satisfied; one inspection scored 90.
    B: 100 households; 2 complaints of the same household and matter (the second a repeat),
       1 answered on time, 1 unanswered; 20 asked, 10 satisfied; one inspection scored 60.
    """
    RankingWeights.objects.create(district=tree.district, complaints=1, on_time=1, repeats=1, satisfaction=1,
                                  inspection=1, prior_households=100)
    a = make_company(tree.s1, name="甲物业")
    b = make_company(tree.s1, name="乙物业")
    unit_a = make_unit(tree.c1, a, households=300)
    unit_b = make_unit(tree.c1, b, name="乙小区", households=100)

    def complain(unit, *, household=None, day=10, answer_late=None):
        c = services.complaint_record(user=carol, unit=unit, matter="elevator", description="电梯", household=household,
                                      filed_at=dt.datetime(2026, 4, day, 9, tzinfo=TZ))
        if answer_late is not None:
            at = c.answer_due_at + (dt.timedelta(days=1) if answer_late else -dt.timedelta(hours=1))
            services.complaint_answer(user=carol, complaint=c, answer="已处理", answered_at=at)
        return c

    complain(unit_a, answer_late=False)
    complain(unit_a, answer_late=False, day=11)
    complain(unit_a, answer_late=True, day=12)
    complain(unit_b, household=tree.household1, answer_late=False)
    assert complain(unit_b, household=tree.household1, day=20).is_repeat
    SatisfactionSurvey.objects.create(unit=unit_a, year=2026, quarter=2, sample_size=100, satisfied=80)
    SatisfactionSurvey.objects.create(unit=unit_b, year=2026, quarter=2, sample_size=20, satisfied=10)
    Inspection.objects.create(unit=unit_a, company=a, inspected_on=dt.date(2026, 5, 1), items_checked="x", score=90)
    Inspection.objects.create(unit=unit_b, company=b, inspected_on=dt.date(2026, 5, 1), items_checked="x", score=60)
    return a, b


def test_hand_computed_ranking_with_shrinkage(tree, example):
    a, b = example
    rows, means, _ = selectors.ranking(root=tree.district, year=2026, quarter=2)
    # District means: rate 100·5/400 = 1.25, on time 3/4, repeats 1/5, satisfaction 90/120, inspection 75.
    assert means == pytest.approx({"rate": 1.25, "on_time": 0.75, "repeat": 0.2, "satisfaction": 0.75,
                                   "inspection": 75.0})
    first, second = rows
    assert (first.counts.key, second.counts.key) == (a.pk, b.pk)
    # A: w = 300/400 = 0.75. Rate 1.0 → 0.75·1 + 0.25·1.25 = 1.0625; on time 2/3 → 0.6875; repeats 0 → 0.05;
    # satisfaction 0.8 → 0.7875; inspection 90 → 86.25.
    assert first.weight == pytest.approx(0.75)
    assert first.shrunk == pytest.approx({"rate": 1.0625, "on_time": 0.6875, "repeat": 0.05,
                                          "satisfaction": 0.7875, "inspection": 86.25})
    # Components 100·(1 − 1.0625/2.5) = 57.5, 68.75, 95, 78.75, 86.25: mean 77.25.
    assert first.components == pytest.approx({"complaints": 57.5, "on_time": 68.75, "repeats": 95.0,
                                              "satisfaction": 78.75, "inspection": 86.25})
    assert first.score == pytest.approx(77.25)
    # B: w = 100/200 = 0.5. Rate 2.0 → 1.625; on time 1.0 → 0.875; repeats 0.5 → 0.35; satisfaction 0.5 →
    # 0.625; inspection 60 → 67.5. Components 35, 87.5, 65, 62.5, 67.5: mean 63.5.
    assert second.shrunk == pytest.approx({"rate": 1.625, "on_time": 0.875, "repeat": 0.35,
                                           "satisfaction": 0.625, "inspection": 67.5})
    assert second.score == pytest.approx(63.5)


def test_a_small_company_is_pulled_toward_the_mean(tree, example):
    RankingWeights.objects.filter(district=tree.district).update(prior_households=10_000)
    rows, means, _ = selectors.ranking(root=tree.district, year=2026, quarter=2)
    # With K far above every company's households, both sit close to the mean on every input.
    for row in rows:
        assert row.shrunk["rate"] == pytest.approx(means["rate"], abs=0.1)


def test_weights_shift_the_score(tree, example):
    RankingWeights.objects.filter(district=tree.district).update(complaints=0, on_time=1, repeats=0,
                                                                 satisfaction=0, inspection=0)
    rows, _, _ = selectors.ranking(root=tree.district, year=2026, quarter=2)
    # On-time answers alone: B (0.875) now leads A (0.6875).
    assert [round(r.score, 2) for r in rows] == [87.5, 68.75]


def test_an_empty_quarter_ranks_everyone_level(tree, example):
    rows, _, _ = selectors.ranking(root=tree.district, year=2025, quarter=1)
    # Companies still serve households: they rank on the neutral means, level.
    assert len(rows) == 2 and len({round(r.score, 6) for r in rows}) == 1


def test_only_the_district_sets_weights(tree, alice):
    with pytest.raises(PermissionDenied):
        services.weights_set(user=alice, district=tree.district, complaints=5)


def test_ranking_page_shows_inputs_beside_the_score(client, alice, example):
    client.force_login(alice)
    body = client.get(reverse("estates:ranking"), {"year": 2026, "quarter": 2, "by": "company"}).content.decode()
    assert "77.25" in body and "63.50" in body and "2/3" in body and "80/100" in body and "1.06" in body


def test_compound_ranking_and_outsider(client, charlie, example):
    client.force_login(charlie)
    response = client.get(reverse("estates:ranking"), {"year": 2026, "quarter": 2, "by": "unit"})
    assert response.status_code == 200 and response.context["rows"] == []


def test_ranking_page_costs_the_same_queries_for_many_companies(client, alice, tree, example,
                                                                 django_assert_num_queries):
    for i in range(10):
        make_unit(tree.c2, make_company(tree.s1, name=f"企业{i}"), households=50 + i)
    client.force_login(alice)
    # session read, user, unread count (3: a read opens no transaction and writes no session);
    # grants, the district, its weights, households, complaints, surveys, inspections, names,
    # the companies in reach
    with django_assert_num_queries(3 + 9):
        response = client.get(reverse("estates:ranking"), {"year": 2026, "quarter": 2, "by": "company"})
    assert len(response.context["rows"]) == 12
