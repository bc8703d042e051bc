"""The property workbook (sheets companies and units) through the imports app: the import page,
``manage.py import_property`` and the template; every bad row reported in Chinese with its sheet
and row, nothing written; an export imported again changes nothing."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from estates.exports import registers_workbook
from estates.importing import PropertyTable, property_import, read_property_file
from estates.models import PropertyCompany, ServiceUnit, UnitCompanyPeriod
from imports.models import ImportJob, JobStatus

from .factories import credit_code, make_company

pytestmark = pytest.mark.django_db
COMPANY_HEAD = ["统一社会信用代码", "名称", "党建状态", "党组织编码", "联系人", "电话", "党建指导员"]
UNIT_HEAD = ["编码", "名称", "社区编码", "管理模式", "物业企业信用代码", "户数"]


def workbook(companies, units, *, company_head=COMPANY_HEAD, unit_head=UNIT_HEAD) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "companies"
    sheet.append(company_head)
    for row in companies:
        sheet.append(row)
    sheet = book.create_sheet("units")
    sheet.append(unit_head)
    for row in units:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def run(user, data: bytes, dry_run=False):
    table = read_property_file(io.BytesIO(data), "file.xlsx")
    return property_import(user=user, table=table, dry_run=dry_run)


@pytest.fixture
def codes():
    return [credit_code(), credit_code(), credit_code()]


@pytest.fixture
def good(tree, member_c1, codes):
    # Units first name companies further down the file's other sheet: order does not matter.
    return workbook(
        [[codes[0], "江城物业", "联合党支部", tree.g1.code, "张经理", "027-88886666", None],
         [codes[1], "楚天物业", "instructor", None, "李经理", None, member_c1.name],
         [codes[2], "黄鹤物业", "无", None, None, None, None]],
        [["PSU-1", "西城壕小区", tree.c1.code, "物业公司", codes[0], 320],
         ["PSU-2", "户部巷院落", tree.c2.code, "自管", None, None],
         ["PSU-3", "杨园新村", tree.c3.code, "owners_committee", codes[1], "150"]],
    )


def test_a_good_workbook_creates_companies_and_units_with_their_history(dana, tree, member_c1, codes, good):
    report = run(dana, good)
    assert report.ok and len(report.created) == 6
    joint = PropertyCompany.objects.get(credit_code=codes[0])
    assert (joint.party_status, joint.party_branch, joint.registrar) == ("joint_branch", tree.g1, tree.district)
    instructor = PropertyCompany.objects.get(credit_code=codes[1])
    assert instructor.instructor == member_c1 and instructor.instructor_since is not None
    unit = ServiceUnit.objects.get(code="PSU-3")
    assert (unit.community, unit.management_mode, unit.company, unit.households) == (
        tree.c3, "owners_committee", instructor, 150)
    assert UnitCompanyPeriod.objects.filter(unit__code__in=["PSU-1", "PSU-2", "PSU-3"], ended_on=None).count() == 3


def test_a_dry_run_writes_nothing(dana, good):
    report = run(dana, good, dry_run=True)
    assert report.ok and not PropertyCompany.objects.exists() and not ServiceUnit.objects.exists()


def test_every_bad_row_is_reported_in_chinese_and_nothing_is_written(dana, tree, codes):
    wrong_check = codes[0][:17] + ("0" if codes[0][17] != "0" else "1")
    data = workbook(
        [[codes[1], "江城物业", "联合党支部", tree.g1.code, None, None, None],  # good
         [wrong_check, "楚天物业", "无", None, None, None, None],  # check character
         [codes[2], "黄鹤物业", "有党员", None, None, None, None],  # unknown party status
         [codes[1], "重复物业", "无", None, None, None, None]],  # the same code twice
        [["PSU-1", "西城壕小区", tree.c1.code, "物业公司", codes[1], 100],  # good
         ["PSU-2", "无社区", "NOPE", "自管", None, None],  # unknown community
         ["PSU-3", "杨园新村", tree.c3.code, "托管", None, None],  # unknown mode
         ["PSU-4", "户部巷院落", tree.c2.code, "物业公司", None, None]],  # company mode without a company
    )
    report = run(dana, data)
    rows = {e["row"]: e["reason"] for e in report.error_list()}
    assert set(rows) == {"companies 第3行", "companies 第4行", "companies 第5行",
                         "units 第3行", "units 第4行", "units 第5行"}
    assert "校验位" in rows["companies 第3行"] and "党建状态" in rows["companies 第4行"]
    assert "重复" in rows["companies 第5行"] or "两次" in rows["companies 第5行"]
    assert "NOPE" in rows["units 第3行"] and "托管" in rows["units 第4行"] and "物业企业" in rows["units 第5行"]
    assert not PropertyCompany.objects.exists() and not ServiceUnit.objects.exists()
    # The rejected rows come back as both sheets, each row with its reason, to fix and import again.
    book = load_workbook(io.BytesIO(report.rejected_workbook()))
    assert book.sheetnames == ["companies", "units"]
    companies = list(book["companies"].iter_rows(values_only=True))
    assert companies[0][-1] == "错误原因" and len(companies) == 4 and "校验位" in companies[1][-1]
    assert len(list(book["units"].iter_rows(values_only=True))) == 4


def test_a_missing_column_names_the_sheet(dana, tree):
    data = workbook([], [["PSU-1", "西城壕小区"]], unit_head=["编码", "名称"])
    with pytest.raises(Exception, match=r"units.*社区编码"):
        read_property_file(io.BytesIO(data), "file.xlsx")


def test_a_community_imports_units_but_registers_no_company(carol, tree, codes):
    existing = make_company(tree.s1, name="已登记物业")
    data = workbook([[codes[0], "新物业", "无", None, None, None, None]],
                    [["PSU-9", "西城壕小区", tree.c1.code, "物业公司", existing.credit_code, 80]])
    report = run(carol, data)
    assert list(report.errors) == [("companies", 2)] and "街道" in report.error_list()[0]["reason"]
    report = run(carol, workbook([], [["PSU-9", "西城壕小区", tree.c1.code, "物业公司", existing.credit_code, 80]]))
    assert report.ok and ServiceUnit.objects.get(code="PSU-9").company == existing


def test_a_company_registered_outside_the_area_is_refused(charlie, tree):
    theirs = make_company(tree.s1, name="中华路物业")
    report = run(charlie, workbook([[theirs.credit_code, "改名物业", "无", None, None, None, None]], []))
    assert not report.ok and "区域" in report.error_list()[0]["reason"]
    theirs.refresh_from_db()
    assert theirs.name == "中华路物业"


def test_an_export_imported_again_changes_nothing(dana, tree, member_c1, good):
    assert run(dana, good).ok
    exported = registers_workbook(companies=PropertyCompany.objects.all(), units=ServiceUnit.objects.all(),
                                  scope="武昌区委").to_bytes()
    periods = UnitCompanyPeriod.objects.count()
    report = run(dana, exported)
    assert report.ok and report.created == [] and report.updated == 0
    assert UnitCompanyPeriod.objects.count() == periods


def test_the_import_page_takes_the_workbook(client, dana, good):
    client.force_login(dana)
    page = client.get(reverse("imports:upload")).content.decode()
    assert 'value="property"' in page and reverse("imports:template", args=["property"]) in page
    response = client.post(reverse("imports:upload"), {
        "kind": "property", "file": SimpleUploadedFile("物业.xlsx", good)})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and job.status == JobStatus.DONE and job.created_count == 6
    assert PropertyCompany.objects.count() == 3
    assert "物业企业" in client.get(reverse("imports:job", args=[job.pk])).content.decode()


def test_a_bad_upload_leaves_the_rejected_rows_on_the_job(client, dana, tree, codes):
    client.force_login(dana)
    data = workbook([[codes[0], "江城物业", "未知", None, None, None, None]], [])
    client.post(reverse("imports:upload"), {"kind": "property", "file": SimpleUploadedFile("bad.xlsx", data)})
    job = ImportJob.objects.get()
    assert job.status == JobStatus.FAILED and job.errors[0]["row"] == "companies 第2行"
    rejected = client.get(reverse("imports:job-errors", args=[job.pk]))
    book = load_workbook(io.BytesIO(b"".join(rejected.streaming_content)))
    assert book["companies"]["A2"].value == codes[0]
    assert not PropertyCompany.objects.exists()


def test_the_template_has_both_sheets_an_example_and_the_allowed_values(client, dana):
    client.force_login(dana)
    response = client.get(reverse("imports:template", args=["property"]))
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[:2] == ["companies", "units"]
    companies = book["companies"]
    assert companies["A1"].value == "统一社会信用代码" and companies["A2"].value
    lists = [v.formula1 for v in companies.data_validations.dataValidation]
    assert any("联合党支部" in f and "党建指导员" in f for f in lists)
    assert any("物管会" in v.formula1 for v in book["units"].data_validations.dataValidation)
    # The example row's credit code itself is valid.
    from estates.validators import validate_credit_code

    validate_credit_code(companies["A2"].value)


def test_the_command_imports_and_reports_rejected_rows(dana, tree, tmp_path, good, codes):
    path = tmp_path / "property.xlsx"
    path.write_bytes(good)
    call_command("import_property", str(path), "--user", "dana")
    assert ServiceUnit.objects.filter(code__startswith="PSU-").count() == 3
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(workbook([], [["PSU-7", "新小区", "NOPE", "自管", None, None]]))
    with pytest.raises(CommandError):
        call_command("import_property", str(bad), "--user", "dana")
    assert (tmp_path / "bad-rejected.xlsx").exists() and not ServiceUnit.objects.filter(code="PSU-7").exists()


def test_the_table_counts_both_sheets(dana, good):
    table = read_property_file(io.BytesIO(good), "file.xlsx")
    assert isinstance(table, PropertyTable) and len(table.rows) == 6
