"""Rectification of weak and lax organisations: listing, plan, progress, review and closing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from supervision import selectors, services
from supervision.models import RectificationReport

from .factories import make_rectification

pytestmark = pytest.mark.django_db


def test_the_district_lists_and_closes_a_rectification_after_review(dana, carol, tree):
    rect = services.rectification_list_org(user=dana, organization=tree.c1, year=2026, reasons="组织生活不正常",
                                           answerable_cadre="王志刚", answerable_post="街道党工委副书记")
    measure = services.measure_add(user=carol, rectification=rect, measure="配齐支委", deadline=dt.date(2026, 9, 1))
    services.progress_report(user=carol, rectification=rect, text="已召开党员大会补选支委")
    with pytest.raises(ValidationError, match="每项整改措施都完成"):
        services.rectification_review(user=dana, rectification=rect, passed=True, text="尚未完成")
    rect = services.rectification_review(user=dana, rectification=rect, passed=False, text="继续整改")
    assert rect.status == "open"
    services.measure_done(user=carol, measure=measure, done_on=dt.date(2026, 5, 30))
    rect = services.rectification_review(user=dana, rectification=rect, passed=True, text="考核合格,销号")
    assert rect.status == "closed" and rect.closed_on == dt.date(2026, 6, 1)
    assert list(rect.reports.values_list("kind", flat=True)) == [
        RectificationReport.Kind.PROGRESS, RectificationReport.Kind.REVIEW_KEPT_OPEN,
        RectificationReport.Kind.REVIEW_PASSED,
    ]
    with pytest.raises(ValidationError, match="只有整改中的组织才能销号"):
        services.rectification_review(user=dana, rectification=rect, passed=True, text="again")
    with pytest.raises(ValidationError, match="已销号"):
        services.progress_report(user=carol, rectification=rect, text="x")


def test_a_review_without_a_plan_does_not_pass(dana, tree):
    rect = make_rectification(tree.c1)
    with pytest.raises(ValidationError, match="没有整改方案"):
        services.rectification_review(user=dana, rectification=rect, passed=True, text="x")


def test_only_the_district_lists_and_reviews(alice, carol, tree):
    with pytest.raises(PermissionDenied, match="只有区级"):
        services.rectification_list_org(user=alice, organization=tree.c1, year=2026, reasons="x", answerable_cadre="y")
    rect = make_rectification(tree.c1)
    with pytest.raises(PermissionDenied, match="只有区级"):
        services.rectification_review(user=carol, rectification=rect, passed=False, text="x")


def test_outsiders_cannot_report_progress(charlie, tree):
    rect = make_rectification(tree.c1)
    with pytest.raises(PermissionDenied):
        services.progress_report(user=charlie, rectification=rect, text="x")


def test_one_rectification_per_organisation_and_year(tree):
    make_rectification(tree.c1)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_rectification(tree.c1)


def test_open_rectifications_on_a_date(tree):
    open_one = make_rectification(tree.c1)
    make_rectification(tree.c2, status="closed", closed_on=dt.date(2026, 4, 1))
    make_rectification(tree.c3, listed_on=dt.date(2026, 7, 1))
    found = selectors.open_rectifications([tree.c1.pk, tree.c2.pk, tree.c3.pk], on=dt.date(2026, 6, 1))
    assert found == {tree.c1.pk: open_one}
    # On a day before the closing, C2 was still under rectification.
    assert set(selectors.open_rectifications([tree.c2.pk], on=dt.date(2026, 3, 1))) == {tree.c2.pk}
