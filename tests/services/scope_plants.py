"""One S1-owned row of every scoped ledger model for the scope matrix (tests/test_scope_matrix.py)."""

from __future__ import annotations

from django.utils import timezone

from grids.models import Grid, GridWorker, Household
from organizations.models import Member
from services.models import Assistance, Demand, Fulfilment, GridVisit, NeedyHousehold, Pledge, PledgeItem


def plant(*, pk, owner, org, marker, tree) -> None:
    today = timezone.localdate()
    grid = Grid.objects.get(branch=org)
    worker = GridWorker.objects.get(grid=grid)
    household = Household.objects.get(building__grid=grid)
    member = Member.objects.get(branch=org)
    GridVisit.objects.create(pk=pk, organization=org, grid=grid, household=household, worker=worker,
                             visited_on=today, heart_to_heart=True, notes=marker, recorded_by=owner)
    pledge = Pledge.objects.create(pk=pk, member=member, organization=org, year=today.year)
    item = PledgeItem.objects.create(pk=pk, pledge=pledge, content=f"{marker}承诺", deadline=today, target=marker)
    Fulfilment.objects.create(pk=pk, item=item, done_on=today, description=f"{marker}践诺", evidence=marker)
    needy = NeedyHousehold.objects.create(pk=pk, organization=org, household=household, category="low_income",
                                          pairing_level="committee_member", situation=marker, registered_on=today,
                                          responsible=member)
    Assistance.objects.create(pk=pk, needy=needy, given_on=today, helper=marker, content=f"{marker}帮扶")
    Demand.objects.create(pk=pk, organization=org, received_on=today, source="hotline", resident_name=f"{marker}居民",
                          phone="13912345678", content=f"{marker}诉求")


