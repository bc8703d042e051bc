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
    _plant_leaders_and_duties(pk=pk, marker=marker, tree=tree)


def _plant_leaders_and_duties(*, pk, marker, tree) -> None:
    from cadres.models import ConductLetter, InServiceDuty, LeaderPost
    from organizations.models import Member
    from tests.organizations.factories import valid_id_number

    LeaderPost.objects.create(pk=pk, kind="building", grid=tree.grid1, building=tree.building1, name=f"{marker}楼栋长",
                              phone="13912345679", since=dt.date(2024, 1, 1))
    member = Member.objects.create(
        name=f"{marker}在职党员", gender="M", birth_date=dt.date(1985, 3, 4),
        id_number=valid_id_number(dt.date(1985, 3, 4), seq=pk % 997),
        joined_on=dt.date(2010, 7, 1), branch=tree.g1, is_in_service=True, work_unit=f"{marker}单位",
        registered_community=tree.c1, registered_on=dt.date(2024, 3, 1),
    )
    duty = InServiceDuty.objects.create(
        pk=pk, member=member, community=tree.c1, year=2025, post=f"{marker}岗", schedule="每月一次",
        hours_pledged=Decimal(12), task=marker, grade="competent", assessed_on=dt.date(2025, 12, 20),
    )
    ConductLetter.objects.create(pk=pk, duty=duty, number=f"{marker}-2025", recipient=f"{marker}单位",
                                 issued_on=dt.date(2026, 1, 10), orders_served=0, service_hours=Decimal(0),
                                 grade="competent", conduct=marker)
