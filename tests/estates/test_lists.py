"""Red and black lists: proposals by hand and by rule, street confirmation, district decision,
expiry, appeal, history, and the veto selector the star rating uses."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import Role
from estates import selectors, services
from estates.models import ListStep, RankingWeights
from tests.conftest import make_user

from .factories import make_company, make_unit

pytestmark = pytest.mark.django_db
TZ = dt.timezone(dt.timedelta(hours=8))
START, END = dt.date(2026, 1, 1), dt.date(2026, 12, 31)


@pytest.fixture
def entry(alice, company, unit_c1, tree):
    return services.list_propose(user=alice, company=company, street=tree.s1, kind="black",
                                 evidence="三个月内电梯事故两起")


def _listed(alice, dana, entry):
    services.list_confirm(user=alice, entry=entry)
    return services.list_decide(user=dana, entry=entry, starts_on=START, expires_on=END,
                                review_on=dt.date(2026, 7, 1))


def test_street_confirms_then_district_decides(alice, dana, entry):
    with pytest.raises(ValidationError, match="街道确认之后"):
        services.list_decide(user=dana, entry=entry, starts_on=START, expires_on=END)
    services.list_confirm(user=alice, entry=entry)
    with pytest.raises(PermissionDenied):
        services.list_decide(user=alice, entry=entry, starts_on=START, expires_on=END)
    with pytest.raises(ValidationError, match="到期日期须晚于"):
        services.list_decide(user=dana, entry=entry, starts_on=END, expires_on=START)
    services.list_decide(user=dana, entry=entry, starts_on=START, expires_on=END)
    assert entry.list_status == "listed"
    assert list(ListStep.objects.filter(entry=entry).values_list("list_status", flat=True)) == [
        "proposed", "confirmed", "listed"]


def test_a_proposal_needs_evidence_and_is_made_once(alice, company, unit_c1, tree, entry):
    with pytest.raises(ValidationError, match="证据"):
        services.list_propose(user=alice, company=company, street=tree.s1, kind="red", evidence=" ")
    with pytest.raises(ValidationError, match="已被提名"):
        services.list_propose(user=alice, company=company, street=tree.s1, kind="black", evidence="再次")


def test_a_community_cannot_confirm(carol, entry):
    with pytest.raises(PermissionDenied):
        services.list_confirm(user=carol, entry=entry)


def test_appeal_with_reason_then_revoke(alice, dana, entry):
    _listed(alice, dana, entry)
    with pytest.raises(ValidationError, match="申诉理由"):
        services.list_appeal(user=alice, entry=entry, reason="")
    services.list_appeal(user=alice, entry=entry, reason="事故系设备厂家责任")
    assert entry.appeal_reason == "事故系设备厂家责任"
    with pytest.raises(ValidationError, match="撤销理由"):
        services.list_revoke(user=dana, entry=entry)
    services.list_revoke(user=dana, entry=entry, note="经复核属实")
    assert entry.list_status == "revoked"


def test_the_veto_selector_follows_listing_expiry_and_service(alice, dana, tree, entry, company):
    assert not selectors.blacklisted_companies_serving([tree.c1.pk], on=dt.date(2026, 6, 1)).exists()
    _listed(alice, dana, entry)
    assert list(selectors.blacklisted_companies_serving([tree.c1.pk], on=dt.date(2026, 6, 1))) == [company]
    # Not before it starts, not after it expires, not where the company serves nothing.
    assert not selectors.blacklisted_companies_serving([tree.c1.pk], on=dt.date(2025, 12, 31)).exists()
    assert not selectors.blacklisted_companies_serving([tree.c1.pk], on=dt.date(2027, 1, 1)).exists()
    assert not selectors.blacklisted_companies_serving([tree.c2.pk], on=dt.date(2026, 6, 1)).exists()
    # An appeal does not suspend the listing.
    services.list_appeal(user=alice, entry=entry, reason="申诉")
    assert selectors.blacklisted_companies_serving([tree.c1.pk], on=dt.date(2026, 6, 1)).exists()


def test_red_list_is_no_veto(alice, dana, tree, company, unit_c1):
    red = services.list_propose(user=alice, company=company, street=tree.s1, kind="red", evidence="满意度全区第一")
    _listed(alice, dana, red)
    assert not selectors.blacklisted_companies_serving([tree.c1.pk], on=dt.date(2026, 6, 1)).exists()


def test_rule_proposes_the_bottom_two_quarters_running(alice, carol, tree):
    RankingWeights.objects.create(district=tree.district, prior_households=100)
    good, bad = make_company(tree.s1, name="好物业"), make_company(tree.s1, name="差物业")
    good_unit, bad_unit = make_unit(tree.c1, good, households=200), make_unit(tree.c1, bad, households=200)
    for year, month in ((2026, 2), (2026, 5)):
        for day in (3, 4, 5, 6):
            services.complaint_record(user=carol, unit=bad_unit, matter="elevator", description="电梯",
                                      filed_at=dt.datetime(year, month, day, 9, tzinfo=TZ))
    assert good_unit.pk
    proposed = services.list_propose_by_rule(user=alice, street=tree.s1, year=2026, quarter=2, bottom=1)
    assert [e.company for e in proposed] == [bad]
    assert proposed[0].basis == "rule" and "2026Q1" in proposed[0].evidence
    # Run again: nothing new (already proposed).
    assert services.list_propose_by_rule(user=alice, street=tree.s1, year=2026, quarter=2, bottom=1) == []


def test_lists_follow_the_tree(charlie, entry, tree):
    assert not selectors.list_entries(user=charlie).exists()
    outsider_secretary = make_user("olga", Role.COMMUNITY_SECRETARY, tree.c3)
    assert not selectors.list_entries(user=outsider_secretary).exists()
