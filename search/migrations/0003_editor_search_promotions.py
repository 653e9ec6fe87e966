"""Editors set promoted search results (accounts/roles.py); adds the permissions to their role group."""

from django.db import migrations

from accounts import roles


def sync_role_groups(apps, schema_editor):
    roles.sync_role_groups(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0009_agencies_moved_out"),
        ("search", "0002_title_skeleton_trigram_index"),
        ("wagtailsearchpromotions", "0008_query_verbose_name"),
    ]

    operations = [migrations.RunPython(sync_role_groups, migrations.RunPython.noop)]
