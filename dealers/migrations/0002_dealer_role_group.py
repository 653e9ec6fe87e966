"""The dealer role's group (accounts/roles.py: «Дилер», admin access); idempotent, like the other role groups."""

from django.db import migrations

from accounts import roles


def sync_role_groups(apps, schema_editor):
    roles.sync_role_groups(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("dealers", "0001_dealers"),
        ("accounts", "0009_agencies_moved_out"),
    ]

    operations = [migrations.RunPython(sync_role_groups, migrations.RunPython.noop)]
