"""The xlsx export of the cadre list: every cell through ``partybuild.exports.safe_cell``, personal
fields masked (the birth date as an age band is not exported: only the masked value)."""

from __future__ import annotations

from io import BytesIO

from django.http import HttpResponse
from openpyxl import Workbook

from partybuild.exports import safe_row
from partybuild.personal import masked

MAX_ROWS = 20_000
HEADERS = (
    "社区", "社区编码", "姓名", "职务", "任职时间", "学历", "社工证等级", "取证时间", "从业资格考试",
    "是否党员", "出生日期",
)


def cadres_xlsx(qs) -> HttpResponse:
    book = Workbook()
    sheet = book.active
    sheet.title = "社区干部"
    sheet.append(safe_row(HEADERS))
    for cadre in qs[:MAX_ROWS]:
        sheet.append(safe_row((
            cadre.community.name, cadre.community.code, cadre.name, cadre.get_post_display(), cadre.since.isoformat(),
            cadre.get_education_display(), cadre.get_certificate_level_display(),
            cadre.certificate_on.isoformat() if cadre.certificate_on else "", cadre.get_exam_result_display(),
            "是" if cadre.member_id else "", masked(cadre, "birth_date"),
        )))
    out = BytesIO()
    book.save(out)
    response = HttpResponse(
        out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="community-cadres.xlsx"'
    return response
