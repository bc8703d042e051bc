"""The demo's summaries: computed once every other app has seeded its records (the last of
``organizations.demo.ACTIVITY_SEEDERS``), as ``manage.py rebuild_summaries`` would."""

from __future__ import annotations

from .models import CurrentSummary, MonthSummary, ReportBreakdownSummary
from .services import summaries_rebuild


def seed_activity(*, root, scale, rng, fake, ref) -> dict[str, int]:
    summaries_rebuild()
    return {"summary rows": (CurrentSummary.objects.count() + MonthSummary.objects.count()
                             + ReportBreakdownSummary.objects.count())}
