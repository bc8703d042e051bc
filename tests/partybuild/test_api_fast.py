"""FastReadMixin (partybuild.api_fast) writes exactly what DRF writes, field by field and row by row."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db.models import F, Value
from django.urls import get_resolver
from rest_framework import serializers

from organizations.models import Member, MemberStatus
from partybuild import api_fast
from partybuild.api_fast import FastReadMixin
from partybuild.api_fields import ChoiceLabelField
from partybuild.api_personal import PersonalDataSerializerMixin
from tests.organizations.factories import MemberFactory


def _drf_output(serializer_cls, rows, context=None) -> list[dict]:
    """What DRF itself writes for ``rows``: the same serializer with DRF's own to_representation."""
    plain = type(f"Plain{serializer_cls.__name__}", (serializer_cls,),
                 {"to_representation": serializers.Serializer.to_representation})
    return [dict(row) for row in plain(rows, many=True, context=context or {}).data]


def _fast_output(serializer_cls, rows, context=None) -> list[dict]:
    return [dict(row) for row in serializer_cls(rows, many=True, context=context or {}).data]


def _members(tree) -> list[Member]:
    from accounts.models import Role
    from organizations.selectors import member_detail_qs
    from tests.conftest import make_user

    MemberFactory(name="李红", branch=tree.g1, household=tree.household1, phone="", is_in_service=True,
                  work_unit="区卫健局", registered_community=tree.c1, registered_on=dt.date(2024, 3, 1))
    MemberFactory(name="赵强", branch=tree.g3, category="probationary", gender="F", birth_date=dt.date(1999, 2, 28))
    MemberFactory(name="钱多", branch=tree.c2, status=MemberStatus.DECEASED, education="")
    admin = make_user("fastdana", Role.DISTRICT_ADMIN, tree.district)
    return list(member_detail_qs(user=admin).order_by("pk"))


def _all_fast_serializers() -> set[type]:
    assert get_resolver().url_patterns  # imports every app's API, and with it every serializer
    found, todo = set(), [FastReadMixin]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if not sub.__module__.startswith("tests.") and getattr(getattr(sub, "Meta", None), "model", None):
                found.add(sub)
    return found


# Each serializer that mixes FastReadMixin in, with rows that cover its empty and filled fields.
ROWS = {
    "organizations.api.serializers.MemberSerializer": _members,
}


def test_every_fast_serializer_is_compared_here():
    names = {f"{cls.__module__}.{cls.__qualname__}" for cls in _all_fast_serializers()}
    assert names, "nothing mixes FastReadMixin in"
    assert names == set(ROWS)


@pytest.mark.parametrize("path", sorted(ROWS))
def test_fast_output_equals_drf_output(path, tree):
    module, name = path.rsplit(".", 1)
    serializer_cls = getattr(__import__(module, fromlist=[name]), name)
    rows = ROWS[path](tree)
    assert len(rows) >= 3
    fast, drf = _fast_output(serializer_cls, rows), _drf_output(serializer_cls, rows)
    assert fast == drf
    # Keys in the same order: a client reading the JSON by eye sees the same document.
    assert [list(r) for r in fast] == [list(r) for r in drf]


class _Edgy(FastReadMixin, PersonalDataSerializerMixin, serializers.ModelSerializer):
    """Every kind of read the plan tells apart."""

    building = serializers.CharField(source="household.building.name", read_only=True)
    building_or_none = serializers.CharField(source="household.building.name", read_only=True, allow_null=True)
    branch_code = serializers.CharField(source="branch.code", read_only=True)
    status_label = ChoiceLabelField("status")
    display = serializers.CharField(source="get_gender_display", read_only=True)
    shown = serializers.SerializerMethodField()
    extra = serializers.IntegerField(read_only=True)
    historical = serializers.BooleanField(source="is_historical", read_only=True)

    class Meta:
        model = Member
        fields = ["id", "name", "id_number", "phone", "branch", "household", "building", "building_or_none",
                  "branch_code", "status_label", "display", "shown", "extra", "historical", "birth_date",
                  "updated_at"]

    def get_shown(self, obj) -> str:
        return f"{self.context.get('who', '?')}:{obj.pk}"


def test_edge_cases_read_as_drf_reads_them(tree):
    with_household = MemberFactory(branch=tree.g1, household=tree.household1)
    without = MemberFactory(branch=tree.g1, household=None, phone="")
    annotated = list(Member.objects.filter(pk__in=[with_household.pk, without.pk])
                     .annotate(extra=F("pk") + Value(1)).order_by("pk"))
    plain = list(Member.objects.filter(pk__in=[with_household.pk, without.pk]).order_by("pk"))
    context = {"who": "request-context"}
    for rows in (annotated, plain):
        fast, drf = _fast_output(_Edgy, rows, context), _drf_output(_Edgy, rows, context)
        assert fast == drf
    fast = _fast_output(_Edgy, plain, context)
    # An empty relation on the way: left out (read-only, not nullable) or None, as DRF has it.
    assert "building" not in fast[1] and fast[1]["building_or_none"] is None
    assert fast[0]["building"] == tree.building1.name
    # An annotation the query lacks is left out; the method field sees this request's context.
    assert "extra" not in fast[0] and _fast_output(_Edgy, annotated, context)[0]["extra"] == with_household.pk + 1
    assert fast[0]["shown"] == f"request-context:{with_household.pk}"
    # Personal data stays masked on the fast path.
    assert fast[0]["id_number"] != with_household.id_number and "*" in fast[0]["id_number"]


def test_a_nested_serializer_is_refused(tree):
    class Nested(FastReadMixin, serializers.ModelSerializer):
        periods = serializers.ListSerializer(child=serializers.CharField(), read_only=True)

        class Meta:
            model = Member
            fields = ["id", "periods"]

    with pytest.raises(ImproperlyConfigured, match="flat serializers only"):
        _ = Nested(Member(pk=1)).data
    api_fast._PLANS.pop(Nested, None)
