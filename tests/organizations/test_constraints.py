"""What the database itself enforces, whatever code writes the rows."""

import pytest
from django.db import IntegrityError, transaction

from organizations.models import Level, Organization, OrgType
from organizations.validators import validate_id_number
from partybuild.personal import mask_id_number
from tests.organizations.factories import MemberFactory, valid_id_number


def test_database_refuses_a_grid_directly_under_a_street(tree):
    with pytest.raises(IntegrityError, match="org_level_matches_depth"), transaction.atomic():
        Organization.objects.add_child(tree.s1, instance=Organization(code="X", name="x", level=Level.GRID))


def test_database_refuses_a_community_without_a_type(tree):
    with pytest.raises(IntegrityError, match="org_type_matches_level"), transaction.atomic():
        Organization.objects.add_child(
            tree.s1, instance=Organization(code="X", name="x", level=Level.COMMUNITY, org_type=OrgType.STANDARD)
        )


def test_database_refuses_a_temporary_branch_without_end_date(tree):
    with pytest.raises(IntegrityError, match="org_temporary_has_end_date"), transaction.atomic():
        Organization.objects.add_child(
            tree.c1,
            instance=Organization(code="X", name="x", level=Level.SPECIAL, org_type=OrgType.TEMPORARY_BRANCH),
        )


def test_database_refuses_two_open_membership_periods(tree, member_c1):
    refused = r"one_open_period_per_member|membershipperiod\.member_id"  # PostgreSQL names it, SQLite the column
    with pytest.raises(IntegrityError, match=refused), transaction.atomic():
        member_c1.periods.create(organization=tree.c1, started_on="2020-01-01")


def test_id_number_is_unique(tree, member_c1):
    with pytest.raises(IntegrityError, match="id_number"), transaction.atomic():
        MemberFactory(branch=tree.g1, id_number=member_c1.id_number)


@pytest.mark.parametrize("value", ["11010519491231002X", "440524188001010014"])
def test_gb11643_accepts_real_check_digits(value):
    validate_id_number(value)


@pytest.mark.parametrize(
    ("value", "reason"),
    [("110105194912310021", "校验码错误"), ("11010519491331002X", "出生日期不是有效日期"),
     ("1101051949123100", "应为17位数字加1位校验码"), ("ABCDEFGHIJKLMNOPQR", "应为17位数字加1位校验码")],
)
def test_gb11643_refuses_bad_numbers(value, reason):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match=reason):
        validate_id_number(value)


def test_generated_numbers_pass_and_mask_keeps_only_province_and_check_character():
    number = valid_id_number()
    validate_id_number(number)
    assert mask_id_number("11010519491231002X") == "11***************X"
