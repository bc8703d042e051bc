"""The 五星联创 process as services: every step, every refusal, notice and objection timing."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from notifications.models import Notification
from stars import services, tasks
from stars.models import ObjectionStatus, StarApplication, StarDefinition, Status

from .factories import definition, draft, in_notice, pdf, reviewed, star_year, submitted

pytestmark = pytest.mark.django_db


# --- years and definitions --------------------------------------------------------------------


def test_first_year_starts_with_the_five_named_stars_at_20000(dana):
    year = star_year(dana, 2026)
    stars = list(year.definitions.order_by("position").values_list("name", "amount"))
    assert [n for n, _ in stars] == [
        "组织建设先锋星", "共建共治融合星", "基础保障有力星", "服务群众满意星", "宜居稳定幸福星"
    ]
    assert {a for _, a in stars} == {Decimal("20000")}
    assert year.notice_days == 5


def test_a_new_year_copies_last_years_definitions(dana, year2026):
    services.definition_update(user=dana, definition=definition(2026, "liveable"), amount=Decimal("30000"),
                               criteria="无重大安全事故")
    services.star_year_update(user=dana, star_year=year2026, notice_days=7)
    year = star_year(dana, 2027)
    copied = year.definitions.get(code="liveable")
    assert (copied.amount, copied.criteria, year.notice_days) == (Decimal("30000"), "无重大安全事故", 7)
    assert year.definitions.count() == 5


def test_a_year_cannot_be_started_twice(dana, year2026):
    with pytest.raises(ValidationError, match="已经设置"):
        star_year(dana, 2026)


def test_only_the_district_sets_the_stars(alice, tree, dana, year2026):
    with pytest.raises(PermissionDenied, match="只有区级"):
        star_year(alice, 2027)
    with pytest.raises(PermissionDenied, match="只有区级"):
        services.definition_update(user=alice, definition=definition(), amount=Decimal("1"))


def test_definitions_freeze_on_the_first_award(tree, dana, alice, carol, year2026, clock):
    in_notice(carol, alice, dana, tree.c1)
    clock.shift(timedelta(days=6))
    assert services.notices_close_due() == 1
    with pytest.raises(ValidationError, match="已冻结"):
        services.definition_update(user=dana, definition=definition(), amount=Decimal("1"))
    with pytest.raises(ValidationError, match="已冻结"):
        services.definition_create(user=dana, star_year=year2026, code="new", name="新星")


# --- the happy path and its record ------------------------------------------------------------


def test_the_full_path_records_every_step_with_actor_and_comment(tree, dana, alice, carol, year2026, clock):
    app = draft(carol, tree.c1)
    services.evidence_add(user=carol, application=app, upload=pdf())
    app = services.application_submit(user=carol, application=app, comment="请审核")
    app = services.application_pass(user=alice, application=app, comment="材料齐全")
    app = services.application_approve(user=dana, application=app, comment="同意")
    assert app.status == Status.NOTICE
    assert app.notice_ends_at - app.notice_starts_at == timedelta(days=5)
    clock.shift(timedelta(days=5))
    assert services.notices_close_due() == 1
    app.refresh_from_db()
    assert (app.status, app.amount) == (Status.AWARDED, Decimal("20000"))
    steps = list(app.steps.values_list("status", "actor__username", "comment"))
    assert steps == [
        ("submitted", "carol", "请审核"), ("reviewed", "alice", "材料齐全"), ("notice", "dana", "同意"),
        ("awarded", None, "公示期满，无异议。"),
    ]


def test_notice_length_follows_the_years_setting(tree, dana, alice, carol, year2026):
    services.star_year_update(user=dana, star_year=year2026, notice_days=7)
    app = in_notice(carol, alice, dana, tree.c1)
    assert app.notice_ends_at - app.notice_starts_at == timedelta(days=7)


def test_the_award_task_is_safe_to_run_twice(tree, dana, alice, carol, year2026, clock):
    in_notice(carol, alice, dana, tree.c1)
    clock.shift(timedelta(days=5, seconds=1))
    assert tasks.close_due_notices() == 1
    assert tasks.close_due_notices() == 0
    app = StarApplication.objects.get()
    assert app.steps.filter(status=Status.AWARDED).count() == 1


def test_nothing_is_awarded_before_the_notice_ends(tree, dana, alice, carol, year2026, clock):
    in_notice(carol, alice, dana, tree.c1)
    clock.shift(timedelta(days=4, hours=23))
    assert services.notices_close_due() == 0
    assert StarApplication.objects.get().status == Status.NOTICE


# --- refusals -----------------------------------------------------------------------------------


def test_one_application_per_community_star_and_year(tree, carol, year2026):
    draft(carol, tree.c1)
    with pytest.raises(ValidationError, match="已申报"):
        draft(carol, tree.c1)


def test_an_empty_application_cannot_be_submitted(tree, carol, year2026):
    app = services.application_create(user=carol, community=tree.c1, definition=definition())
    with pytest.raises(ValidationError, match="提交前"):
        services.application_submit(user=carol, application=app)


def test_only_the_communitys_secretary_applies_and_submits(tree, carol, carol2, alice, year2026):
    with pytest.raises(PermissionDenied, match="社区书记"):
        draft(carol2, tree.c1)
    with pytest.raises(PermissionDenied, match="社区书记"):
        draft(alice, tree.c1)
    app = draft(carol, tree.c1)
    with pytest.raises(PermissionDenied, match="社区书记"):
        services.application_submit(user=alice, application=app)


def test_a_community_cannot_review(tree, carol, year2026):
    app = submitted(carol, tree.c1)
    with pytest.raises(PermissionDenied, match="街道"):
        services.application_pass(user=carol, application=app)


def test_a_street_of_another_area_cannot_review(tree, carol, charlie, year2026):
    app = submitted(carol, tree.c1)
    with pytest.raises(PermissionDenied, match="街道"):
        services.application_pass(user=charlie, application=app)


def test_a_street_cannot_decide(tree, carol, alice, year2026):
    app = reviewed(carol, alice, tree.c1)
    with pytest.raises(PermissionDenied, match="只有区级"):
        services.application_approve(user=alice, application=app)
    with pytest.raises(PermissionDenied, match="只有区级"):
        services.application_reject(user=alice, application=app, comment="x")


def test_the_district_cannot_approve_what_the_street_has_not_passed(tree, carol, dana, year2026):
    app = submitted(carol, tree.c1)
    with pytest.raises(ValidationError, match="街道审核通过"):
        services.application_approve(user=dana, application=app)


def test_a_submitted_application_cannot_be_edited(tree, carol, year2026):
    app = submitted(carol, tree.c1)
    with pytest.raises(ValidationError, match="只有草稿"):
        services.application_update(user=carol, application=app, evidence_text="改")
    with pytest.raises(ValidationError, match="只有草稿"):
        services.evidence_add(user=carol, application=app, upload=pdf())


def test_evidence_is_checked_by_content(tree, carol, year2026):
    app = draft(carol, tree.c1)
    fake = SimpleUploadedFile("材料.pdf", b"<html><script>x</script></html>", content_type="application/pdf")
    with pytest.raises(ValidationError, match="不是允许的文件类型"):
        services.evidence_add(user=carol, application=app, upload=fake)


def test_a_stale_version_is_refused(tree, carol, alice, year2026):
    app = submitted(carol, tree.c1)
    with pytest.raises(ValidationError, match="他人已修改"):
        services.application_pass(user=alice, application=app, version=app.version - 1)


# --- send back, reject, revoke ----------------------------------------------------------------


def test_send_back_needs_a_reason_the_community_sees(tree, carol, alice, year2026):
    app = submitted(carol, tree.c1)
    with pytest.raises(ValidationError, match="说明理由"):
        services.application_send_back(user=alice, application=app, comment=" ")
    app = services.application_send_back(user=alice, application=app, comment="缺少活动照片")
    assert (app.status, app.reason) == (Status.RETURNED, "缺少活动照片")
    services.application_update(user=carol, application=app, evidence_text="补充了照片")
    app = services.application_submit(user=carol, application=app)
    assert (app.status, app.reason) == (Status.SUBMITTED, "")


def test_reject_needs_a_reason(tree, carol, alice, dana, year2026):
    app = reviewed(carol, alice, tree.c1)
    with pytest.raises(ValidationError, match="说明理由"):
        services.application_reject(user=dana, application=app, comment="")
    app = services.application_reject(user=dana, application=app, comment="群众满意度不足")
    assert (app.status, app.reason) == (Status.REJECTED, "群众满意度不足")
    with pytest.raises(ValidationError, match="只有街道审核通过"):
        services.application_approve(user=dana, application=app)


def test_revocation_keeps_the_history(tree, carol, alice, dana, year2026, clock):
    app = in_notice(carol, alice, dana, tree.c1)
    with pytest.raises(ValidationError, match="只有已授予"):
        services.application_revoke(user=dana, application=app, comment="x")
    clock.shift(timedelta(days=6))
    services.notices_close_due()
    app.refresh_from_db()
    with pytest.raises(PermissionDenied, match="只有区级"):
        services.application_revoke(user=alice, application=app, comment="发生安全事故")
    app = services.application_revoke(user=dana, application=app, comment="发生安全事故", revoked_on=date(2026, 8, 1))
    assert (app.status, app.revoked_on, app.reason) == (Status.REVOKED, date(2026, 8, 1), "发生安全事故")
    assert list(app.steps.values_list("status", flat=True))[-2:] == ["awarded", "revoked"]


# --- objections and the notice timing ---------------------------------------------------------


def test_an_objection_pauses_the_notice_past_its_end(tree, carol, alice, dana, gina, year2026, clock):
    app = in_notice(carol, alice, dana, tree.c1)
    clock.shift(timedelta(days=4))
    services.objection_lodge(user=gina, application=app, text="活动照片是去年的")
    app.refresh_from_db()
    assert app.status == Status.OBJECTED
    clock.shift(timedelta(days=3))  # past the original end
    assert services.notices_close_due() == 0
    assert StarApplication.objects.get().status == Status.OBJECTED


def test_the_objector_is_not_recorded_on_the_timeline(tree, carol, alice, dana, gina, year2026):
    app = in_notice(carol, alice, dana, tree.c1)
    services.objection_lodge(user=gina, application=app, text="有异议")
    step = app.steps.get(status=Status.OBJECTED)
    assert step.actor is None


def test_a_dismissed_objection_resumes_the_notice_for_the_days_left(tree, carol, alice, dana, gina, year2026, clock):
    app = in_notice(carol, alice, dana, tree.c1)
    original_end = app.notice_ends_at
    clock.shift(timedelta(days=4))
    objection = services.objection_lodge(user=gina, application=app, text="有异议")
    clock.shift(timedelta(days=3))
    services.objection_decide(user=dana, objection=objection, uphold=False, reason="经核实不属实")
    app.refresh_from_db()
    assert app.status == Status.NOTICE
    assert app.notice_ends_at == original_end + timedelta(days=3)
    clock.shift(timedelta(days=1) - timedelta(minutes=1))
    assert services.notices_close_due() == 0
    clock.shift(timedelta(minutes=1))
    assert services.notices_close_due() == 1


def test_an_upheld_objection_refuses_the_star(tree, carol, alice, dana, gina, year2026, clock):
    app = in_notice(carol, alice, dana, tree.c1)
    objection = services.objection_lodge(user=gina, application=app, text="有异议")
    services.objection_decide(user=dana, objection=objection, uphold=True, reason="情况属实")
    app.refresh_from_db()
    assert (app.status, app.reason) == (Status.REFUSED, "情况属实")
    clock.shift(timedelta(days=10))
    assert services.notices_close_due() == 0


def test_the_notice_stays_paused_while_another_objection_is_open(tree, carol, alice, dana, gina, year2026):
    app = in_notice(carol, alice, dana, tree.c1)
    first = services.objection_lodge(user=gina, application=app, text="异议一")
    app.refresh_from_db()
    services.objection_lodge(user=alice, application=app, text="异议二")
    services.objection_decide(user=dana, objection=first, uphold=False, reason="不属实")
    assert StarApplication.objects.get().status == Status.OBJECTED


def test_objections_only_during_the_notice(tree, carol, alice, dana, gina, year2026):
    app = reviewed(carol, alice, tree.c1)
    with pytest.raises(ValidationError, match="公示期间"):
        services.objection_lodge(user=gina, application=app, text="有异议")


def test_only_the_district_decides_an_objection_and_only_once(tree, carol, alice, dana, gina, year2026):
    app = in_notice(carol, alice, dana, tree.c1)
    objection = services.objection_lodge(user=gina, application=app, text="有异议")
    with pytest.raises(PermissionDenied, match="只有区级"):
        services.objection_decide(user=alice, objection=objection, uphold=True, reason="x")
    services.objection_decide(user=dana, objection=objection, uphold=False, reason="不属实")
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.DISMISSED
    with pytest.raises(ValidationError, match="已经处理"):
        services.objection_decide(user=dana, objection=objection, uphold=True, reason="x")


# --- notifications ------------------------------------------------------------------------------


def _inbox(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user, read_at__isnull=True).values_list("kind", flat=True))


def test_whoever_must_act_next_is_notified(tree, carol, alice, charlie, dana, gina, year2026):
    app = submitted(carol, tree.c1)
    assert _inbox(alice) == ["star_application"] and _inbox(charlie) == [] and _inbox(dana) == []
    app = services.application_pass(user=alice, application=app)
    assert _inbox(dana) == ["star_application"]
    assert _inbox(alice) == []  # the street's step is taken
    app = services.application_approve(user=dana, application=app)
    assert _inbox(carol) == ["star_application"]
    services.objection_lodge(user=gina, application=app, text="有异议")
    assert _inbox(dana) == ["star_application"]


def test_star_definitions_are_per_year(dana, year2026):
    star_year(dana, 2027)
    assert StarDefinition.objects.filter(code="organisation").count() == 2
