"""Exports: the list filters, the user's scope, masking of personal data, no N+1."""

import csv
import io

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from partybuild.personal import age_on
from tests.imports import read_xlsx
from tests.organizations.factories import MemberFactory, make_org


@pytest.fixture
def members(tree):
    return [
        MemberFactory(name="李红", branch=tree.g1, phone="13811112222"),
        MemberFactory(name="张伟", branch=tree.c2, phone="13833334444", category="probationary"),
        MemberFactory(name="赵强", branch=tree.g3, phone="13855556666"),
    ]


def _rows(response):
    """The rows under the workbook's title, without the 序号 column (partybuild.workbooks)."""
    rows = read_xlsx(response.content)
    assert rows[0][0].endswith(f"（{timezone.localdate().isoformat()}）") and rows[1][0] == "序号"
    return [row[1:] for row in rows[1:]]


def test_member_export_is_scoped_and_masked_for_a_street_official(client, alice, members):
    client.force_login(alice)
    rows = _rows(client.get(reverse("imports:member-export")))
    header = rows[0]
    assert header[:6] == ("姓名", "性别", "民族", "出生日期", "年龄", "身份证号")
    names = {r[0] for r in rows[1:]}
    assert names == {"李红", "张伟"}  # 赵强 is in S2
    by_name = {r[0]: dict(zip(header, r, strict=True)) for r in rows[1:]}
    li = by_name["李红"]
    assert li["身份证号"] == members[0].id_number[:2] + "*" * 15 + members[0].id_number[-1:]
    assert li["手机"] == "138****2222" and li["出生日期"] == "****-**-**"
    assert li["年龄"] == age_on(members[0].birth_date, timezone.localdate())
    assert (li["性别"], li["所在组织编码"], li["类别"]) == ("男", "G1", "正式党员")


def test_district_admin_sees_masked_numbers_unless_the_export_is_a_recorded_reveal(client, dana, members):
    client.force_login(dana)
    rows = _rows(client.get(reverse("imports:member-export")))
    by_name = {r[0]: r for r in rows[1:]}
    assert len(by_name) == 3
    assert members[2].id_number not in by_name["赵强"] and "13855556666" not in by_name["赵强"]
    url = reverse("imports:member-export") + "?reveal=1"
    rows = _rows(client.post(url, {"purpose": "inspection", "purpose_detail": "年度核查"}))
    by_name = {r[0]: r for r in rows[1:]}
    assert members[2].id_number in by_name["赵强"] and "13855556666" in by_name["赵强"]


def test_member_export_applies_the_list_filters(client, alice, members):
    client.force_login(alice)
    rows = _rows(client.get(reverse("imports:member-export"), {"category": "probationary"}))
    assert [r[0] for r in rows[1:]] == ["张伟"]
    rows = _rows(client.get(reverse("imports:member-export"), {"subtree": "C1"}))
    assert [r[0] for r in rows[1:]] == ["李红"]
    # Naming an organisation outside one's scope yields nothing.
    rows = _rows(client.get(reverse("imports:member-export"), {"subtree": "C3"}))
    assert rows[1:] == []


def test_organisation_export_as_csv_with_parent_codes(client, alice, tree):
    client.force_login(alice)
    response = client.get(reverse("imports:org-export"), {"format": "csv", "level": "community"})
    assert response["Content-Type"].startswith("text/csv")
    text = response.getvalue().decode("utf-8")  # streamed
    assert text.startswith("\ufeff")  # Excel needs the BOM to read UTF-8 Chinese
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][:5] == ["编码", "名称", "层级", "类型", "上级编码"]
    assert {(r[0], r[2], r[3], r[4]) for r in rows[1:]} == {
        ("C1", "社区党组织", "党委", "S1"), ("C2", "社区党组织", "党支部", "S1"),
    }


def test_english_interface_exports_english_headers(client, alice, tree):
    client.force_login(alice)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # an explicit choice; the browser's language does not switch
    response = client.get(reverse("imports:org-export"))
    rows = _rows(response)
    assert rows[0][:5] == ("code", "name", "level", "org_type", "parent_code")
    assert {(r[0], r[2], r[4]) for r in rows[1:3]} == {("S1", "street", "D"), ("C1", "community", "S1")}


def test_exported_organisations_import_back(client, dana, tree):
    """Round trip: what the export writes, the importer reads (here as a dry run that fails only on duplicates)."""
    from imports.org_import import organizations_import
    from imports.parsing import read_table

    client.force_login(dana)
    data = client.get(reverse("imports:org-export"), {"subtree": "C1"}).content
    with translation.override("en"):  # the reasons are checked against the English source string
        report = organizations_import(user=dana, table=read_table("orgs", io.BytesIO(data), "x.xlsx"), dry_run=True)
    assert all(all("already exists" in r for r in reasons) for reasons in report.errors.values())
    assert len(report.errors) == 4  # C1, G1, B1, H1


@pytest.mark.parametrize("name", ["imports:member-export", "imports:org-export"])
def test_export_query_count_does_not_grow_with_rows(client, dana, tree, members, name, django_assert_num_queries):
    client.force_login(dana)
    # session, user, role grants, the row count (EXPORT_SYNC_ROW_LIMIT: larger exports go to the
    # background), THE export select (branch and community joined; parent code as a subquery),
    # the user's root organisation (the title names it) and the export's record (audit.ExportJob),
    # outside any transaction (issue 8); a read writes no session (issue 9).
    with django_assert_num_queries(7):
        assert client.get(reverse(name)).status_code == 200
    MemberFactory.create_batch(5, branch=tree.c1)
    for code in ("G7", "G8", "G9"):
        make_org(tree.c2, "grid", code)
    with django_assert_num_queries(7):
        assert client.get(reverse(name)).status_code == 200
