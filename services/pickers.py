"""The pledge form's member picker: current members of the organisation without a pledge that year
(三诺: one pledge per member and year; a member who has one gets items added to it instead)."""

from __future__ import annotations

from organizations.pickers import search_members
from partybuild.pickers import Picker, int_param

from .models import Pledge


def search_pledge_members(user, term: str, params):
    qs = search_members(user, term, {"within": params.get("within", ""), "action": "edit"})
    year = int_param(params, "year")
    if year is not None:
        qs = qs.exclude(pk__in=Pledge.objects.filter(year=year).values("member_id"))
    return qs


PLEDGE_MEMBERS = Picker("pledge-member", search_pledge_members, lambda m: f"{m.name} · {m.branch.name}",
                        params=("within", "year"))
