"""The demo district's register of reveals (个人信息查阅记录): a street official who looked up members'
phones and ID numbers, with the purposes the reveal form asks for; called by ``seed_demo`` through
organizations/demo ACTIVITY_SEEDERS."""

from __future__ import annotations

import random
from datetime import date

from django.contrib.contenttypes.models import ContentType
from faker import Faker

from accounts.models import Role, RoleAssignment
from organizations.models import HISTORICAL_STATUSES, Member, Organization

from .models import PersonalDataAccess
from .policy import Purpose

ACCESSES_PER_SCALE = {"small": 5, "district": 30, "city": 100}
REASONS = (
    ("phone", Purpose.CONTACT, "电话通知参加主题党日活动"),
    ("phone", Purpose.CARE, "走访慰问前联系家属"),
    ("id_number", Purpose.TRANSFER, "办理组织关系转接，核对身份证号"),
    ("id_number", Purpose.IDENTITY, "党费收缴核对身份"),
)


def seed_activity(*, root: Organization, scale: str, rng: random.Random, fake: Faker, ref: date) -> dict[str, int]:
    """Reveals by the first street official, on members of their street; return counts to print."""
    assignment = (RoleAssignment.objects.filter(organization__path__startswith=root.path, role=Role.STREET_OFFICIAL)
                  .select_related("organization").order_by("pk").first())
    if assignment is None:
        return {}
    members = list(Member.objects.filter(branch__path__startswith=assignment.organization.path)
                   .exclude(status__in=HISTORICAL_STATUSES).order_by("pk")[:500])
    if not members:
        return {}
    content_type = ContentType.objects.get_for_model(Member)
    accesses = []
    for member in rng.sample(members, k=min(len(members), ACCESSES_PER_SCALE.get(scale, 5))):
        field, purpose, detail = rng.choice(REASONS)
        accesses.append(PersonalDataAccess(
            user_id=assignment.user_id, content_type=content_type, object_id=member.pk, object_repr=str(member)[:200],
            field=field, purpose=purpose, purpose_detail=detail, organization_id=member.branch_id,
            ip_address="10.20.3.14",
        ))
    PersonalDataAccess.objects.bulk_create(accesses)
    return {"personal data accesses": len(accesses)}
