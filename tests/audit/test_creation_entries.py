"""Records written by bulk_create (the demo seed, imports) still show their creation in the change
history (issue 8): one 新建 entry per record, written set-based, personal fields left out."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from accounts.models import User
from imports.member_import import members_import
from imports.org_import import organizations_import
from organizations import demo
from organizations.models import Member, Organization
from reports.models import GridReport
from tests.imports import ORG_HEADERS, table

pytestmark = pytest.mark.django_db


def history(obj):
    return reverse("audit:history", args=[obj._meta.app_label, obj._meta.model_name, obj.pk])


def creations(model) -> dict[int, int]:
    rows = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(model),
                                   action=LogEntry.Action.CREATE).values_list("object_id", flat=True)
    counted: dict[int, int] = {}
    for pk in rows:
        counted[pk] = counted.get(pk, 0) + 1
    return counted


def test_every_seeded_record_has_one_creation_entry_and_its_page_shows_it(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as seeding:
        demo.seed(scale="small")
    # Set-based: the whole seed (every app's demo) takes far fewer queries than it writes entries.
    assert len(seeding.captured_queries) * 5 < LogEntry.objects.filter(action=LogEntry.Action.CREATE).count()
    for model in (Organization, Member, GridReport):
        pks = set(model.objects.values_list("pk", flat=True))
        assert creations(model) == dict.fromkeys(pks, 1), model
    member = Member.objects.exclude(id_number="").first()
    entry = LogEntry.objects.get_for_object(member).get()
    assert entry.changes["name"] == ["None", member.name]
    assert "id_number" not in entry.changes and "phone" not in entry.changes  # never stored in full

    client.force_login(User.objects.get(username="auditor"))
    street = Organization.objects.filter(level="street").order_by("path").first()  # the auditor's street
    member = Member.objects.filter(branch__path__startswith=street.path).first()
    page = client.get(history(member)).content.decode()
    assert ">新建</span>" in page and "演示数据" in page
    assert member.branch.name in page  # the branch by its name


def test_an_import_writes_creation_entries_with_the_importer(tree, alice, client, audrey):
    report = organizations_import(user=alice, table=table("orgs", [
        ORG_HEADERS, ["C9", "新河社区党总支", "community", "general_branch", "S1"],
        ["G9", "第九网格党支部", "grid", "", "C9"],
    ]))
    assert report.ok, report.errors
    for org in report.created:
        entry = LogEntry.objects.get_for_object(org).get()
        assert entry.action == LogEntry.Action.CREATE and entry.actor == alice
        assert entry.additional_data == {"source": "import"}
    client.force_login(audrey)
    page = client.get(history(Organization.objects.get(code="G9"))).content.decode()
    assert ">新建</span>" in page and "导入" in page and "第九网格党支部" in page
    assert "000100" not in page  # no tree path


def test_a_member_import_writes_one_creation_entry_per_member(tree, alice):
    from tests.imports.test_member_import import ID_A, MEMBER_HEADERS

    report = members_import(user=alice, table=table("members", [
        MEMBER_HEADERS, ["王芳", "女", "1985-03-09", ID_A, "13800138001", "2010-07-01", "正式党员", "G1"],
    ]))
    assert report.ok, report.errors
    (member,) = report.created
    entry = LogEntry.objects.get_for_object(member).get()
    assert entry.actor == alice and entry.changes["name"] == ["None", "王芳"]
    assert ID_A not in str(entry.changes) and "13800138001" not in str(entry.changes)
