"""Co-building rules: claims by a unit of the street, confirmation by the community, secretary-led
projects and the warning below two, reports reviewed by the street."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cobuilding import services
from cobuilding.models import ItemStatus
from cobuilding.selectors import secretaries_below_minimum


@pytest.fixture
def project(tree, carol):
    return services.item_create(user=carol, organization=tree.c1, kind="project", title="老旧小区加装电梯")


def test_a_unit_of_the_street_claims_a_project_with_its_commitment(tree, carol, project, hospital):
    services.project_claim(user=carol, item=project, unit=hospital, commitment="每月义诊一次")
    project.refresh_from_db()
    assert (project.status, project.unit, project.commitment) == (ItemStatus.CLAIMED, hospital, "每月义诊一次")
    assert project.claimed_at is not None


def test_claim_refused_for_a_unit_of_another_street_without_commitment_or_twice(tree, carol, project, hospital,
                                                                             factory_s2):
    with pytest.raises(ValidationError, match="其他街道"):
        services.project_claim(user=carol, item=project, unit=factory_s2, commitment="x")
    with pytest.raises(ValidationError, match="承诺"):
        services.project_claim(user=carol, item=project, unit=hospital, commitment="  ")
    services.project_claim(user=carol, item=project, unit=hospital, commitment="义诊")
    with pytest.raises(ValidationError, match="只有待认领的项目"):
        services.project_claim(user=carol, item=project, unit=hospital, commitment="义诊")


def test_needs_and_resources_are_not_claimed(tree, carol, hospital):
    need = services.item_create(user=carol, organization=tree.c1, kind="need", title="助老送餐")
    with pytest.raises(ValidationError, match="只有项目"):
        services.project_claim(user=carol, item=need, unit=hospital, commitment="x")


def test_progress_then_the_community_confirms_completion(tree, carol, gina, project, hospital):
    with pytest.raises(ValidationError, match="已认领"):
        services.progress_report(user=carol, item=project, percent=10, note="开工")
    services.project_claim(user=carol, item=project, unit=hospital, commitment="出资")
    services.progress_report(user=carol, item=project, percent=60, note="完成设计")
    with pytest.raises(PermissionDenied, match="社区或街道"):
        services.project_confirm(user=gina, item=project)
    services.project_confirm(user=carol, item=project)
    project.refresh_from_db()
    assert project.status == ItemStatus.COMPLETED and project.completed_at
    with pytest.raises(ValidationError, match="未完成的项目"):
        services.progress_report(user=carol, item=project, percent=100, note="x")


def test_lists_belong_to_streets_and_communities(tree, gina, charlie):
    with pytest.raises(ValidationError, match="街道或社区"):
        services.item_create(user=gina, organization=tree.g1, kind="need", title="x")
    with pytest.raises(PermissionDenied):
        services.item_create(user=charlie, organization=tree.c1, kind="need", title="x")


def test_secretaries_leading_fewer_than_two_projects_are_flagged(tree, alice, carol):
    def lead(org, user, n):
        for i in range(n):
            services.secretary_project_create(user=user, organization=org, year=2026, secretary="书记",
                                              title=f"项目{i}", problems="p", tasks="t", responsibilities="r")
    lead(tree.s1, alice, 2)
    lead(tree.c1, carol, 1)
    flagged = {row["name"]: row["led"] for row in secretaries_below_minimum(user=alice, year=2026)}
    assert flagged == {tree.c1.name: 1, tree.c2.name: 0}


def test_secretary_project_completes_after_its_milestones(tree, carol):
    project = services.secretary_project_create(user=carol, organization=tree.c1, year=2026, secretary="刘书记",
                                                title="停车难治理", problems="p", tasks="t", responsibilities="r")
    milestone = services.milestone_add(user=carol, project=project, title="方案", due_on=dt.date(2026, 7, 1))
    with pytest.raises(ValidationError, match="节点"):
        services.secretary_project_complete(user=carol, project=project)
    services.milestone_done(user=carol, milestone=milestone)
    services.secretary_project_complete(user=carol, project=project)
    assert project.status == "completed" and project.completed_on == dt.date(2026, 6, 20)


def test_grid_branches_do_not_lead_secretary_projects(tree, gina):
    with pytest.raises(ValidationError, match="书记"):
        services.secretary_project_create(user=gina, organization=tree.g1, year=2026, secretary="x", title="x",
                                          problems="p", tasks="t", responsibilities="r")


def test_report_is_filed_once_a_year_and_reviewed_by_the_street(tree, alice, carol, hospital):
    report = services.report_file(user=alice, unit=hospital, year=2025, summary="履行社会责任情况")
    with pytest.raises(ValidationError):
        services.report_file(user=alice, unit=hospital, year=2025, summary="again")
    with pytest.raises(PermissionDenied, match="街道"):
        services.report_review(user=carol, report=report, accept=True)
    with pytest.raises(ValidationError, match="修改"):
        services.report_review(user=alice, report=report, accept=False)
    services.report_review(user=alice, report=report, accept=False, note="补充志愿服务数据")
    services.report_refile(user=alice, report=report, summary="补充后")
    services.report_review(user=alice, report=report, accept=True)
    report.refresh_from_db()
    assert (report.status, report.reviewed_by) == ("accepted", alice)


def test_report_for_a_future_year_is_refused(tree, alice, hospital):
    with pytest.raises(ValidationError, match="不能晚于今年"):
        services.report_file(user=alice, unit=hospital, year=2027, summary="x")
