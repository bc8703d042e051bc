"""One row of every scoped model of the reports app, for the scope matrix (tests/test_scope_matrix.py)."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.utils import timezone

from grids.models import Grid
from reports.models import Department, GridReport, ReportCategory, ReportEvent, ReportPhoto

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def plant(*, pk, owner, org, marker, tree) -> None:
    now = timezone.now()
    department = Department.objects.create(pk=pk, name=f"{marker}站所", organization=org, phone="13912345678")
    # Categories are district-wide configuration: no marker, everyone may see them.
    category = ReportCategory.objects.create(code="leak-cat", name="其他")
    grid = Grid.objects.get(branch=org)
    report = GridReport.objects.create(
        pk=pk, number=f"LEAK{pk}", grid=grid, category=category, department=department,
        description=f"{marker}隐患", location=f"{marker}路", reported_by=owner, reported_at=now, due_at=now,
    )
    photo = ReportPhoto(pk=pk, report=report, content_type="image/png", size=len(PNG))
    photo.image.save(f"leak-{pk}.png", ContentFile(PNG + marker.encode()), save=False)
    photo.save()
    ReportEvent.objects.create(
        pk=pk, report=report, action="file", to_status="reported", actor=owner, comment=f"{marker}备注",
        created_at=now,
    )
