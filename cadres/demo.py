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
    ConductLetter,
    CourseKind,
    DutyGrade,
    Education,
    ExamResult,
    InServiceDuty,
    LeaderKind,
    LeaderPost,
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
    counts = {"community cadres": len(cadres), "secretaries' files": len(files), "training courses": len(courses),
              "training attendances": len(attendances), "mentor pairs": len(pairs)}
    counts.update(_seed_leaders(root=root, rng=rng, ref=ref))
    counts.update(_seed_duties(root=root, rng=rng, ref=ref))
    return counts


def _seed_leaders(*, root: Organization, rng: random.Random, ref: date) -> dict[str, int]:
    """A leader in post for every grid (its grid workers' leader, with their login) and every building
    (the resident named on the building; a party member living there in about four cases out of ten)."""
    from grids.models import Building, GridWorker
    from organizations.models import Member

    posts = []
    for worker in GridWorker.objects.filter(grid__branch__path__startswith=root.path, is_leader=True).order_by("pk"):
        posts.append(LeaderPost(kind=LeaderKind.GRID, grid_id=worker.grid_id, name=worker.name, phone=worker.phone,
                                user_id=worker.user_id, since=date(ref.year - rng.randint(0, 4), 1, 1)))
    residents = {}
    for member_id, name, building_id in Member.objects.filter(
        household__building__grid__branch__path__startswith=root.path, status="active"
    ).order_by("pk").values_list("pk", "name", "household__building_id"):
        residents.setdefault(building_id, (member_id, name))
    for building in Building.objects.filter(grid__branch__path__startswith=root.path).order_by("pk"):
        since = date(ref.year - rng.randint(0, 6), rng.randint(1, 12), 1)
        resident = residents.get(building.pk)
        if resident and rng.random() < 0.4:
            posts.append(LeaderPost(kind=LeaderKind.BUILDING, grid_id=building.grid_id, building_id=building.pk,
                                    member_id=resident[0], name=resident[1], since=since))
        elif building.leader_name:
            posts.append(LeaderPost(kind=LeaderKind.BUILDING, grid_id=building.grid_id, building_id=building.pk,
                                    name=building.leader_name, phone=building.leader_phone, since=since))
    LeaderPost.objects.bulk_create(posts, batch_size=BATCH)
    return {"grid and building leaders": len(posts)}


DUTY_POSTS = (("楼栋信息员", "收集楼栋居民诉求，及时上报网格"), ("文明劝导员", "劝导不文明行为，参与环境整治"),
              ("志愿服务岗", "接单三单制服务，帮扶困难群众"), ("政策宣传员", "入户宣传政策，组织学习活动"),
              ("矛盾调解员", "参与邻里纠纷调解"))
SCHEDULES = ("每月第二个周六上午", "每月最后一个周日", "每周三晚上", "每月两次，时间由社区派单")
GRADES = ((DutyGrade.EXCELLENT, 30), (DutyGrade.COMPETENT, 60), (DutyGrade.BASIC, 8), (DutyGrade.INCOMPETENT, 2))
CONDUCT = {
    DutyGrade.EXCELLENT: "该同志积极参加社区报到服务，按时完成认领任务，热心帮助困难群众，群众评价好。",
    DutyGrade.COMPETENT: "该同志能够按照社区安排参加服务活动，完成认领任务，表现良好。",
    DutyGrade.BASIC: "该同志参加社区服务活动次数偏少，认领任务完成一般，希望加强。",
    DutyGrade.INCOMPETENT: "该同志全年较少参加社区服务活动，未完成认领任务，请所在单位党组织加强教育管理。",
}


def _seed_duties(*, root: Organization, rng: random.Random, ref: date) -> dict[str, int]:
    """三定一考 for the in-service members registered in the area: most have duties this year and last
    year; last year's are assessed (Yungang's 4,833 registered members), and about a third of those
    have had their conduct letter sent to their work unit."""
    from organizations.models import Member

    members = list(Member.objects.filter(
        is_in_service=True, registered_community__path__startswith=root.path, status="active"
    ).order_by("pk").values_list("pk", "registered_community_id", "registered_on"))
    duties = []
    for member_id, community_id, registered_on in members:
        for year in (ref.year - 1, ref.year):
            if registered_on.year > year or rng.random() > 0.85:
                continue
            post, task = rng.choice(DUTY_POSTS)
            duty = InServiceDuty(member_id=member_id, community_id=community_id, year=year, post=post,
                                 schedule=rng.choice(SCHEDULES), hours_pledged=Decimal(rng.choice((12, 24, 36))),
                                 task=task)
            if year < ref.year:
                duty.grade = _pick(rng, GRADES)
                duty.assessed_on = date(year, 12, rng.randint(10, 28))
            duties.append(duty)
    InServiceDuty.objects.bulk_create(duties, batch_size=BATCH)
    codes = dict(Organization.objects.filter(pk__in={d.community_id for d in duties}).values_list("pk", "code"))
    letters = [
        ConductLetter(duty=d, number=f"{codes[d.community_id]}-{d.year}-{d.pk:05d}", recipient="",
                      issued_on=date(d.year + 1, 1, rng.randint(5, 25)), orders_served=0, service_hours=Decimal(0),
                      grade=d.grade, conduct=CONDUCT[d.grade])
        for d in duties if d.grade and rng.random() < 0.35
    ]
    # The letter names the work unit and copies the figures the community saw when it wrote it.
    units = dict(Member.objects.filter(pk__in={ltr.duty.member_id for ltr in letters}).values_list("pk", "work_unit"))
    for letter in letters:
        letter.recipient = units.get(letter.duty.member_id) or "所在单位党组织"
    _copy_figures(letters)
    ConductLetter.objects.bulk_create(letters, batch_size=BATCH)
    return {"in-service members' duties": len(duties), "conduct letters": len(letters)}


def _copy_figures(letters: list[ConductLetter]) -> None:
    from .selectors import with_service

    figures = {row["pk"]: row for row in with_service(
        InServiceDuty.objects.filter(pk__in=[ltr.duty.pk for ltr in letters])
    ).values("pk", "orders", "hours")}
    for letter in letters:
        row = figures.get(letter.duty.pk, {"orders": 0, "hours": Decimal(0)})
        letter.orders_served, letter.service_hours = row["orders"], row["hours"]
