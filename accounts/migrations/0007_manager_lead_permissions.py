"""The manager role sees leads and records phone leads (accounts/roles.py); adds the permissions to the group."""

from django.db import migrations

from accounts import roles


def sync_role_groups(apps, schema_editor):
    roles.sync_role_groups(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_role_groups"),
        ("leads", "0002_scoring_settings_and_reasons"),
    ]

    operations = [migrations.RunPython(sync_role_groups, migrations.RunPython.noop)]
