"""星级争创: self-assessment, rating by the level above, review by the level above that, with the
refusals a wrong hand or a wrong state meets, and the year-on-year movement."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from campaigns import selectors, services
from campaigns.models import GradeStatus, StarGrade
from campaigns.todo import awaiting_user
from tests.organizations.factories import MemberFactory

pytestmark = pytest.mark.django_db


def grid_grade(gina, tree, year=2026, grade=4):
    return services.grade_self_assess(user=gina, year=year, organization=tree.g1, self_grade=grade,
                                      self_summary="学习全覆盖")


def test_grid_branch_grade_is_rated_by_its_community_and_reviewed_by_its_street(gina, carol, alice, tree):
    grade = grid_grade(gina, tree)
    assert grade.status == GradeStatus.SELF_ASSESSED
    services.grade_rate(user=carol, grade=grade, rated_grade=3, comment="台账不全")
    assert grade.status == GradeStatus.RATED and grade.rated_grade == 3 and grade.rated_by == carol
    services.grade_review(user=alice, grade=grade, final_grade=3, comment="同意")
    grade.refresh_from_db()
    assert (grade.status, grade.grade, grade.reviewed_by) == (GradeStatus.REVIEWED, 3, alice)


def test_the_grid_worker_cannot_rate_and_the_community_cannot_review(gina, carol, tree):
    grade = grid_grade(gina, tree)
    with pytest.raises(PermissionDenied, match="上一级组织可以评定"):
        services.grade_rate(user=gina, grade=grade, rated_grade=4)
    services.grade_rate(user=carol, grade=grade, rated_grade=4)
    with pytest.raises(PermissionDenied, match="上一级组织可以审核"):
        services.grade_review(user=carol, grade=grade, final_grade=4)


def test_a_community_grade_is_rated_by_the_street_and_reviewed_by_the_district(carol, alice, dana, tree):
    grade = services.grade_self_assess(user=carol, year=2026, organization=tree.c1, self_grade=5, self_summary="好")
    with pytest.raises(PermissionDenied):
        services.grade_rate(user=carol, grade=grade, rated_grade=5)
    services.grade_rate(user=alice, grade=grade, rated_grade=4)
    with pytest.raises(PermissionDenied):
        services.grade_review(user=alice, grade=grade, final_grade=4)
    services.grade_review(user=dana, grade=grade, final_grade=4)
    assert grade.grade == 4


def test_an_outsider_street_cannot_self_assess_or_rate(charlie, gina, tree):
    with pytest.raises(PermissionDenied, match="自评"):
        services.grade_self_assess(user=charlie, year=2026, organization=tree.g1, self_grade=3, self_summary="x")
    grade = grid_grade(gina, tree)
    with pytest.raises(PermissionDenied):
        services.grade_rate(user=charlie, grade=grade, rated_grade=3)


def test_steps_out_of_order_are_refused_in_words(gina, carol, alice, tree):
    grade = grid_grade(gina, tree)
    with pytest.raises(ValidationError, match="只有已评定的星级可以审核"):
        services.grade_review(user=alice, grade=grade, final_grade=4)
    services.grade_rate(user=carol, grade=grade, rated_grade=4)
    with pytest.raises(ValidationError, match="只有已自评的星级可以评定"):
        services.grade_rate(user=carol, grade=grade, rated_grade=4)
    with pytest.raises(ValidationError, match="不能重新自评"):
        services.grade_self_revise(user=gina, grade=grade, self_grade=5, self_summary="再评")


def test_a_send_back_needs_a_reason_and_reopens_the_self_assessment(gina, carol, alice, tree):
    grade = grid_grade(gina, tree)
    services.grade_rate(user=carol, grade=grade, rated_grade=5)
    with pytest.raises(ValidationError, match="退回理由"):
        services.grade_send_back(user=alice, grade=grade, reason=" ")
    services.grade_send_back(user=alice, grade=grade, reason="评定偏高")
    grade.refresh_from_db()
    assert grade.status == GradeStatus.SELF_ASSESSED and grade.rated_grade is None
    services.grade_self_revise(user=gina, grade=grade, self_grade=3, self_summary="重新自评")
    assert StarGrade.objects.get(pk=grade.pk).self_grade == 3


def test_one_grade_per_subject_and_year_and_grades_are_one_to_five(gina, carol, tree):
    grade = grid_grade(gina, tree)
    with pytest.raises(ValidationError, match="已有星级评定"):
        grid_grade(gina, tree)
    with pytest.raises(ValidationError, match="一至五星"):
        services.grade_rate(user=carol, grade=grade, rated_grade=6)
    with pytest.raises(ValidationError):
        services.grade_self_assess(user=carol, year=2026, organization=tree.b1, self_grade=3, self_summary="x")


def test_a_member_is_rated_by_the_branch_and_reviewed_by_the_level_above_it(gina, carol, alice, tree):
    member = MemberFactory(branch=tree.g1)
    grade = services.grade_self_assess(user=gina, year=2026, member=member, self_grade=4, self_summary="亮身份")
    assert grade.organization == tree.g1
    services.grade_rate(user=gina, grade=grade, rated_grade=4)
    with pytest.raises(PermissionDenied):
        services.grade_review(user=gina, grade=grade, final_grade=4)
    services.grade_review(user=carol, grade=grade, final_grade=5)
    assert selectors.latest_grade(member=member).grade == 5
    assert selectors.latest_grade(organization=tree.g1) is None


def _reviewed(user_self, rater, reviewer, org, year, value):
    grade = services.grade_self_assess(user=user_self, year=year, organization=org, self_grade=value,
                                       self_summary="x")
    services.grade_rate(user=rater, grade=grade, rated_grade=value)
    return services.grade_review(user=reviewer, grade=grade, final_grade=value)


def test_the_list_compares_each_grade_with_last_year(gina, carol, alice, tree):
    _reviewed(gina, carol, alice, tree.g1, 2025, 3)
    _reviewed(gina, carol, alice, tree.g1, 2026, 4)
    this_year = selectors.grade_list(user=alice).get(year=2026)
    assert this_year.previous_org_grade == 3
    assert selectors.grade_list(user=alice).get(year=2025).previous_org_grade is None


def test_distribution_counts_reviewed_grades_and_those_under_way(gina, carol, alice, charlie, tree):
    _reviewed(gina, carol, alice, tree.g1, 2026, 4)
    member = MemberFactory(branch=tree.g1)
    services.grade_self_assess(user=gina, year=2026, member=member, self_grade=2, self_summary="x")
    dist = selectors.grade_distribution(user=alice, year=2026)
    assert dist["table"]["organizations"] == {1: 0, 2: 0, 3: 0, 4: 1, 5: 0}
    assert dist["pending"] == {"organizations": 0, "members": 1}
    assert selectors.grade_distribution(user=charlie, year=2026)["table"]["organizations"][4] == 0


def test_the_to_do_list_offers_each_grade_to_the_next_hand_only(gina, carol, alice, charlie, tree):
    grade = grid_grade(gina, tree)
    assert list(awaiting_user(carol)) == [grade]
    assert list(awaiting_user(gina)) == []
    assert list(awaiting_user(alice)) == [grade]  # the street holds the community's hand too
    assert list(awaiting_user(charlie)) == []
    services.grade_rate(user=carol, grade=grade, rated_grade=4)
    assert list(awaiting_user(carol)) == []
    assert list(awaiting_user(alice)) == [grade]
