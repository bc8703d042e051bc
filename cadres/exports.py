"""The cadre list as a formatted workbook (``partybuild.workbooks``: title naming the area and the
date, 序号, widths, frozen header; every cell through ``partybuild.exports.safe_cell``). Personal
fields are masked (the birth date only as its masked value)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone

from partybuild.personal import masked
from partybuild.workbooks import DATE, Column, Workbook, dated_filename

TITLE = "社区干部名册"
COLUMNS = (
    Column("社区", 22), Column("社区编码", 16), Column("姓名", 10), Column("职务", 14), Column("任职时间", 12, DATE),
    Column("学历", 10), Column("社工证等级", 12), Column("取证时间", 12, DATE), Column("从业资格考试", 14),
    Column("是否党员", 10), Column("出生日期", 12),
)


def cadres_xlsx(qs: QuerySet, *, scope: str) -> HttpResponse:
    rows = ((
        cadre.community.name, cadre.community.code, cadre.name, cadre.get_post_display(), cadre.since,
        cadre.get_education_display(), cadre.get_certificate_level_display(), cadre.certificate_on,
        cadre.get_exam_result_display(), "是" if cadre.member_id else "", masked(cadre, "birth_date"),
    ) for cadre in qs.iterator(chunk_size=2000))
    book = Workbook()
    book.add_sheet(name=TITLE, title=f"{scope} {TITLE}（{timezone.localdate().isoformat()}）", columns=COLUMNS,
                   rows=rows)
    return book.response(dated_filename(TITLE, scope))
