"""The role groups (accounts/roles.py) with their model permissions. Idempotent: groups are found by name
and permissions only added; reversing deletes the role groups."""

from django.db import migrations

from accounts import roles


def create_role_groups(apps, schema_editor):
    roles.sync_role_groups(apps)


def delete_role_groups(apps, schema_editor):
    roles.delete_role_groups(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_agencies"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("blog", "0002_initial"),
        ("catalog", "0003_listings"),
        ("home", "0002_initial"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
    ]

    operations = [migrations.RunPython(create_role_groups, delete_role_groups)]
