"""Factories for grid reports."""

from __future__ import annotations

import factory

from reports.models import Department, DepartmentKind, ReportCategory


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    name = factory.Sequence(lambda n: f"城管执法中队{n}")
    kind = DepartmentKind.STREET


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportCategory

    code = factory.Sequence(lambda n: f"cat{n}")
    name = factory.Sequence(lambda n: f"安全隐患{n}")
    time_limit_hours = 72
