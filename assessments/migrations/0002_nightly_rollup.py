"""The nightly rollup in django-celery-beat's tables (editable in the admin): 02:30 every night."""

from django.db import migrations

TASK = "assessments.nightly_rollup"


def add(apps, schema_editor):
    Crontab = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    schedule, _ = Crontab.objects.get_or_create(minute="30", hour="2", day_of_week="*", day_of_month="*",
                                                month_of_year="*", timezone="Asia/Shanghai")
    PeriodicTask.objects.get_or_create(name="assessments-nightly-rollup", defaults={
        "task": TASK, "crontab": schedule,
        "description": "Incremental rollup of this year's schemes for the current period",
    })


def remove(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(task=TASK).delete()


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_initial"), ("django_celery_beat", "0019_alter_periodictasks_options")]
    operations = [migrations.RunPython(add, remove)]
