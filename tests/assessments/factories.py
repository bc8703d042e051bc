"""Schemes built directly (the services are what the tests exercise)."""

from __future__ import annotations

from decimal import Decimal

from assessments.models import Indicator, IndicatorKind, Scheme


def make_scheme(district, *, year: int = 2026, level: str = "community", period_kind: str = "half") -> Scheme:
    scheme = Scheme.objects.create(organization=district, year=year, level=level, name="社区党建考核",
                                   period_kind=period_kind)
    a = Indicator.objects.create(scheme=scheme, code="A", name="组织建设", weight=Decimal(60),
                                 kind=IndicatorKind.PARENT, position=1)
    Indicator.objects.create(scheme=scheme, code="A1", name="结案率", parent=a, weight=Decimal(40),
                             computation="test.a", rule="target:90", position=2)
    Indicator.objects.create(scheme=scheme, code="A2", name="走访", parent=a, weight=Decimal(20),
                             computation="test.b", rule="band:0-10", org_aggregation="sum", position=3)
    Indicator.objects.create(scheme=scheme, code="B", name="超期", weight=Decimal(40), computation="test.c",
                             rule="inverse_target:0", org_aggregation="members", position=4)
    return scheme
