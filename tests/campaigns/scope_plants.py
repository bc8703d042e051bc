"""One S1-owned row of every scoped model of the campaigns app, for tests/test_scope_matrix.py."""

from __future__ import annotations

import datetime as dt

from campaigns.models import BoardEntry, Brand, BrandPhoto, Designation, StarGrade


def plant(*, pk, owner, org, marker, tree) -> None:
    StarGrade.objects.create(pk=pk, year=2026, organization=tree.c1, self_grade=3, self_summary=marker)
    Designation.objects.create(pk=pk, community=tree.c1, year=2026, kind="safe", note=marker)
    brand = Brand.objects.create(pk=pk, community=tree.c1, name=f"{marker}品牌", description=marker)
    # A row only: no file is written (its download then answers 404 to anyone).
    BrandPhoto.objects.create(pk=pk, brand=brand, image="campaigns/brands/planted.png", content_type="image/png",
                              caption=marker)
    BoardEntry.objects.create(pk=pk, community=tree.c1, compound=marker, kind="red", date=dt.date(2026, 1, 2),
                              text=marker, resident_name=f"{marker}居民")
