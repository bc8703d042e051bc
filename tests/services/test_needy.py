"""Needy households: 三级包抓 pairing rules and assistance records."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from organizations.models import MemberStatus
from services.models import PairingLevel
from services.selectors import needy_stats_by_org
from services.services import assistance_record, needy_register, needy_update
from tests.organizations.factories import MemberFactory


@pytest.mark.parametrize(
    ("category", "level"),
    [("petitioner", "committee_head"), ("low_income", "committee_member"), ("very_old", "party_member"),
     ("limited_mobility", "party_member"), ("disabled", "party_member"), ("infants", "party_member")],
)
def test_pairing_level_follows_the_category(carol, tree, category, level):
    needy = needy_register(user=carol, household=tree.household1, category=category)
    assert needy.pairing_level == level
    assert needy.organization == tree.g1


def test_wrong_pairing_level_for_the_category_is_refused(carol, tree):
    with pytest.raises(ValidationError, match="应由班子主要负责人包抓") as exc:
        needy_register(user=carol, household=tree.household1, category="petitioner",
                       pairing_level=PairingLevel.PARTY_MEMBER)
    assert "pairing_level" in exc.value.message_dict


def test_responsible_member_from_another_community_is_refused(carol, tree, member_c1):
    outsider = MemberFactory(branch=tree.c2)
    with pytest.raises(ValidationError, match="包抓责任人必须是该住户所在社区的党员"):
        needy_register(user=carol, household=tree.household1, category="disabled", responsible=outsider)
    needy = needy_register(user=carol, household=tree.household1, category="disabled", responsible=member_c1)
    assert needy.responsible == member_c1


def test_historical_member_cannot_be_made_responsible(carol, tree, member_c1):
    member_c1.status = MemberStatus.DECEASED
    member_c1.save()
    with pytest.raises(ValidationError, match="该包抓责任人已不是在册党员"):
        needy_register(user=carol, household=tree.household1, category="disabled", responsible=member_c1)


def test_same_household_and_category_twice_is_refused(carol, tree):
    needy_register(user=carol, household=tree.household1, category="disabled")
    with pytest.raises(ValidationError, match="该住户已按此类别登记"):
        needy_register(user=carol, household=tree.household1, category="disabled")


def test_stale_edit_is_refused(carol, tree):
    needy = needy_register(user=carol, household=tree.household1, category="low_income")
    needy_update(user=carol, needy=needy, version=1, situation="失业")
    with pytest.raises(ValidationError, match="他人已修改此记录"):
        needy_update(user=carol, needy=needy, version=1, situation="重病")


def test_outsider_cannot_register_or_assist(charlie, carol, tree):
    with pytest.raises(PermissionDenied, match="您不能修改本辖区以外的台账"):
        needy_register(user=charlie, household=tree.household1, category="low_income")
    needy = needy_register(user=carol, household=tree.household1, category="low_income")
    with pytest.raises(PermissionDenied, match="您不能修改本辖区以外的台账"):
        assistance_record(user=charlie, needy=needy, given_on=dt.date(2026, 2, 1), helper="x", content="x")


def test_assistance_counts_and_amounts_per_community(carol, alice, tree):
    needy = needy_register(user=carol, household=tree.household1, category="low_income")
    assistance_record(user=carol, needy=needy, given_on=dt.date(2026, 2, 1), helper="社区党委", content="米面油",
                      amount=Decimal("300"))
    assistance_record(user=carol, needy=needy, given_on=dt.date(2026, 4, 1), helper="李红", content="代买药品")
    assistance_record(user=carol, needy=needy, given_on=dt.date(2025, 4, 1), helper="李红", content="去年")
    stats = needy_stats_by_org(user=alice, year=2026, depth=3)
    assert stats[tree.c1.path] == {"total": 1, "paired": 0, "assistance_acts": 2, "amount": Decimal("300")}


def test_negative_amount_is_refused(carol, tree):
    needy = needy_register(user=carol, household=tree.household1, category="low_income")
    with pytest.raises(ValidationError, match="大于或等于0"):
        assistance_record(user=carol, needy=needy, given_on=dt.date(2026, 2, 1), helper="x", content="x",
                          amount=Decimal("-5"))


def test_hardship_labels_use_the_words_of_the_seed():
    # "Disabled" is 残疾 here, not 禁用 (the software sense another catalogue gives the bare word).
    from services.models import NeedyCategory

    assert str(NeedyCategory.DISABLED.label) == "残疾"
    assert str(NeedyCategory.VERY_OLD.label) == "高龄老人"
    assert str(NeedyCategory.LIMITED_MOBILITY.label) == "行动不便"
