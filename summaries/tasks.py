"""Background recomputes of the summaries. Thin tasks: safe to run twice (a recompute replaces
the rows of its buckets; a rebuild replaces all of them)."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(name="summaries.recompute", acks_late=True)
def recompute_summaries(org_ids: list[int], grid_ids: list[int] = ()) -> int:
    return services.summaries_recompute(org_ids=org_ids, grid_ids=grid_ids)


@shared_task(name="summaries.nightly_rebuild")
def nightly_rebuild() -> int:
    """Beat (nightly): catches any change that reached the records without a touch."""
    return services.summaries_rebuild().buckets
