from django.db import migrations

from orglife.defaults import default_rule_rows


def add_defaults(apps, schema_editor):
    rule = apps.get_model("orglife", "FrequencyRule")
    rule.objects.bulk_create([rule(**row) for row in default_rule_rows()], ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("orglife", "0001_initial")]
    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
