"""One S1-owned row of every scoped model of the cadres app, for tests/test_scope_matrix.py."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from cadres.models import Attendance, CommunityCadre, MentorPair, SecretaryFile, TrainingCourse


def plant(*, pk, owner, org, marker, tree) -> None:
    cadre = CommunityCadre.objects.create(
        pk=pk, community=tree.c1, name=f"{marker}书记", birth_date=dt.date(1980, 1, 2), phone="13912345678",
        post="secretary", since=dt.date(2020, 1, 1), education="bachelor",
    )
    other = CommunityCadre.objects.create(
        community=tree.c1, name=f"{marker}社工", birth_date=dt.date(1995, 1, 2), post="worker",
        since=dt.date(2022, 1, 1), education="college",
    )
    SecretaryFile.objects.create(pk=pk, cadre=cadre, career=marker)
    course = TrainingCourse.objects.create(
        pk=pk, organiser=tree.c1, title=f"{marker}培训", kind="lecture", starts_on=dt.date(2026, 3, 1),
        ends_on=dt.date(2026, 3, 2), days=Decimal(2),
    )
    Attendance.objects.create(pk=pk, course=course, cadre=cadre, days=Decimal(2))
    MentorPair.objects.create(pk=pk, mentor=cadre, apprentice=other, started_on=dt.date(2025, 1, 1))
