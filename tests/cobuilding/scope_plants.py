"""One S1-owned row of every scoped model of the cobuilding app, for tests/test_scope_matrix.py."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from cobuilding.models import ItemEvidence, ListItem, Milestone, ProgressReport, ResponsibilityReport, SecretaryProject
from organizations.models import ResidentUnit


def plant(*, pk, owner, org, marker, tree) -> None:
    # Lists and projects belong to C1, the community above the planted branch; units to its street S1.
    unit = ResidentUnit.objects.create(name=f"{marker}驻区单位", kind="resident_unit", street=tree.s1)
    item = ListItem.objects.create(pk=pk, organization=tree.c1, kind="project", title=f"{marker}项目",
                                   description=marker, unit=unit, commitment=marker, status="claimed",
                                   claimed_at=timezone.now())
    ItemEvidence.objects.create(pk=pk, item=item, kind="photo", file="cobuilding/evidence/plant.pdf",
                                content_type="application/pdf", original_name=f"{marker}.pdf")
    ProgressReport.objects.create(pk=pk, item=item, reported_on=dt.date(2026, 3, 1), percent=50, note=marker)
    project = SecretaryProject.objects.create(pk=pk, organization=tree.c1, year=2026, secretary=f"{marker}书记",
                                              title=f"{marker}领办", problems=marker, tasks=marker,
                                              responsibilities=marker)
    Milestone.objects.create(pk=pk, project=project, title=f"{marker}节点", due_on=dt.date(2026, 9, 1))
    ResponsibilityReport.objects.create(pk=pk, unit=unit, year=2025, summary=marker, filed_at=timezone.now())
