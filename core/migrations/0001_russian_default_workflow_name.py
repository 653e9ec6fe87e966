"""Wagtail's migration 0048 names the default workflow and its task «Moderators approval» (from the English group
name): the admin shows it to Russian editors. Renamed unless an editor has renamed it already."""

from django.db import migrations

OLD, NEW = "Moderators approval", "Утверждение модераторами"


def rename(apps, old, new):
    for model in ("Workflow", "Task"):
        apps.get_model("wagtailcore", model).objects.filter(name=old).update(name=new)


def forwards(apps, schema_editor):
    rename(apps, OLD, NEW)


def backwards(apps, schema_editor):
    rename(apps, NEW, OLD)


class Migration(migrations.Migration):
    dependencies = [("wagtailcore", "0048_add_default_workflows")]

    operations = [migrations.RunPython(forwards, backwards)]
