"""A year of 五星联创 for the demo district, called by ``seed_demo`` after the tree is built.

The year's five stars (20,000 yuan each), awarded in Yungang's proportions (14, 8, 13, 14 and 13
of 152 communities: seed 001), strong communities holding several; and applications in every
other state: drafts, awaiting the street, sent back, awaiting the district, rejected, in public
notice, paused by an objection, refused after one, and a revoked star. Everything is built in
memory from ``rng`` and inserted with ``bulk_create``; the tree is read with a few queries.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from faker import Faker

from accounts.models import Role, RoleAssignment
from organizations.models import Level, Organization
from organizations.paths import COMMUNITY_DEPTH, STREET_DEPTH, prefix_at

from .models import (
    DEFAULT_AMOUNT,
    ObjectionStatus,
    StarApplication,
    StarDefinition,
    StarObjection,
    StarStep,
    StarYear,
    Status,
)
from .services import DEFAULT_STARS

BATCH = 5000
# Awarded per star, out of this many communities (Yungang, seed 001).
YUNGANG_AWARDED = {"organisation": 14, "co_governance": 8, "basic_support": 13, "satisfaction": 14, "liveable": 13}
YUNGANG_COMMUNITIES = 152
# Share of communities with an application in each other state (of one star each).
OTHER_STATES = (
    (Status.DRAFT, 0.05), (Status.SUBMITTED, 0.05), (Status.RETURNED, 0.02), (Status.REVIEWED, 0.04),
    (Status.REJECTED, 0.02), (Status.NOTICE, 0.04), (Status.OBJECTED, 0.01), (Status.REFUSED, 0.01),
    (Status.REVOKED, 0.01),
)
# The steps each state went through, after the draft.
PATHS = {
    Status.DRAFT: (),
    Status.SUBMITTED: (Status.SUBMITTED,),
    Status.RETURNED: (Status.SUBMITTED, Status.RETURNED),
    Status.REVIEWED: (Status.SUBMITTED, Status.REVIEWED),
    Status.REJECTED: (Status.SUBMITTED, Status.REVIEWED, Status.REJECTED),
    Status.NOTICE: (Status.SUBMITTED, Status.REVIEWED, Status.NOTICE),
    Status.OBJECTED: (Status.SUBMITTED, Status.REVIEWED, Status.NOTICE, Status.OBJECTED),
    Status.REFUSED: (Status.SUBMITTED, Status.REVIEWED, Status.NOTICE, Status.OBJECTED, Status.REFUSED),
    Status.AWARDED: (Status.SUBMITTED, Status.REVIEWED, Status.NOTICE, Status.AWARDED),
    Status.REVOKED: (Status.SUBMITTED, Status.REVIEWED, Status.NOTICE, Status.AWARDED, Status.REVOKED),
}
EVIDENCE = (
    "建立网格党支部，楼栋党小组全覆盖，党员中心户挂牌服务。", "联合辖区共建单位开展“大党委”联席会议，解决群众难题。",
    "社区党群服务中心全天候开放，设立便民服务窗口。", "开展“三单制”志愿服务，居民满意度调查满意率高。",
    "老旧小区改造完成，小区环境整洁有序，全年无重大安全事故。",
)
REASONS = {
    Status.RETURNED: "请补充活动照片和会议记录。",
    Status.REJECTED: "对照标准，共建项目落实情况不足。",
    Status.REFUSED: "经核实，异议反映的情况属实。",
    Status.REVOKED: "年内发生安全责任事故，予以摘星。",
}
COMMENTS = {
    Status.SUBMITTED: "请街道审核。", Status.REVIEWED: "材料齐全，同意上报。", Status.NOTICE: "同意，予以公示。",
    Status.OBJECTED: "收到异议，公示暂停。", Status.AWARDED: "公示期满，无异议。",
}


def _year(year: int) -> StarYear:
    star_year, created = StarYear.objects.get_or_create(year=year)
    if created:
        StarDefinition.objects.bulk_create([
            StarDefinition(star_year=star_year, code=code, name=str(name), amount=DEFAULT_AMOUNT, position=i)
            for i, (code, name) in enumerate(DEFAULT_STARS, start=1)
        ])
    return star_year


def seed_activity(*, root: Organization, scale: str, rng: random.Random, fake: Faker, ref: date) -> dict[str, int]:
    """Create this app's demo rows under ``root``; return counts to print."""
    communities = list(
        Organization.objects.filter(path__startswith=root.path, level=Level.COMMUNITY, status="active")
        .order_by("path").values_list("pk", "path")
    )
    if not communities:
        return {}
    star_year = _year(ref.year)
    definitions = {d.code: d for d in star_year.definitions.all()}
    actors = _actors(root)
    tz = timezone.get_current_timezone()
    now = datetime.combine(ref, time(10), tzinfo=tz)
    apps: list[StarApplication] = []
    taken: set[tuple[int, str]] = set()
    # Strong communities hold several stars: each star is drawn from the stronger half first.
    strength = list(communities)
    rng.shuffle(strength)
    for code, awarded in YUNGANG_AWARDED.items():
        wanted = max(1, round(awarded * len(communities) / YUNGANG_COMMUNITIES))
        pool = strength[: max(wanted, len(strength) // 2)]
        for pk, path in rng.sample(pool, min(wanted, len(pool))):
            taken.add((pk, code))
            apps.append(_app(rng, pk, path, definitions[code], Status.AWARDED, now))
    for status, share in OTHER_STATES:
        for _ in range(max(1, round(share * len(communities)))):
            for _attempt in range(10):
                pk, path = rng.choice(communities)
                code = rng.choice(list(definitions))
                if (pk, code) not in taken:
                    taken.add((pk, code))
                    apps.append(_app(rng, pk, path, definitions[code], status, now))
                    break
    StarApplication.objects.bulk_create(apps, batch_size=BATCH)
    steps, objections = [], []
    for app in apps:
        steps.extend(_steps(app, actors, now))
        if app.status in (Status.OBJECTED, Status.REFUSED):
            objections.append(StarObjection(
                application=app, lodged_by_id=actors.get(("district", "")), lodged_at=app.paused_at or now,
                text="该社区公示材料中的活动照片为往年照片。",
                status=ObjectionStatus.OPEN if app.status == Status.OBJECTED else ObjectionStatus.UPHELD,
                decided_at=None if app.status == Status.OBJECTED else now - timedelta(days=1),
                decision_reason=REASONS.get(app.status, "") if app.status == Status.REFUSED else "",
            ))
    StarStep.objects.bulk_create(steps, batch_size=BATCH)
    StarObjection.objects.bulk_create(objections, batch_size=BATCH)
    if any(a.status in (Status.AWARDED, Status.REVOKED) for a in apps):
        StarYear.objects.filter(pk=star_year.pk, frozen_at__isnull=True).update(frozen_at=now - timedelta(days=30))
    awarded = [a for a in apps if a.status == Status.AWARDED]
    return {
        "star applications": len(apps),
        "stars awarded": len(awarded),
        "star awards (yuan)": int(sum(a.amount for a in awarded)),
    }


def _app(rng: random.Random, pk: int, path: str, definition: StarDefinition, status: str, now) -> StarApplication:
    submitted = now - timedelta(days=rng.randint(40, 120))
    app = StarApplication(
        community_id=pk, definition=definition, year=definition.star_year.year, status=status,
        evidence_text=EVIDENCE[definition.position - 1], reason=REASONS.get(status, ""),
        submitted_at=None if status == Status.DRAFT else submitted,
    )
    app.path = path  # for choosing the actors of its steps
    reached = PATHS[status]
    if Status.NOTICE in reached:
        # Current notices started within the last few days; older ones ended weeks ago.
        start = now - timedelta(days=rng.randint(0, 3)) if status in (Status.NOTICE, Status.OBJECTED) else (
            submitted + timedelta(days=20))
        app.notice_starts_at, app.notice_ends_at = start, start + timedelta(days=definition.star_year.notice_days)
    if status in (Status.OBJECTED, Status.REFUSED):
        app.paused_at = app.notice_starts_at + timedelta(days=1)
    if Status.AWARDED in reached:
        app.awarded_at, app.amount = app.notice_ends_at, definition.amount
    if status == Status.REVOKED:
        app.revoked_on = (now - timedelta(days=5)).date()
    return app


def _actors(root: Organization) -> dict[tuple[str, str], int]:
    """One user per (level, path) who takes the steps there: secretaries, street officials, the district."""
    found: dict[tuple[str, str], int] = {}
    rows = RoleAssignment.objects.filter(
        organization__path__startswith=root.path,
        role__in=(Role.COMMUNITY_SECRETARY, Role.STREET_OFFICIAL, Role.DISTRICT_ADMIN),
    ).order_by("pk").values_list("role", "organization__path", "user_id")
    for role, path, user_id in rows:
        key = {Role.COMMUNITY_SECRETARY: ("community", path), Role.STREET_OFFICIAL: ("street", path)}.get(
            role, ("district", "")
        )
        found.setdefault(key, user_id)
    return found


def _steps(app: StarApplication, actors, now) -> list[StarStep]:
    steps, previous = [], Status.DRAFT
    at = app.submitted_at or now
    who = {
        Status.SUBMITTED: actors.get(("community", prefix_at(app.path, COMMUNITY_DEPTH))),
        Status.RETURNED: actors.get(("street", prefix_at(app.path, STREET_DEPTH))),
        Status.REVIEWED: actors.get(("street", prefix_at(app.path, STREET_DEPTH))),
    }
    for status in PATHS[app.status]:
        if status == Status.NOTICE:
            at = app.notice_starts_at
        elif status == Status.OBJECTED:
            at = app.paused_at
        elif status == Status.AWARDED:
            at = app.awarded_at
        else:
            at = at + timedelta(days=3)
        actor = who.get(status, None if status in (Status.OBJECTED, Status.AWARDED) else actors.get(("district", "")))
        steps.append(StarStep(
            application=app, from_status=previous, status=status, actor_id=actor, at=min(at, now),
            comment=REASONS.get(status) or COMMENTS.get(status, ""),
        ))
        previous = status
    return steps

