"""Background rollups. Thin tasks taking ids: the work is ``rollup``'s steps, each an idempotent
upsert in its own transaction, so a redelivered message or a rerun after a killed worker only
repeats work, never doubles it."""

from __future__ import annotations

import logging

from celery import chord, shared_task

from . import rollup

logger = logging.getLogger(__name__)


@shared_task(name="assessments.chunk_step", acks_late=True)
def chunk_step(run_id: int, within: str) -> int:
    return rollup.chunk_step(run_id=run_id, within=within)


@shared_task(name="assessments.finish_step", acks_late=True)
def finish_step(_changed, run_id: int) -> None:
    rollup.finish_step(run_id=run_id)


@shared_task(name="assessments.run_rollup", acks_late=True)
def run_rollup(run_id: int) -> None:
    """The chunks (a street each, or the changed communities) as a group that any free worker
    takes one at a time, then the final step."""
    from .models import ScoreRun

    run = ScoreRun.objects.select_related("scheme__organization").get(pk=run_id)
    header = [chunk_step.si(run_id, within) for within in rollup.plan(run)]
    if not header:
        rollup.finish_step(run_id=run_id)
        return
    chord(header)(finish_step.s(run_id))


@shared_task(name="assessments.nightly_rollup")
def nightly_rollup() -> int:
    """Beat (nightly): an incremental run of every scheme of this year for the current period."""
    from . import services

    return len(services.rollups_for_today())
