"""The co-building workbook of a scope (three lists, claims with their latest progress, secretary-led
projects; formula-safe cells) and evidence files on list entries (checked by content, private,
downloaded through the scoped view)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from cobuilding import services
from cobuilding.models import ItemEvidence
from tests import export_readback

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path


@pytest.fixture
def lists(tree, carol, alice, hospital, factory_s2, dana):
    """C1: a need (its title starts like a formula), a resource and two projects, one claimed with two
    progress reports; S2 (outside alice's street): a project; S1's secretary leads one project."""
    services.item_create(user=carol, organization=tree.c1, kind="need", title="=HYPERLINK(\"x\")加装电梯")
    services.item_create(user=carol, organization=tree.c1, kind="resource", title="会议室周末开放", unit=hospital)
    services.item_create(user=carol, organization=tree.c1, kind="project", title="四点半课堂共建")
    claimed = services.item_create(user=carol, organization=tree.c1, kind="project", title="爱心助餐点共建")
    services.project_claim(user=carol, item=claimed, unit=hospital, commitment="开放职工食堂为老人助餐")
    services.progress_report(user=carol, item=claimed, percent=30, note="选址", reported_on=dt.date(2026, 3, 1))
    services.progress_report(user=carol, item=claimed, percent=70, note="试运行", reported_on=dt.date(2026, 5, 1))
    services.item_create(user=dana, organization=tree.c3, kind="project", title="杨园共享停车")
    project = services.secretary_project_create(
        user=alice, organization=tree.s1, year=2026, secretary="王书记", title="红色物业全覆盖",
        problems="物业缺位", tasks="成立业委会", responsibilities="街道牵头")
    services.milestone_add(user=alice, project=project, title="摸底调研", due_on=dt.date(2026, 3, 1))
    return claimed


def _sheets(response) -> dict[str, list[tuple]]:
    """Each sheet's rows from its column titles on (below the title row)."""
    book = load_workbook(io.BytesIO(response.content))
    return {sheet.title: list(sheet.iter_rows(values_only=True))[1:] for sheet in book.worksheets}


def test_workbook_has_the_three_lists_claims_and_projects_of_the_scope(client, alice, lists,
                                                                       django_assert_num_queries):
    client.force_login(alice)
    # session, user, grants, the two counts that decide background or not, the area named in the title,
    # entries, claims (latest progress as a subquery), secretary projects (milestones counted), the export's
    # record: 10 whatever the number of rows (a read writes no session and opens no transaction)
    with django_assert_num_queries(10):
        response = client.get(reverse("cobuilding:export"))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    sheets = _sheets(response)
    assert list(sheets) == ["需求清单", "资源清单", "项目清单", "认领情况", "书记领办项目"]
    assert sheets["需求清单"][0][:3] == ("序号", "街道或社区", "名称")
    # A title that starts like a formula stays text.
    assert sheets["需求清单"][1][2] == "'=HYPERLINK(\"x\")加装电梯"
    assert sheets["资源清单"][1][4] == "武汉市第七医院"
    projects = {row[2] for row in sheets["项目清单"][1:]}
    assert projects == {"四点半课堂共建", "爱心助餐点共建"}  # S2's project is outside alice's street
    claims = sheets["认领情况"][1:]
    assert len(claims) == 1
    number, org, title, unit, commitment, _claimed, percent, *_rest = claims[0]
    assert (number, org, title, unit) == (1, "西城壕社区党委", "爱心助餐点共建", "武汉市第七医院")
    assert (commitment, percent) == ("开放职工食堂为老人助餐", 70)
    assert sheets["书记领办项目"][1][1:6] == (2026, "中华路街道党工委", "王书记", "红色物业全覆盖", "0/1")


def test_export_is_a_formatted_workbook_named_for_the_area(client, alice, lists):
    client.force_login(alice)
    response = client.get(reverse("cobuilding:export"))
    export_readback.assert_formatted(response, sheet="需求清单", title="中华路街道党工委 需求清单（",
                                     file_start="共驻共建清单-中华路街道党工委-")
    book = export_readback.read(response)
    assert book["书记领办项目"]["A1"].value.startswith("中华路街道党工委 书记领办项目（")
    assert book["认领情况"].freeze_panes == "A3"
    assert export_readback.last_record(alice, "cobuilding:export").filename.startswith("共驻共建清单-")


def test_outsider_exports_only_their_own_area(client, charlie, lists):
    client.force_login(charlie)
    sheets = _sheets(client.get(reverse("cobuilding:export")))
    assert [row[2] for row in sheets["项目清单"][1:]] == ["杨园共享停车"]
    assert sheets["需求清单"][1:] == [] and sheets["认领情况"][1:] == []


def test_large_export_goes_to_the_background(client, alice, lists, settings, django_capture_on_commit_callbacks,
                                             eager_celery):
    settings.EXPORT_SYNC_ROW_LIMIT = 3
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("cobuilding:export"))
    from audit.models import ExportJob

    job = ExportJob.objects.get()
    # 4 entries of alice's street and 1 secretary-led project
    assert response.status_code == 302 and response["Location"] == reverse("audit:export-job", args=[job.pk])
    assert (job.user, job.total_rows) == (alice, 5)
    job.refresh_from_db()
    assert job.status == "done", job.status  # eager Celery ran the view again as the worker: the same workbook
    assert "认领情况" in load_workbook(job.file.open("rb")).sheetnames


def test_evidence_is_checked_stored_privately_and_downloaded_in_scope(client, tree, carol, alice, charlie, lists):
    client.force_login(carol)
    url = reverse("cobuilding:evidence-add", args=[lists.pk])
    client.post(url, {"kind": "agreement", "file": SimpleUploadedFile("认领协议.pdf", PDF)})
    evidence = ItemEvidence.objects.get()
    assert evidence.file.name.startswith("cobuilding/evidence/") and "认领协议" not in evidence.file.name
    assert (evidence.content_type, evidence.original_name, evidence.uploaded_by) == (
        "application/pdf", "认领协议.pdf", carol)
    fake = SimpleUploadedFile("照片.jpg", b"<html><script>alert(1)</script></html>")
    refused = client.post(url, {"kind": "photo", "file": fake}, follow=True)
    assert ItemEvidence.objects.count() == 1
    assert "文件" in " ".join(str(m) for m in refused.context["messages"])
    detail = client.get(reverse("cobuilding:item-detail", args=[lists.pk])).content.decode()
    assert "认领协议.pdf" in detail and reverse("cobuilding:evidence-download", args=[evidence.pk]) in detail
    client.force_login(alice)
    download = client.get(reverse("cobuilding:evidence-download", args=[evidence.pk]))
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == PDF
    client.force_login(charlie)
    assert client.get(reverse("cobuilding:evidence-download", args=[evidence.pk])).status_code == 404
    assert client.post(url, {"kind": "photo", "file": SimpleUploadedFile("a.pdf", PDF)}).status_code == 404


def test_evidence_on_a_closed_entry_and_by_an_auditor_is_refused(tree, carol, audrey, lists):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.evidence_add(user=audrey, item=lists, kind="photo", upload=SimpleUploadedFile("a.pdf", PDF))
    need = services.item_create(user=carol, organization=tree.c1, kind="need", title="停车难")
    services.item_close(user=carol, item=need)
    need.refresh_from_db()
    with pytest.raises(ValidationError, match="该条目已关闭"):
        services.evidence_add(user=carol, item=need, kind="photo", upload=SimpleUploadedFile("a.pdf", PDF))


def test_oversized_evidence_is_refused_before_it_is_read(carol, lists):
    class Oversized:
        size = 50 * 1024 * 1024
        name = "大文件.pdf"

        def read(self, *args):
            raise AssertionError("read before the size was checked")

        seek = tell = open = chunks = read

    with pytest.raises(ValidationError):
        services.evidence_add(user=carol, item=lists, kind="photo", upload=Oversized())
