"""Co-building for the demo district, called by ``seed_demo`` after the tree is built.

Per street and community a few entries on each of the three lists (Jianxi: 338 co-building
organisations, 450+ problems solved, 174 venues and materials shared); about three projects in five
claimed by a resident unit of the street, most of those with progress and many confirmed complete.
Every secretary (district, streets, communities) leads 2–3 projects with milestones, except about one
in ten who leads fewer (the warning the pages show). About seven units in ten filed last year's
social-responsibility report, most already reviewed by the street. Inserted with ``bulk_create``.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone
from faker import Faker

from organizations.models import Level, Organization, OrgStatus, ResidentUnit
from partybuild.files import PDF, UploadTo, private_storage

from .models import (
    ItemEvidence,
    ItemStatus,
    ListItem,
    ListKind,
    Milestone,
    ProgressReport,
    ReportStatus,
    ResponsibilityReport,
    SecretaryProject,
)

BATCH = 5000
NEEDS = ("老旧小区加装电梯", "独居老人助餐", "青少年课后托管", "停车难治理", "楼道杂物清理", "健康义诊进社区",
         "困难家庭就业帮扶", "社区文化活动场地")
RESOURCES = ("会议室周末开放", "职工食堂助餐", "医护志愿者", "法律顾问服务", "闲置停车位错时共享", "图书室开放",
             "职工志愿服务队", "技能培训课程")
PROJECTS = ("红色物业示范小区共建", "爱心助餐点共建", "共享停车共建", "健康小屋共建", "四点半课堂共建",
            "小区微改造共建", "邻里文化节共建", "平安楼栋共建")
COMMITMENTS = ("每月组织一次义诊", "开放职工食堂为老人助餐", "出资两万元用于微改造", "派出志愿者每周服务两次",
               "错时开放停车位五十个", "承担课堂教师和场地")
SECRETARY_TOPICS = ("老旧小区改造", "红色物业全覆盖", "网格难题清零", "为民办实事", "社区服务阵地提升",
                    "在职党员报到服务", "物业矛盾化解", "共建项目落地")


def _at(day: date, rng: random.Random) -> datetime:
    return datetime.combine(day, time(rng.randint(8, 18), rng.randint(0, 59)), timezone.get_current_timezone())


def _demo_pdf() -> bytes:
    """A one-page blank PDF, built here so the demo needs no file."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def seed_activity(*, root: Organization, scale: str, rng: random.Random, fake: Faker, ref: date) -> dict[str, int]:
    orgs = list(Organization.objects.filter(
        path__startswith=root.path, level__in=(Level.DISTRICT, Level.STREET, Level.COMMUNITY),
        status=OrgStatus.ACTIVE).values_list("id", "path", "level").order_by("path"))
    street_of_path = {path: pk for pk, path, level in orgs if level == Level.STREET}
    units_of: dict[int, list[int]] = {}
    for unit_id, street_id in ResidentUnit.objects.filter(street__path__startswith=root.path).values_list(
            "id", "street_id"):
        units_of.setdefault(street_id, []).append(unit_id)
    start = ref - timedelta(days=365)

    items: list[ListItem] = []
    for org_id, path, level in orgs:
        if level == Level.DISTRICT:
            continue
        units = units_of.get(street_of_path.get(path[:8]), [])
        for kind, titles, count in ((ListKind.NEED, NEEDS, 3), (ListKind.RESOURCE, RESOURCES, 2),
                                    (ListKind.PROJECT, PROJECTS, 3)):
            for title in rng.sample(titles, rng.randint(1, count)):
                created = start + timedelta(days=rng.randint(0, 200))
                item = ListItem(organization_id=org_id, kind=kind, title=title, description=fake.sentence(),
                                status=ItemStatus.OPEN)
                if kind == ListKind.RESOURCE and units:
                    item.unit_id = rng.choice(units)
                if kind == ListKind.PROJECT and units and rng.random() < 0.6:
                    item.unit_id, item.commitment = rng.choice(units), rng.choice(COMMITMENTS)
                    item.status = ItemStatus.CLAIMED
                    item.claimed_at = _at(created + timedelta(days=rng.randint(3, 30)), rng)
                    if rng.random() < 0.6:
                        item.status = ItemStatus.COMPLETED
                        item.completed_at = min(item.claimed_at + timedelta(days=rng.randint(30, 120)), _at(ref, rng))
                items.append(item)
    ListItem.objects.bulk_create(items, batch_size=BATCH)
    progress = []
    for item in items:
        if item.status in (ItemStatus.CLAIMED, ItemStatus.COMPLETED):
            for n in range(rng.randint(1, 3)):
                day = min(item.claimed_at.date() + timedelta(days=20 * (n + 1)), ref)
                progress.append(ProgressReport(item_id=item.pk, reported_on=day, percent=min(100, 30 * (n + 1)),
                                               note=fake.sentence()))
    ProgressReport.objects.bulk_create(progress, batch_size=BATCH)
    # Every completed project keeps its acceptance sheet; the demo stores one small PDF they all share.
    completed = [item for item in items if item.status == ItemStatus.COMPLETED]
    evidence = []
    if completed:
        name = private_storage.save(UploadTo("cobuilding/evidence")(None, "demo.pdf"), ContentFile(_demo_pdf()))
        evidence = [ItemEvidence(item_id=item.pk, kind=ItemEvidence.Kind.ACCEPTANCE, file=name,
                                 content_type=PDF.content_type, original_name=f"{item.title}验收单.pdf")
                    for item in completed]
        ItemEvidence.objects.bulk_create(evidence, batch_size=BATCH)

    projects: list[SecretaryProject] = []
    for org_id, _path, _level in orgs:
        led = rng.choice((0, 1)) if rng.random() < 0.1 else rng.randint(2, 3)
        for topic in rng.sample(SECRETARY_TOPICS, led):
            done = rng.random() < 0.35
            projects.append(SecretaryProject(
                organization_id=org_id, year=ref.year, secretary=fake.name(), title=f"{topic}书记项目",
                problems=f"1. {fake.sentence()}\n2. {fake.sentence()}",
                tasks=f"1. {fake.sentence()}\n2. {fake.sentence()}",
                responsibilities=f"牵头:{fake.name()}\n配合:{fake.name()}",
                status=SecretaryProject.Status.COMPLETED if done else SecretaryProject.Status.UNDER_WAY,
                completed_on=ref - timedelta(days=rng.randint(0, 60)) if done else None,
            ))
    SecretaryProject.objects.bulk_create(projects, batch_size=BATCH)
    milestones = []
    for project in projects:
        for n, title in enumerate(("摸底调研", "方案制定", "组织实施", "验收总结")[: rng.randint(2, 4)]):
            due = date(ref.year, 1, 15) + timedelta(days=70 * n)
            finished = project.status == SecretaryProject.Status.COMPLETED or due < ref - timedelta(days=10)
            milestones.append(Milestone(project_id=project.pk, title=title, due_on=due,
                                        done_on=due + timedelta(days=rng.randint(-5, 10)) if finished else None))
    Milestone.objects.bulk_create(milestones, batch_size=BATCH)

    reports = []
    for unit_ids in units_of.values():
        for unit_id in unit_ids:
            if rng.random() > 0.7:
                continue
            filed = date(ref.year, 1, 10) + timedelta(days=rng.randint(0, 80))
            state = rng.choices((ReportStatus.ACCEPTED, ReportStatus.RETURNED, ReportStatus.FILED), (8, 1, 1))[0]
            reviewed = state != ReportStatus.FILED
            reports.append(ResponsibilityReport(
                unit_id=unit_id, year=ref.year - 1, summary=fake.paragraph(nb_sentences=4), status=state,
                filed_at=_at(filed, rng), reviewed_at=_at(filed + timedelta(days=14), rng) if reviewed else None,
                review_note="请补充志愿服务时长和共建项目成效" if state == ReportStatus.RETURNED else "",
            ))
    ResponsibilityReport.objects.bulk_create(reports, batch_size=BATCH)
    return {"co-building list entries": len(items), "project progress reports": len(progress),
            "co-building evidence files": len(evidence),
            "secretary-led projects": len(projects), "responsibility reports": len(reports)}
