from django.db import migrations


def create_rules(apps, schema_editor):
    """The club's one rules row, with the defaults of the seed (statuses, rates); the superuser edits it."""
    ClubRules = apps.get_model("loyalty", "ClubRules")
    if not ClubRules.objects.exists():
        ClubRules.objects.create()


class Migration(migrations.Migration):
    dependencies = [("loyalty", "0001_initial")]

    operations = [migrations.RunPython(create_rules, migrations.RunPython.noop)]
