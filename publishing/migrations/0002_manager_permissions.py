"""Managers see publications and send them again (accounts/roles.py); adds the permissions to the role group,
which accounts' own migration skipped because this app's models did not exist yet."""

from django.db import migrations

from accounts import roles


def sync_role_groups(apps, schema_editor):
    roles.sync_role_groups(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_role_groups"),
        ("publishing", "0001_crossposting"),
    ]

    operations = [migrations.RunPython(sync_role_groups, migrations.RunPython.noop)]
