"""Wagtail's install creates the groups «Editors» and «Moderators»; our roles are the groups of
accounts/roles.py, so the two defaults only confuse the group list. They go if they still have their
default names, are not one of our role groups and nobody was put in them."""

from django.db import migrations

from accounts import roles

WAGTAIL_DEFAULT_GROUPS = ("Editors", "Moderators")


def remove_wagtail_default_groups(apps, schema_editor):
    ours = {roles.ROLES[code].name for code in roles.GROUP_ROLES}
    names = [name for name in WAGTAIL_DEFAULT_GROUPS if name not in ours]
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=names, user__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0007_manager_lead_permissions"),
    ]

    operations = [migrations.RunPython(remove_wagtail_default_groups, migrations.RunPython.noop)]
