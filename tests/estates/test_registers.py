"""Rules of the registers: credit codes, party status, units and their buildings and history,
committees and their elections, 武房管家 fees."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from estates import selectors, services
from estates.models import Committee, ManagementMode, PartyStatus, UnitBuilding
from estates.validators import credit_check_char, validate_credit_code
from grids.models import Building, Household

from .factories import credit_code, make_company, make_item, make_unit

pytestmark = pytest.mark.django_db


# --- the credit code ---------------------------------------------------------------------------------


def test_check_character_of_the_standard_example():
    # GB 32100's published example 91350100M000100Y43: Σ = 865, 865 mod 31 = 28, 31 - 28 = 3.
    assert credit_check_char("91350100M000100Y4") == "3"
    validate_credit_code("91350100M000100Y43")


def test_a_wrong_check_character_is_refused():
    with pytest.raises(ValidationError, match="校验位"):
        validate_credit_code("91350100M000100Y44")


@pytest.mark.parametrize("code", ["91350100M000100Y4", "91350100M000100I43", "91350100m000100y43x"])
def test_a_code_of_the_wrong_shape_is_refused(code):
    with pytest.raises(ValidationError, match="18"):
        validate_credit_code(code)


def test_lower_case_is_accepted_and_stored_upper(alice, tree):
    company = services.company_create(
        user=alice, registrar=tree.s1, name="红枫物业", credit_code="91350100m000100y43"
    )
    assert company.credit_code == "91350100M000100Y43"


def test_a_credit_code_is_registered_once(alice, tree):
    services.company_create(user=alice, registrar=tree.s1, name="甲物业", credit_code="91350100M000100Y43")
    with pytest.raises(ValidationError, match="已存在"):
        services.company_create(user=alice, registrar=tree.s1, name="乙物业", credit_code="91350100M000100Y43")


# --- party status ------------------------------------------------------------------------------------


def test_own_branch_needs_the_branch(alice, tree):
    with pytest.raises(ValidationError, match="请指明企业党员所在的党组织"):
        services.company_create(
            user=alice, registrar=tree.s1, name="甲", credit_code=credit_code(), party_status=PartyStatus.OWN_BRANCH
        )
    company = services.company_create(
        user=alice, registrar=tree.s1, name="甲", credit_code=credit_code(), party_status=PartyStatus.JOINT_BRANCH,
        party_branch=tree.g1,
    )
    assert company.party_branch == tree.g1


def test_instructor_needs_member_and_date(alice, tree, member_c1):
    with pytest.raises(ValidationError, match="自何时"):
        services.company_create(
            user=alice, registrar=tree.s1, name="甲", credit_code=credit_code(), party_status=PartyStatus.INSTRUCTOR,
            instructor=member_c1,
        )
    company = services.company_create(
        user=alice, registrar=tree.s1, name="甲", credit_code=credit_code(), party_status=PartyStatus.INSTRUCTOR,
        instructor=member_c1, instructor_since=dt.date(2025, 3, 1),
    )
    assert company.instructor == member_c1


def test_no_status_names_no_branch(alice, tree):
    with pytest.raises(ValidationError, match="只有"):
        services.company_create(
            user=alice, registrar=tree.s1, name="甲", credit_code=credit_code(), party_branch=tree.g1
        )


def test_a_community_secretary_cannot_register_a_company(carol, tree):
    with pytest.raises(PermissionDenied):
        services.company_create(user=carol, registrar=tree.s1, name="甲", credit_code=credit_code())


def test_stale_company_edit_is_refused(alice, company):
    services.company_update(user=alice, company=company, version=1, name="新名")
    with pytest.raises(ValidationError, match="他人已修改"):
        services.company_update(user=alice, company=company, version=1, name="旧名")


# --- units, buildings, history -----------------------------------------------------------------------


def test_unit_opens_its_first_period(carol, tree, company):
    unit = services.unit_create(
        user=carol, community=tree.c1, code="WC-001", name="西城壕小区", management_mode="company", company=company,
        households=320, started_on=dt.date(2025, 1, 1),
    )
    [period] = unit.periods.all()
    assert (period.company, period.started_on, period.ended_on) == (company, dt.date(2025, 1, 1), None)


def test_company_mode_needs_a_company_and_self_managed_has_none(carol, tree, company):
    with pytest.raises(ValidationError, match="须指明物业企业"):
        services.unit_create(user=carol, community=tree.c1, code="A", name="甲", management_mode="company")
    with pytest.raises(ValidationError, match="自管"):
        services.unit_create(
            user=carol, community=tree.c1, code="A", name="甲", management_mode="self_managed", company=company
        )


def test_change_of_company_keeps_the_history(carol, tree, unit_c1):
    other = make_company(tree.s1, "武昌城投物业")
    services.unit_change_management(
        user=carol, unit=unit_c1, management_mode="company", company=other, on=dt.date(2026, 3, 1)
    )
    periods = list(selectors.unit_periods(unit=unit_c1))
    assert [(p.company.name, p.started_on, p.ended_on) for p in periods] == [
        ("武昌城投物业", dt.date(2026, 3, 1), None),
        ("红枫物业", dt.date(2024, 1, 1), dt.date(2026, 2, 28)),
    ]
    unit_c1.refresh_from_db()
    assert unit_c1.company == other and unit_c1.version == 2


def test_a_change_dated_before_the_current_period_is_refused(carol, unit_c1):
    with pytest.raises(ValidationError, match="之后"):
        services.unit_change_management(
            user=carol, unit=unit_c1, management_mode="self_managed", company=None, on=dt.date(2023, 1, 1)
        )


def test_a_building_lies_in_one_current_unit(carol, tree, unit_c1, company):
    second = make_unit(tree.c1, company, name="第二小区")
    services.unit_add_building(user=carol, unit=unit_c1, building=tree.building1, on=dt.date(2025, 1, 1))
    with pytest.raises(ValidationError, match="已属于当前单元西城壕小区"):
        services.unit_add_building(user=carol, unit=second, building=tree.building1)


def test_the_database_enforces_one_current_unit_per_building(tree, unit_c1, company):
    second = make_unit(tree.c1, company, name="第二小区")
    UnitBuilding.objects.create(unit=unit_c1, building=tree.building1, started_on=dt.date(2025, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        UnitBuilding.objects.create(unit=second, building=tree.building1, started_on=dt.date(2025, 1, 1))


def test_a_released_building_may_join_another_unit(carol, tree, unit_c1, company):
    second = make_unit(tree.c1, company, name="第二小区")
    coverage = services.unit_add_building(user=carol, unit=unit_c1, building=tree.building1, on=dt.date(2025, 1, 1))
    services.unit_release_building(user=carol, coverage=coverage, on=dt.date(2025, 6, 30))
    services.unit_add_building(user=carol, unit=second, building=tree.building1, on=dt.date(2025, 7, 1))
    assert list(selectors.free_buildings(unit=second)) == []


def test_a_building_of_another_community_is_refused(carol, tree, unit_c1):
    far = Building.objects.create(grid=tree.grid3, name="杨园1栋")
    with pytest.raises(ValidationError, match="不在该单元所在社区"):
        services.unit_add_building(user=carol, unit=unit_c1, building=far)


def test_an_outsider_cannot_change_a_unit(charlie, unit_c1, tree):
    with pytest.raises(PermissionDenied):
        services.unit_add_building(user=charlie, unit=unit_c1, building=tree.building1)


# --- committees --------------------------------------------------------------------------------------


def _committee(carol, unit, start=dt.date(2021, 1, 1), end=dt.date(2026, 1, 1)):
    return services.committee_create(
        user=carol, unit=unit, kind="owners_committee", elected_on=start - dt.timedelta(days=10),
        term_start=start, term_end=end,
    )


@time_machine.travel(dt.datetime(2026, 6, 1, 9, tzinfo=dt.UTC))
def test_a_term_ended_without_election_is_flagged(carol, unit_c1):
    committee = _committee(carol, unit_c1)
    assert list(selectors.committees_awaiting_election(user=carol)) == [committee]
    assert selectors.committee_list(user=carol).get().needs_election is True
    # The new election clears the warning; the old term is history, not overdue.
    _committee(carol, unit_c1, start=dt.date(2026, 5, 1), end=dt.date(2031, 5, 1))
    assert list(selectors.committees_awaiting_election(user=carol)) == []


@time_machine.travel(dt.datetime(2025, 6, 1, 9, tzinfo=dt.UTC))
def test_a_running_term_is_not_flagged(carol, unit_c1):
    _committee(carol, unit_c1)
    assert not selectors.committees_awaiting_election(user=carol).exists()


def test_a_self_managed_unit_has_no_committee(carol, tree):
    unit = make_unit(tree.c1, None, name="自管院落")
    with pytest.raises(ValidationError, match="自管"):
        _committee(carol, unit)


def test_members_party_members_and_cross_appointments_are_counted(carol, unit_c1, member_c1):
    committee = _committee(carol, unit_c1, end=dt.date(2030, 1, 1))
    services.committee_member_add(user=carol, committee=committee, name="李红", committee_role="chair",
                                  party_member=member_c1, cross_appointment="community_committee",
                                  cross_post="社区居委会委员")
    services.committee_member_add(user=carol, committee=committee, name="张三")
    with pytest.raises(ValidationError, match="已有在任主任"):
        services.committee_member_add(user=carol, committee=committee, name="王五", committee_role="chair")
    with pytest.raises(ValidationError, match="兼任的职务"):
        services.committee_member_add(user=carol, committee=committee, name="赵六", cross_appointment="company_staff")
    row = selectors.committee_list(user=carol).get()
    assert (row.member_count, row.party_member_count, row.cross_count) == (2, 1, 1)


def test_the_term_must_end_after_it_starts(carol, unit_c1):
    with pytest.raises(ValidationError, match="届期"):
        _committee(carol, unit_c1, start=dt.date(2026, 1, 1), end=dt.date(2025, 1, 1))
    assert not Committee.objects.exists()


# --- 武房管家 ----------------------------------------------------------------------------------------


@time_machine.travel(dt.datetime(2026, 6, 1, 9, tzinfo=dt.UTC))
def test_a_service_is_charged_at_most_the_unified_fee(carol, tree):
    item = make_item(tree.district, fee="50")
    with pytest.raises(ValidationError, match=r"最多 100\.00 元"):
        services.record_create(
            user=carol, community=tree.c1, item=item, household=tree.household1, served_on=dt.date(2026, 5, 30),
            quantity=2, fee_charged=Decimal("120"),
        )
    record = services.record_create(
        user=carol, community=tree.c1, item=item, household=tree.household1, served_on=dt.date(2026, 5, 30),
        quantity=2, fee_charged=Decimal("100"),
    )
    assert record.created_by == carol


@time_machine.travel(dt.datetime(2026, 6, 1, 9, tzinfo=dt.UTC))
def test_an_item_of_another_street_does_not_apply(carol, tree):
    item = make_item(tree.s2)
    with pytest.raises(ValidationError, match="不提供"):
        services.record_create(
            user=carol, community=tree.c1, item=item, household=tree.household1, served_on=dt.date(2026, 5, 30),
            fee_charged=Decimal("10"),
        )


@time_machine.travel(dt.datetime(2026, 6, 1, 9, tzinfo=dt.UTC))
def test_a_household_of_another_community_is_refused(carol, tree):
    item = make_item(tree.district)
    far = Household.objects.create(building=Building.objects.create(grid=tree.grid3, name="杨园1栋"), unit="1")
    with pytest.raises(ValidationError, match="不在本社区"):
        services.record_create(
            user=carol, community=tree.c1, item=item, household=far, served_on=dt.date(2026, 5, 30),
            fee_charged=Decimal("10"),
        )


def test_only_the_district_or_a_street_sets_fees(carol, alice, tree):
    with pytest.raises(PermissionDenied):
        services.item_create(user=carol, owner=tree.s1, name="换水管", fee=Decimal("80"))
    with pytest.raises(ValidationError, match="区或街道"):
        services.item_create(user=carol, owner=tree.c1, name="换水管", fee=Decimal("80"))
    assert services.item_create(user=alice, owner=tree.s1, name="换水管", fee=Decimal("80")).pk


# --- scoping -----------------------------------------------------------------------------------------


def test_a_company_is_visible_where_it_serves(tree, charlie, carol, company):
    assert not selectors.company_list(user=charlie).exists()
    assert not selectors.company_list(user=carol).exists()  # registered by S1, serves nothing yet
    make_unit(tree.c3, company, name="杨园小区")
    assert list(selectors.company_list(user=charlie)) == [company]
    # Seeing is not editing: the registrar's area edits.
    with pytest.raises(PermissionDenied):
        services.company_update(user=charlie, company=company, name="改名")


def test_a_community_chooses_from_the_register_above(carol, charlie, company):
    assert list(selectors.company_choices(user=carol)) == [company]
    assert list(selectors.company_choices(user=charlie)) == []


def test_items_of_the_district_are_read_below_it(tree, carol, charlie):
    district_item = make_item(tree.district, name="家电维修")
    s1_item = make_item(tree.s1, name="换窗")
    assert set(selectors.item_list(user=carol)) == {district_item, s1_item}
    assert set(selectors.item_list(user=charlie)) == {district_item}
    assert not selectors.item_list(user=carol, action="edit").exists()


def test_units_follow_the_tree(tree, carol, charlie, unit_c1):
    assert list(selectors.unit_list(user=carol)) == [unit_c1]
    assert not selectors.unit_list(user=charlie).exists()


@pytest.mark.parametrize("mode", [m.value for m in ManagementMode if m != ManagementMode.SELF_MANAGED])
def test_committee_modes_allow_committees(carol, tree, company, mode):
    unit = make_unit(tree.c1, company if mode == "company" else None, management_mode=mode)
    assert _committee(carol, unit).pk
