"""Supervision committees: who keeps them and the composition check."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from supervision import selectors, services
from tests.organizations.factories import MemberFactory

from .factories import seat

pytestmark = pytest.mark.django_db


def full_committee(committee, tree):
    party = [MemberFactory(branch=tree.g1) for _ in range(3)]
    seat(committee, "stationed_cadre", "驻社区干部刘")
    seat(committee, "chair", "纪检委员陈", member=party[0])
    seat(committee, "party_member", "党员甲", member=party[1])
    seat(committee, "party_member", "党员乙", member=party[2])
    seat(committee, "non_party_resident", "居民丁")


def test_a_committee_of_the_five_seats_is_complete(carol, tree, committee_c1):
    assert len(services.composition_problems(committee_c1)) == 4
    full_committee(committee_c1, tree)
    assert services.composition_problems(committee_c1) == []
    row = selectors.committee_list_with_composition(user=carol, on=dt.date(2026, 6, 1)).get()
    assert services.composition_gaps({"stationed_cadre": row.n_stationed_cadre, "chair": row.n_chair,
                                      "party_member": row.n_party_member,
                                      "non_party_resident": row.n_non_party_resident}) == []


def test_a_member_who_left_no_longer_counts(carol, tree, committee_c1):
    full_committee(committee_c1, tree)
    gone = committee_c1.seats.get(name="居民丁")
    services.seat_end(user=carol, seat=gone, until=dt.date(2026, 5, 31))
    assert services.composition_problems(committee_c1) == ["非党员居民:0 / 1"]


def test_a_seat_beyond_the_composition_is_refused(carol, tree, committee_c1):
    full_committee(committee_c1, tree)
    member = MemberFactory(branch=tree.g1)
    with pytest.raises(ValidationError, match="该席位已有 2 人"):
        services.seat_add(user=carol, committee=committee_c1, seat="party_member", name="党员丙", member=member,
                          since=dt.date(2026, 6, 1))


def test_a_party_member_seat_is_for_someone_off_the_residents_committee(carol, tree, committee_c1):
    member = MemberFactory(branch=tree.g1)
    with pytest.raises(ValidationError, match="不是居委会成员"):
        services.seat_add(user=carol, committee=committee_c1, seat="party_member", name="党员甲", member=member,
                          is_on_residents_committee=True, since=dt.date(2026, 6, 1))


def test_the_non_party_seat_is_not_for_a_party_member(carol, tree, committee_c1):
    with pytest.raises(ValidationError, match="不能由党员担任"):
        services.seat_add(user=carol, committee=committee_c1, seat="non_party_resident", name="居民",
                          member=MemberFactory(branch=tree.g1), since=dt.date(2026, 6, 1))


def test_the_chair_is_linked_to_a_member_of_the_community(carol, tree, committee_c1):
    with pytest.raises(ValidationError, match="关联党员档案"):
        services.seat_add(user=carol, committee=committee_c1, seat="chair", name="陈", since=dt.date(2026, 6, 1))
    with pytest.raises(ValidationError, match="既不属于也不住在本社区"):
        services.seat_add(user=carol, committee=committee_c1, seat="chair", name="赵",
                          member=MemberFactory(branch=tree.g3), since=dt.date(2026, 6, 1))


def test_outsiders_and_grid_workers_cannot_keep_a_committee(charlie, gina, tree, committee_c1):
    for user in (charlie, gina):
        with pytest.raises(PermissionDenied):
            services.seat_add(user=user, committee=committee_c1, seat="stationed_cadre", name="x",
                              since=dt.date(2026, 6, 1))
    with pytest.raises(PermissionDenied):
        services.committee_create(user=charlie, community=tree.c2)


def test_one_committee_per_community(carol, tree, committee_c1):
    with pytest.raises(ValidationError, match="已有居务监督委员会"):
        services.committee_create(user=carol, community=tree.c1)
