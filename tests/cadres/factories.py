"""Factories for cadres and training."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from cadres.models import CommunityCadre, TrainingCourse


def make_cadre(community, name="张敏", **fields) -> CommunityCadre:
    fields.setdefault("birth_date", dt.date(1990, 5, 1))
    fields.setdefault("post", "worker")
    fields.setdefault("since", dt.date(2020, 1, 1))
    fields.setdefault("education", "bachelor")
    return CommunityCadre.objects.create(community=community, name=name, **fields)


def make_course(organiser, title="社区工作者能力提升培训", days=Decimal(3), **fields) -> TrainingCourse:
    fields.setdefault("kind", "lecture")
    fields.setdefault("starts_on", dt.date(2026, 4, 1))
    fields.setdefault("ends_on", dt.date(2026, 4, 3))
    return TrainingCourse.objects.create(organiser=organiser, title=title, days=days, **fields)
