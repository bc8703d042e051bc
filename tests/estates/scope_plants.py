"""One S1-owned row of every scoped model of the estates app, for tests/test_scope_matrix.py."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from estates.models import (
    Committee,
    CommitteeMember,
    Complaint,
    Inspection,
    InspectionPhoto,
    ListEntry,
    ListStep,
    PropertyCompany,
    RankingWeights,
    SatisfactionSurvey,
    ServiceItem,
    ServiceRecord,
    ServiceUnit,
    UnitBuilding,
    UnitCompanyPeriod,
)
from grids.models import Building, Household

from .factories import credit_code


def plant(*, pk, owner, org, marker, tree) -> None:
    # The company is S1's and serves only C1, so no outsider reaches it either way.
    company = PropertyCompany.objects.create(
        pk=pk, registrar=tree.s1, name=f"{marker}物业", credit_code=credit_code(pk), contact_name=marker,
        address=marker,
    )
    unit = ServiceUnit.objects.create(
        pk=pk, community=tree.c1, code=f"LEAK-{marker}", name=f"{marker}小区", management_mode="company",
        company=company, households=50,
    )
    UnitCompanyPeriod.objects.create(
        pk=pk, unit=unit, management_mode="company", company=company, started_on=dt.date(2024, 1, 1), note=marker
    )
    building = Building.objects.get(pk=pk)
    UnitBuilding.objects.create(pk=pk, unit=unit, building=building, started_on=dt.date(2024, 1, 1))
    committee = Committee.objects.create(
        pk=pk, unit=unit, kind="owners_committee", elected_on=dt.date(2023, 12, 1), term_start=dt.date(2024, 1, 1),
        term_end=dt.date(2029, 1, 1),
    )
    CommitteeMember.objects.create(
        pk=pk, committee=committee, name=f"{marker}主任", phone="13912345678", committee_role="chair",
        cross_appointment="community_committee", cross_post=marker,
    )
    item = ServiceItem.objects.create(pk=pk, owner=tree.s1, name=f"{marker}维修", fee=Decimal("30"),
                                      quality_standard=marker)
    ServiceRecord.objects.create(
        pk=pk, community=tree.c1, item=item, household=Household.objects.get(pk=pk), company=company,
        served_on=dt.date(2026, 1, 5), fee_charged=Decimal("30"), note=marker,
    )
    now = timezone.now()
    complaint = Complaint.objects.create(
        pk=pk, unit=unit, company=company, source="community", household=Household.objects.get(pk=pk),
        resident_name=f"{marker}居民", phone="13912345678", matter="elevator", description=marker, routed_to=marker,
        filed_at=now, answer_due_at=now, created_by=owner,
    )
    Complaint.objects.filter(pk=pk).update(repeat_of=complaint)
    SatisfactionSurvey.objects.create(pk=pk, unit=unit, year=2026, quarter=1, sample_size=10, satisfied=9)
    inspection = Inspection.objects.create(
        pk=pk, unit=unit, company=company, inspected_on=dt.date(2026, 1, 5), items_checked=marker, findings=marker,
        score=90, inspector=owner,
    )
    # A row only: no file is written (its photo view then answers 404 to anyone).
    InspectionPhoto.objects.create(
        pk=pk, inspection=inspection, image="estates/inspections/planted.png", content_type="image/png",
        caption=marker,
    )
    # Weights belong to a district; the matrix needs an S1-owned row, so this one is bound to S1
    # (created without ``clean``, which would refuse a street): only S1's subtree may reach it.
    RankingWeights.objects.create(pk=pk, district=tree.s1)
    entry = ListEntry.objects.create(
        pk=pk, company=company, street=tree.s1, kind="black", basis="manual", evidence=marker, list_status="listed",
        starts_on=dt.date(2026, 1, 1), expires_on=dt.date(2027, 1, 1), appeal_reason=marker, proposed_by=owner,
    )
    ListStep.objects.create(pk=pk, entry=entry, list_status="listed", actor=owner, at=now, note=marker)
