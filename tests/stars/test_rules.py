"""The year's rules before the district approves: quotas with their preview, vetoes from the
portal's own records (and the records behind them), step-by-step promotion with 破格."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from reports.models import GridReport
from stars import rules, services, vetoes
from stars.models import StarApplication, Status
from tests.reports.factories import CategoryFactory
from tests.volunteers.factories import make_order

from .bulk import communities_with_stars
from .factories import in_notice, reviewed

pytestmark = pytest.mark.django_db


def _rules(dana, year, **changes):
    year.refresh_from_db()
    return services.star_year_update(user=dana, star_year=year, **changes)


def test_quota_per_star_stops_the_approval_beyond_the_maximum(tree, carol, alice, dana, year2026):
    _rules(dana, year2026, max_per_star=1)
    communities_with_stars(tree.s2, count=1, stars=1, status=Status.AWARDED)
    app = reviewed(carol, alice, tree.c1)
    with pytest.raises(ValidationError, match=r"名额.*组织建设先锋星.*1 个社区"):
        services.application_approve(user=dana, application=app)
    assert StarApplication.objects.get(pk=app.pk).status == Status.REVIEWED


def test_quota_on_the_share_of_five_star_communities(tree, carol, alice, dana, year2026):
    # 10 communities in all (C1, C2, C3 and 7 more); 10% may hold all five stars: one does already.
    _rules(dana, year2026, max_full_share=10)
    communities_with_stars(tree.s2, count=1, stars=5)
    communities_with_stars(tree.s2, count=6, stars=0, prefix="Y")
    for code in ("organisation", "co_governance", "basic_support", "satisfaction"):
        StarApplication.objects.create(community=tree.c1, definition=year2026.definitions.get(code=code),
                                       year=2026, status=Status.NOTICE)
    app = reviewed(carol, alice, tree.c1, code="liveable")
    with pytest.raises(ValidationError, match=r"10%.*10 个社区中 1 个.*已有 1 个"):
        services.application_approve(user=dana, application=app)


def test_quota_per_star_count_stops_the_community_entering_a_full_band(
    tree, carol, carol2, alice, charlie, dana, year2026
):
    # 10 communities; at most 10% (one) may hold two stars or more, and one in S2 already does.
    _rules(dana, year2026, count_quotas={"2": 10})
    communities_with_stars(tree.s2, count=1, stars=2)
    communities_with_stars(tree.s2, count=6, stars=0, prefix="Y")
    StarApplication.objects.create(community=tree.c1, definition=year2026.definitions.get(code="organisation"),
                                   year=2026, status=Status.NOTICE)
    app = reviewed(carol, alice, tree.c1, code="liveable")
    with pytest.raises(ValidationError, match=r"2 星及以上.*10%.*10 个社区中 1 个.*已有 1 个"):
        services.application_approve(user=dana, application=app)
    # A community that stays below the band is not held back by it.
    first_star = reviewed(carol2, charlie, tree.c3, code="organisation")
    assert services.application_approve(user=dana, application=first_star).status == Status.NOTICE


def test_quotas_per_star_count_are_validated(dana, year2026):
    with pytest.raises(ValidationError, match="0 到 100"):
        _rules(dana, year2026, count_quotas={"4": 120})


def test_the_preview_shows_who_would_fall_outside_in_submission_order(
    client, tree, carol, carol2, alice, charlie, dana, year2026, clock
):
    _rules(dana, year2026, max_per_star=1)
    first = reviewed(carol, alice, tree.c1)
    clock.shift(timedelta(hours=1))
    second = reviewed(carol2, charlie, tree.c3)
    preview = rules.quota_preview(star_year=year2026, applications=StarApplication.objects.all())
    assert [(r.application.pk, bool(r.problems)) for r in preview] == [(first.pk, False), (second.pk, True)]
    client.force_login(dana)
    page = client.get(reverse("stars:preview")).content.decode()
    assert "名额" in page
    client.force_login(alice)
    assert client.get(reverse("stars:preview")).status_code == 403


def test_step_by_step_promotion_needs_an_exceptional_reason(tree, carol, alice, dana, year2026):
    _rules(dana, year2026, promotion_limit=True)
    StarApplication.objects.create(community=tree.c1, definition=year2026.definitions.get(code="organisation"),
                                   year=2026, status=Status.AWARDED, amount=20000, awarded_at=timezone.now())
    app = reviewed(carol, alice, tree.c1, code="liveable")  # 0 last year, would hold 2
    with pytest.raises(ValidationError, match=r"逐级晋升.*去年获 0 星.*破格"):
        services.application_approve(user=dana, application=app)
    app = services.application_approve(user=dana, application=app, exceptional_reason="抗洪救灾表现突出")
    assert (app.status, app.exceptional_reason) == (Status.NOTICE, "抗洪救灾表现突出")


def test_one_more_star_than_last_year_is_within_promotion(tree, carol, alice, dana, year2026):
    _rules(dana, year2026, promotion_limit=True)
    assert in_notice(carol, alice, dana, tree.c1).status == Status.NOTICE


def _reports(tree, gina, *, total: int, overdue: int, satisfaction=None):
    category = CategoryFactory()
    now = timezone.now()
    GridReport.objects.bulk_create([
        GridReport(number=f"R{i}", grid=tree.grid1, category=category, description=f"占道经营{i}",
                   reported_by=gina, reported_at=now, is_overdue=i < overdue, satisfaction=satisfaction)
        for i in range(total)
    ])


def test_overdue_grid_reports_veto_with_the_records_behind_it(client, tree, carol, alice, dana, gina, year2026):
    _rules(dana, year2026, veto_overdue_rate=20)
    _reports(tree, gina, total=10, overdue=3)
    app = reviewed(carol, alice, tree.c1)
    with pytest.raises(ValidationError, match=r"一票否决.*10 件.*3 件超期"):
        services.application_approve(user=dana, application=app)
    [hit] = rules.veto_hits(app)
    assert hit.code == "overdue_reports" and len(hit.records) == 3
    client.force_login(dana)
    page = client.get(reverse("stars:application-detail", args=[app.pk])).content.decode()
    assert "超期" in page and reverse("reports:detail", args=[hit.records[0].url.split("/")[-2]]) in page


def test_overdue_rate_at_the_threshold_does_not_veto(tree, carol, alice, dana, gina, year2026):
    _rules(dana, year2026, veto_overdue_rate=30)
    _reports(tree, gina, total=10, overdue=3)
    assert in_notice(carol, alice, dana, tree.c1).status == Status.NOTICE


def test_low_satisfaction_vetoes(tree, carol, alice, dana, gina, year2026):
    _rules(dana, year2026, veto_satisfaction=60)
    _reports(tree, gina, total=3, overdue=0, satisfaction=2)
    for rating in (5, 3, 2):
        make_order(tree.c1, rating=rating, status="rated")
    app = reviewed(carol, alice, tree.c1)
    with pytest.raises(ValidationError, match=r"满意度.*6 个评价中 1 个满意"):
        services.application_approve(user=dana, application=app)


def test_too_few_ratings_do_not_veto(tree, carol, alice, dana, year2026):
    _rules(dana, year2026, veto_satisfaction=60)
    make_order(tree.c1, rating=1, status="rated")
    assert in_notice(carol, alice, dana, tree.c1).status == Status.NOTICE


def test_vetoes_apply_only_when_the_year_switches_them_on(tree, carol, alice, dana, gina, year2026):
    _reports(tree, gina, total=4, overdue=4, satisfaction=1)
    assert in_notice(carol, alice, dana, tree.c1).status == Status.NOTICE


def test_other_apps_can_register_a_veto(tree, carol, alice, dana, year2026, monkeypatch):
    monkeypatch.setattr(vetoes, "RULES", dict(vetoes.RULES))

    @vetoes.register("weak", "软弱涣散整顿")
    def weak(communities, star_year):
        return {c.pk: vetoes.Hit("weak", "软弱涣散整顿", "整顿未销号") for c in communities if c.code == "C1"}

    app = reviewed(carol, alice, tree.c1)
    with pytest.raises(ValidationError, match="软弱涣散整顿: 整顿未销号"):
        services.application_approve(user=dana, application=app)


def test_rules_freeze_with_the_year(tree, carol, alice, dana, year2026, clock):
    in_notice(carol, alice, dana, tree.c1)
    clock.shift(timedelta(days=6))
    services.notices_close_due()
    with pytest.raises(ValidationError, match="已冻结"):
        _rules(dana, year2026, max_per_star=3)
    assert _rules(dana, year2026, notice_days=6).notice_days == 6


def test_rules_refusal_through_the_api(tree, carol, alice, dana, year2026):
    from rest_framework.test import APIClient

    _rules(dana, year2026, max_per_star=0)
    app = reviewed(carol, alice, tree.c1)
    api = APIClient()
    api.force_authenticate(dana)
    response = api.post(reverse("star-application-approve", args=[app.pk]), {}, format="json")
    assert response.status_code == 400 and "名额" in str(response.data)
