"""Factories for grids, buildings and households."""

import factory
from factory.django import DjangoModelFactory

from grids.models import Building, Grid, Household


class GridFactory(DjangoModelFactory):
    class Meta:
        model = Grid

    code = factory.Sequence(lambda n: f"GRID{n:04d}")
    name = factory.Sequence(lambda n: f"第{n}网格")


class BuildingFactory(DjangoModelFactory):
    class Meta:
        model = Building

    name = factory.Sequence(lambda n: f"{n}号楼")
    address = factory.Sequence(lambda n: f"和平路{n}号")


class HouseholdFactory(DjangoModelFactory):
    class Meta:
        model = Household

    unit = factory.Sequence(lambda n: f"1单元{100 + n}")
    head_name = factory.Sequence(lambda n: f"住户{n}")
