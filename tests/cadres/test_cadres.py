"""Cadre rules: who keeps them, the statistics, files, training days, mentor pairs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cadres import selectors, services
from cadres.models import SecretaryFile

from .factories import make_cadre, make_course

pytestmark = pytest.mark.django_db


def test_a_secretary_gets_a_file_and_it_is_complete_when_every_section_is_filled(carol, dana, tree):
    cadre = services.cadre_create(user=carol, community=tree.c1, name="李书记", birth_date=dt.date(1978, 3, 1),
                                  post="secretary", since=dt.date(2019, 1, 1), education="bachelor")
    file = SecretaryFile.objects.get(cadre=cadre)
    assert not file.is_complete and len(file.missing_sections) == 5
    with pytest.raises(ValidationError, match="档案不完整"):
        services.file_accept(user=dana, file=file, on=dt.date(2026, 6, 1))
    file = services.file_update(user=carol, file=file, career="2019年起任社区书记", training="领头雁培训",
                                assessments="2025年五星社区", debriefing="2025年度述职良好", rewards_sanctions="无")
    assert file.is_complete
    with pytest.raises(PermissionDenied, match="只有区级"):
        services.file_accept(user=carol, file=file, on=dt.date(2026, 6, 1))
    services.file_accept(user=dana, file=file, on=dt.date(2026, 6, 1))
    assert selectors.file_share(user=dana) == {"secretaries": 1, "complete": 1, "accepted": 1, "share": 1.0}


def test_file_share_counts_secretaries_without_a_complete_file(dana, tree):
    make_cadre(tree.c1, name="甲", post="secretary")
    b = make_cadre(tree.c2, name="乙", post="secretary")
    SecretaryFile.objects.create(cadre=b, career="x", training="x", assessments="x", debriefing="x",
                                 rewards_sanctions="x")
    assert selectors.file_share(user=dana)["complete"] == 1
    assert selectors.file_share(user=dana)["secretaries"] == 2


def test_statistics_college_under_40_and_certificates(dana, tree):
    make_cadre(tree.c1, name="a", education="college", birth_date=dt.date(1990, 1, 1), certificate_level="assistant",
               certificate_on=dt.date(2022, 1, 1))
    make_cadre(tree.c1, name="b", education="master", birth_date=dt.date(1986, 6, 2))  # 39 on 2026-06-01
    make_cadre(tree.c1, name="c", education="secondary", birth_date=dt.date(1986, 6, 1))  # 40 today
    make_cadre(tree.c1, name="d", education="bachelor", birth_date=dt.date(1970, 1, 1), is_active=False)
    stats = selectors.cadre_stats(user=dana, on=dt.date(2026, 6, 1))
    assert (stats["total"], stats["college"], stats["under_40"], stats["certified"]) == (3, 2, 2, 1)


def test_a_certificate_needs_its_date(carol, tree):
    with pytest.raises(ValidationError, match="取证时间"):
        services.cadre_create(user=carol, community=tree.c1, name="x", birth_date=dt.date(1990, 1, 1), post="worker",
                              since=dt.date(2020, 1, 1), education="college", certificate_level="assistant")


def test_training_days_against_seven(carol, tree, dana):
    short, done = make_cadre(tree.c1, name="少"), make_cadre(tree.c1, name="足")
    course = make_course(tree.s1, days=Decimal(5))
    trip = make_course(tree.c1, title="红色教育研学", days=Decimal(2), kind="study_trip")
    old = make_course(tree.c1, title="去年的课", days=Decimal(5), starts_on=dt.date(2025, 3, 1),
                      ends_on=dt.date(2025, 3, 5))
    services.attendance_record(user=carol, course=course, cadre=done)
    services.attendance_record(user=carol, course=trip, cadre=done)
    services.attendance_record(user=carol, course=course, cadre=short, days=Decimal(3))
    services.attendance_record(user=carol, course=old, cadre=short)
    days = {c.name: c.days for c in selectors.training_days(user=dana, year=2026)}
    assert days == {"少": Decimal(3), "足": Decimal(7)}
    below = selectors.below_requirement(selectors.training_days(user=dana, year=2026))
    assert [c.name for c in below] == ["少"]


def test_attendance_is_recorded_once_and_not_beyond_the_course(carol, tree):
    cadre = make_cadre(tree.c1)
    course = make_course(tree.c1, days=Decimal(2))
    with pytest.raises(ValidationError, match="不能超过课程天数"):
        services.attendance_record(user=carol, course=course, cadre=cadre, days=Decimal(3))
    services.attendance_record(user=carol, course=course, cadre=cadre)
    with pytest.raises(ValidationError, match="已登记"):
        services.attendance_record(user=carol, course=course, cadre=cadre)


def test_mentor_pairs_one_to_many_and_not_oneself(carol, tree):
    mentor = make_cadre(tree.c1, name="师傅", post="secretary")
    a, b = make_cadre(tree.c1, name="徒弟甲"), make_cadre(tree.c1, name="徒弟乙")
    services.mentor_pair_create(user=carol, mentor=mentor, apprentice=a, started_on=dt.date(2026, 1, 1))
    services.mentor_pair_create(user=carol, mentor=mentor, apprentice=b, started_on=dt.date(2026, 1, 1))
    with pytest.raises(ValidationError, match="已存在"):
        services.mentor_pair_create(user=carol, mentor=mentor, apprentice=a, started_on=dt.date(2026, 2, 1))
    with pytest.raises(ValidationError, match="不能与自己结对"):
        services.mentor_pair_create(user=carol, mentor=a, apprentice=a, started_on=dt.date(2026, 2, 1))


def test_outsiders_cannot_keep_cadres(charlie, audrey, tree):
    cadre = make_cadre(tree.c1)
    for user in (charlie, audrey):
        with pytest.raises(PermissionDenied):
            services.cadre_update(user=user, cadre=cadre, name="x")
    assert list(selectors.cadre_list(user=charlie)) == []
