"""Pledges must be specific and checkable; the loop pledge → fulfil → evaluate closes once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from services.models import Evaluation, Pledge
from services.selectors import pledge_stats_by_org
from services.services import fulfilment_record, pledge_create, pledge_evaluate, pledge_item_add, pledge_item_update

ITEM = {"content": "每月走访独居老人", "deadline": dt.date(2026, 5, 31), "target": "走访不少于10户"}


@pytest.fixture
def pledge(carol, member_c1):
    return pledge_create(user=carol, member=member_c1, year=2026, items=[ITEM])


def test_pledge_with_items_is_created_in_the_members_branch(pledge, member_c1):
    assert pledge.organization == member_c1.branch
    assert pledge.items.count() == 1


@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [({"deadline": None}, "deadline", "这个值不能为 null"), ({"target": "  "}, "target", "请填写可衡量的预期成效"),
     ({"deadline": dt.date(2027, 1, 5)}, "deadline", "完成时限必须在承诺年度2026年内")],
)
def test_item_without_deadline_or_measurable_result_or_outside_the_year_is_refused(carol, member_c1, change, field,
                                                                                   reason):
    with pytest.raises(ValidationError, match=reason) as exc:
        pledge_create(user=carol, member=member_c1, year=2026, items=[{**ITEM, **change}])
    assert field in exc.value.message_dict
    assert not Pledge.objects.exists()


def test_pledge_needs_an_item(carol, member_c1):
    with pytest.raises(ValidationError, match="承诺至少需要一项承诺事项"):
        pledge_create(user=carol, member=member_c1, year=2026, items=[])


def test_second_pledge_for_the_same_year_is_refused(pledge, carol, member_c1):
    with pytest.raises(ValidationError, match="已有2026年度承诺"):
        pledge_create(user=carol, member=member_c1, year=2026, items=[ITEM])


def test_outsider_cannot_pledge_for_a_member(charlie, member_c1):
    with pytest.raises(PermissionDenied, match="您不能修改本辖区以外的台账"):
        pledge_create(user=charlie, member=member_c1, year=2026, items=[ITEM])


def test_auditor_cannot_record_fulfilment(pledge, audrey):
    with pytest.raises(PermissionDenied, match="您不能修改本辖区以外的台账"):
        fulfilment_record(user=audrey, item=pledge.items.get(), done_on=dt.date(2026, 3, 1), description="x")


def test_fulfilment_outside_the_pledge_year_or_in_the_future_is_refused(pledge, gina):
    item = pledge.items.get()
    for day, reason in ((dt.date(2025, 12, 30), "践诺日期必须在承诺年度2026年内"),
                        (dt.date(2026, 6, 20), "日期不能晚于今天")):
        with pytest.raises(ValidationError, match=reason):
            fulfilment_record(user=gina, item=item, done_on=day, description="走访3户")


def test_evidence_file_type_and_content_are_checked(pledge, gina):
    item = pledge.items.get()
    fake_pdf = SimpleUploadedFile("证明.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError, match="文件内容与文件名不符"):
        fulfilment_record(user=gina, item=item, done_on=dt.date(2026, 3, 1), description="x", evidence_file=fake_pdf)
    exe = SimpleUploadedFile("run.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    with pytest.raises(ValidationError, match="不是允许的文件类型"):
        fulfilment_record(user=gina, item=item, done_on=dt.date(2026, 3, 1), description="x", evidence_file=exe)


def test_evidence_file_too_large_is_refused(pledge, gina, monkeypatch):
    monkeypatch.setattr("services.services.MAX_EVIDENCE_BYTES", 1024 * 1024)
    png = SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n" + b"0" * 1024 * 1024, content_type="image/png")
    with pytest.raises(ValidationError, match="超过 1 MB"):
        fulfilment_record(user=gina, item=pledge.items.get(), done_on=dt.date(2026, 3, 1), description="x",
                          evidence_file=png)


def test_evaluation_before_the_deadlines_pass_is_refused(carol, member_c1):
    pledge = pledge_create(user=carol, member=member_c1, year=2026,
                           items=[{**ITEM, "deadline": dt.date(2026, 11, 30)}])
    with pytest.raises(ValidationError, match="全部事项到期后方可评诺"):
        pledge_evaluate(user=carol, pledge=pledge, evaluation=Evaluation.FULFILLED)


def test_loop_pledge_fulfil_evaluate_closes_and_counts(pledge, carol, gina, tree, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    item = pledge.items.get()
    png = SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20, content_type="image/png")
    fulfilment_record(user=gina, item=item, done_on=dt.date(2026, 3, 1), description="走访独居老人5户",
                      evidence="走访记录表", evidence_file=png)
    fulfilment_record(user=gina, item=item, done_on=dt.date(2026, 5, 1), description="走访独居老人6户")
    pledge_evaluate(user=carol, pledge=pledge, evaluation=Evaluation.FULFILLED, note="按期兑现")
    pledge.refresh_from_db()
    assert pledge.evaluation == Evaluation.FULFILLED and pledge.evaluated_on == dt.date(2026, 6, 15)
    # Closed: no second evaluation, no late fulfilment, no new items.
    with pytest.raises(ValidationError, match="该承诺已经评诺"):
        pledge_evaluate(user=carol, pledge=pledge, evaluation=Evaluation.PARTLY)
    with pytest.raises(ValidationError, match="践诺记录须在评诺前登记"):
        fulfilment_record(user=gina, item=item, done_on=dt.date(2026, 6, 1), description="late")
    with pytest.raises(ValidationError, match="该承诺已评诺，不能再修改"):
        pledge_item_add(user=carol, pledge=pledge, **ITEM)
    stats = pledge_stats_by_org(user=carol, year=2026, depth=3)
    assert stats == {tree.c1.path: {"total": 1, "pledge_items": 1, "fulfilments": 2, "evaluated": 1, "fulfilled": 1,
                                    "partly": 0, "not_fulfilled": 0}}


def test_pledge_stats_are_three_queries_for_any_number_of_organisations(pledge, dana, django_assert_num_queries):
    with django_assert_num_queries(4):  # the grants, then pledges, items and records, each grouped
        stats = pledge_stats_by_org(user=dana, year=2026, depth=2)
    assert sum(row["total"] for row in stats.values()) == 1


def test_item_correction_keeps_the_rules_and_the_lock(pledge, carol, gina):
    item = pledge.items.get()
    with pytest.raises(ValidationError, match="完成时限必须在承诺年度2026年内"):
        pledge_item_update(user=carol, item=item, content="x", deadline=dt.date(2027, 1, 1), target="y", version=1)
    pledge_item_update(user=carol, item=item, content="每周走访", deadline=dt.date(2026, 5, 30), target="20户",
                       version=1)
    # gina read version 1 too: her save would overwrite carol's
    with pytest.raises(ValidationError, match="他人已修改此记录"):
        pledge_item_update(user=gina, item=item, content="每月走访", deadline=dt.date(2026, 5, 30), target="5户",
                           version=1)
    item.refresh_from_db()
    assert (item.content, item.target) == ("每周走访", "20户")


def test_evidence_is_downloaded_only_through_the_scoped_view(pledge, gina, carol, charlie, client, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    png = SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20, content_type="image/png")
    fulfilment = fulfilment_record(user=gina, item=pledge.items.get(), done_on=dt.date(2026, 3, 1),
                                   description="走访独居老人5户", evidence_file=png)
    url = f"/ledgers/fulfilment/{fulfilment.pk}/evidence/"
    client.force_login(carol)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png" and response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert url in client.get(f"/ledgers/pledges/{pledge.pk}/").content.decode()
    client.force_login(charlie)
    assert client.get(url).status_code == 404
