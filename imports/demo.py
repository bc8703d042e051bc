"""The demo district's transfer requests (转接申请): members a street's import found registered in another
street, waiting for the district's organisation department (``imports:transfer-requests``); called by
``seed_demo`` through organizations/demo ACTIVITY_SEEDERS."""

from __future__ import annotations

import random
from datetime import date

from faker import Faker

from accounts.models import Role, RoleAssignment
from organizations.models import HISTORICAL_STATUSES, Level, Member, Organization

from .models import MemberTransferRequest

REQUESTS_PER_SCALE = {"small": 2, "district": 6, "city": 20}


def seed_activity(*, root: Organization, scale: str, rng: random.Random, fake: Faker, ref: date) -> dict[str, int]:
    """A street official's member import named people registered in the next street; return counts."""
    streets = list(Organization.objects.filter(path__startswith=root.path, level=Level.STREET).order_by("path")[:2])
    importer = (RoleAssignment.objects.filter(organization__path__startswith=root.path, role=Role.STREET_OFFICIAL)
                .order_by("pk").values_list("user_id", flat=True).first())
    if len(streets) < 2 or importer is None:
        return {}
    home, other = streets
    grids = list(Organization.objects.filter(path__startswith=home.path, level=Level.GRID).order_by("path")[:20])
    members = list(Member.objects.filter(branch__path__startswith=other.path).exclude(status__in=HISTORICAL_STATUSES)
                   .order_by("pk")[:200])
    if not grids or not members:
        return {}
    chosen = rng.sample(members, k=min(len(members), REQUESTS_PER_SCALE.get(scale, 2)))
    MemberTransferRequest.objects.bulk_create([
        MemberTransferRequest(member=m, to_org=rng.choice(grids), name_in_file=m.name, requested_by_id=importer)
        for m in chosen
    ])
    return {"transfer requests": len(chosen)}
