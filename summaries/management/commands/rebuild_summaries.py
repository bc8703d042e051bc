"""``manage.py rebuild_summaries``: recompute every summary row now (also nightly by beat)."""

from django.core.management.base import BaseCommand

from summaries.services import summaries_rebuild


class Command(BaseCommand):
    help = "Recompute the precomputed aggregates (summaries) of every organisation from the records."

    def handle(self, *args, **options):
        run = summaries_rebuild()
        seconds = (run.finished_at - run.started_at).total_seconds()
        self.stdout.write(f"Summaries rebuilt: {run.buckets} organisations in {seconds:.1f} s.")
