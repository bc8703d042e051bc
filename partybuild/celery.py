import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partybuild.settings")

app = Celery("partybuild")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="partybuild.debug_ping")
def debug_ping() -> str:
    """Round trip through the broker, used by health checks and the test suite."""
    return "pong"
