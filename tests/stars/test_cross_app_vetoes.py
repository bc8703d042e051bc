"""Vetoes from other apps' records: an open 软弱涣散 rectification (supervision) and a property
company on the black list (estates), each only when the district switches it on for the year."""

from __future__ import annotations

import datetime as dt

import pytest

from estates.models import ListEntry, PropertyCompany, ServiceUnit
from stars import vetoes
from supervision.models import Rectification
from tests.estates.factories import credit_code


def fired(tree, year) -> dict[int, set[str]]:
    return {cid: {h.code for h in hits} for cid, hits in vetoes.hits([tree.c1, tree.c2], year).items()}


@pytest.mark.django_db
def test_an_open_rectification_vetoes_only_when_switched_on(tree, year2026):
    Rectification.objects.create(organization=tree.c1, year=2026, reasons="班子不团结", answerable_cadre="王书记",
                                 listed_on=dt.date(2026, 1, 10))
    assert fired(tree, year2026) == {}
    year2026.veto_weak_organisation = True
    assert fired(tree, year2026) == {tree.c1.pk: {"weak_organisation"}}


@pytest.mark.django_db
def test_a_closed_rectification_does_not_veto(tree, year2026):
    Rectification.objects.create(organization=tree.c1, year=2026, reasons="班子不团结", answerable_cadre="王书记",
                                 listed_on=dt.date(2026, 1, 10), status="closed", closed_on=dt.date(2026, 5, 1))
    year2026.veto_weak_organisation = True
    assert fired(tree, year2026) == {}


@pytest.mark.django_db
def test_a_blacklisted_company_serving_the_community_vetoes_it(tree, year2026, alice):
    company = PropertyCompany.objects.create(registrar=tree.s1, name="某某物业", credit_code=credit_code(1),
                                             contact_name="张经理", address="中华路")
    ServiceUnit.objects.create(community=tree.c1, code="U1", name="西城小区", management_mode="company",
                               company=company, households=120)
    year2026.veto_blacklisted_property = True
    assert fired(tree, year2026) == {}
    ListEntry.objects.create(company=company, street=tree.s1, kind="black", basis="manual", evidence="投诉多",
                             list_status="listed", starts_on=dt.date(2026, 1, 1), expires_on=dt.date(2027, 1, 1),
                             proposed_by=alice)
    hits = vetoes.hits([tree.c1, tree.c2], year2026)
    assert {h.code for h in hits[tree.c1.pk]} == {"blacklisted_property"}
    assert hits[tree.c1.pk][0].records[0].label == "某某物业"
    assert tree.c2.pk not in hits
