"""Demo cadres, secretaries' files, training and mentor pairs, called by ``seed_demo``.

Proportions from the seeds: one secretary and about nine other cadres per community, 80%+ with a
college degree and about 55% under 40 (Yungang), about a third holding a social-work certificate
(Wuchang: nearly 500 for 140 communities); every secretary has a file, most complete (Yungang: 152
of 152 on record); about 70 courses a year per 150 communities with 2,100 attendances, most cadres
reaching the 7 days, a few below; 178 mentor pairs per 152 communities. Set-based.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from faker import Faker

from organizations.models import Level, Organization

from .models import (
    Attendance,
    CertificateLevel,
    CommunityCadre,
    CourseKind,
    Education,
    ExamResult,
    MentorPair,
    Post,
    SecretaryFile,
    TrainingCourse,
)

BATCH = 5000
POSTS = ((Post.DEPUTY, 1), (Post.COMMITTEE, 4), (Post.WORKER, 4))
EDUCATION = ((Education.SECONDARY, 15), (Education.COLLEGE, 40), (Education.BACHELOR, 40), (Education.MASTER, 5))
COURSES_PER_150 = 70
COURSE_TITLES = ("社区工作者能力提升培训", "基层党建业务专题培训", "网格化治理实务", "社会工作实务技能",
                 "红色物业与小区治理", "信访矛盾化解专题", "领头雁后备书记培养班", "党史学习教育专题讲座")


def _pick(rng, weighted):
    return rng.choices([v for v, _ in weighted], [w for _, w in weighted])[0]


def _cadre(rng, fake, org_id, post, ref) -> CommunityCadre:
    young = rng.random() < 0.55
    age = rng.randint(25, 39) if young else rng.randint(40, 58)
    certified = rng.random() < 0.35
    return CommunityCadre(
        community_id=org_id, name=fake.name(), post=post, education=_pick(rng, EDUCATION),
        birth_date=date(ref.year - age, rng.randint(1, 12), rng.randint(1, 28)),
        since=date(ref.year - rng.randint(0, 12), rng.randint(1, 12), 1),
        certificate_level=rng.choice(CertificateLevel.values) if certified else "",
        certificate_on=date(ref.year - rng.randint(0, 8), 6, 1) if certified else None,
        exam_result=ExamResult.PASSED if rng.random() < 0.6 else ExamResult.NOT_TAKEN,
    )


def seed_activity(*, root: Organization, scale: str, rng: random.Random, fake: Faker, ref: date) -> dict[str, int]:
    communities = list(Organization.objects.filter(
        path__startswith=root.path, level=Level.COMMUNITY, status="active"
    ).order_by("path").values_list("id", flat=True))
    if not communities:
        return {}
    streets = list(
        Organization.objects.filter(path__startswith=root.path, level=Level.STREET).values_list("id", flat=True)
    )
    cadres, by_community = [], {}
    for org_id in communities:
        rows = [_cadre(rng, fake, org_id, Post.SECRETARY, ref)]
        for post, n in POSTS:
            rows += [_cadre(rng, fake, org_id, post, ref) for _ in range(n)]
        by_community[org_id] = rows
        cadres += rows
    CommunityCadre.objects.bulk_create(cadres, batch_size=BATCH)

    files = []
    for org_id in communities:
        secretary = by_community[org_id][0]
        complete = rng.random() < 0.9
        files.append(SecretaryFile(
            cadre=secretary, career=f"{secretary.since.year}年起任社区党组织书记", training="参加区委组织部书记轮训",
            assessments="年度考核称职" if complete else "", debriefing="年度述职评议良好" if complete else "",
            rewards_sanctions="无", accepted_on=ref - timedelta(days=rng.randint(10, 200)) if complete else None,
        ))
    SecretaryFile.objects.bulk_create(files, batch_size=BATCH)

    courses = []
    for _ in range(max(3, round(len(communities) * COURSES_PER_150 / 150))):
        start = date(ref.year, 1, 5) + timedelta(days=rng.randint(0, max(1, (ref - date(ref.year, 1, 5)).days)))
        days = Decimal(rng.choice((1, 1, 2, 3, 5)))
        kind = _pick(rng, ((CourseKind.LECTURE, 50), (CourseKind.ONLINE, 25), (CourseKind.STUDY_TRIP, 20),
                           (CourseKind.LEAD_GOOSE, 5)))
        courses.append(TrainingCourse(
            organiser_id=rng.choice(streets) if streets else root.pk, title=rng.choice(COURSE_TITLES), kind=kind,
            starts_on=start, ends_on=start + timedelta(days=int(days) - 1), days=days,
        ))
    TrainingCourse.objects.bulk_create(courses, batch_size=BATCH)

    # Each cadre attends courses until about 8 days; a tenth stop short of the 7-day requirement.
    attendances = []
    for cadre in cadres:
        target = rng.randint(3, 6) if rng.random() < 0.1 else rng.randint(7, 10)
        got = Decimal(0)
        for course in rng.sample(courses, min(len(courses), 8)):
            if got >= target:
                break
            attendances.append(Attendance(course=course, cadre=cadre, days=course.days))
            got += course.days
    Attendance.objects.bulk_create(attendances, batch_size=BATCH)

    pairs = []
    for org_id in communities:
        rows = by_community[org_id]
        mentor = rows[0]
        for apprentice in rng.sample(rows[5:], rng.choice((1, 1, 2))):
            pairs.append(MentorPair(mentor=mentor, apprentice=apprentice, started_on=date(ref.year - 1, 3, 1)))
    MentorPair.objects.bulk_create(pairs, batch_size=BATCH)
    return {"community cadres": len(cadres), "secretaries' files": len(files), "training courses": len(courses),
            "training attendances": len(attendances), "mentor pairs": len(pairs)}
