"""manage.py import_orgs / import_members."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from organizations.models import Member, Organization
from tests.conftest import make_user
from tests.imports import MEMBER_HEADERS, ORG_HEADERS, csv_bytes, read_xlsx, xlsx_bytes
from tests.organizations.factories import valid_id_number


@pytest.fixture(autouse=True)
def _english():
    # Assertions read the English source strings; the portal itself defaults to Chinese.
    with translation.override("en"):
        yield

ORGS = [ORG_HEADERS, ["G9", "网格", "grid", "", "C9"], ["C9", "新河社区党总支", "community", "branch", "S1"]]


@pytest.fixture
def orgs_file(tmp_path):
    path = tmp_path / "orgs.xlsx"
    path.write_bytes(xlsx_bytes(ORGS))
    return path


def test_dry_run_checks_and_writes_nothing(tree, alice, orgs_file, capsys):
    call_command("import_orgs", str(orgs_file), "--dry-run", "--user", "alice")
    assert "Dry run" in capsys.readouterr().out
    assert not Organization.objects.filter(code__in=["C9", "G9"]).exists()


def test_import_with_a_user_writes_the_rows(tree, alice, orgs_file):
    call_command("import_orgs", str(orgs_file), "--user", "alice")
    assert Organization.objects.filter(code__in=["C9", "G9"]).count() == 2
    assert Organization.objects.find_problems() == ([], [], [], [], [])


def test_without_user_the_superuser_acts_and_without_one_the_command_refuses(tree, orgs_file):
    with pytest.raises(CommandError, match="--user"):
        call_command("import_orgs", str(orgs_file))
    make_user("root", is_superuser=True, is_staff=True)
    call_command("import_orgs", str(orgs_file))
    assert Organization.objects.filter(code="G9").exists()


def test_rejected_rows_fail_the_command_and_are_written_out(tree, charlie, orgs_file, capsys):
    with pytest.raises(CommandError, match="rejected"):
        call_command("import_orgs", str(orgs_file), "--user", "charlie")
    assert "row 3:" in capsys.readouterr().err
    rows = read_xlsx((orgs_file.parent / "orgs-rejected.xlsx").read_bytes())
    assert [r[0] for r in rows] == ["code", "C9"]


def test_import_members_from_csv_with_dry_run(tree, alice, tmp_path):
    path = tmp_path / "members.csv"
    path.write_bytes(csv_bytes([MEMBER_HEADERS, ["王芳", "女", "1985-03-09",
                                                 valid_id_number(dt.date(1985, 3, 9), seq=7), "", "2010-07-01",
                                                 "full", "G1"]]))
    call_command("import_members", str(path), "--dry-run", "--user", "alice")
    assert not Member.objects.exists()
    call_command("import_members", str(path), "--user", "alice")
    assert Member.objects.get().branch == tree.g1
