"""``manage.py requeue_stalled_jobs``: re-send import jobs left queued while the broker was down,
or left "running" by a worker that died (beat runs the same every five minutes)."""

from django.core.management.base import BaseCommand

from imports.tasks import requeue_stalled_jobs


class Command(BaseCommand):
    help = "Re-enqueue import jobs that no worker took (queued too long) or whose worker died."

    def add_arguments(self, parser):
        parser.add_argument("--minutes", type=int, default=5, help="Queued for at least this many minutes.")
        parser.add_argument("--running-minutes", type=int, default=None,
                            help="Running for longer than this (default: the task time limit plus 5).")

    def handle(self, *args, minutes, running_minutes, **options):
        # The task's body, run here and now rather than through the broker.
        sent = requeue_stalled_jobs(queued_minutes=minutes, running_minutes=running_minutes)
        self.stdout.write(f"{sent} job(s) sent to the workers.")
