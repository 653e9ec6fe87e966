"""The agencies app took over the accounts app's agency tables: same tables, content types of its own."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from agencies.models import Agency, AgencyFolderPage, AgencyMembership


@pytest.mark.django_db
def test_the_models_keep_the_tables_made_under_accounts():
    assert [model._meta.db_table for model in (Agency, AgencyFolderPage, AgencyMembership)] == [
        "accounts_agency",
        "accounts_agencyfolderpage",
        "accounts_agencymembership",
    ]
    assert {"accounts_agency", "accounts_agencyfolderpage", "accounts_agencymembership"} <= set(
        connection.introspection.table_names()
    )


@pytest.mark.django_db
def test_the_demo_agency_folders_are_agency_pages():
    folders = AgencyFolderPage.objects.all()
    assert folders.exists()
    for folder in folders:
        assert folder.content_type == ContentType.objects.get_for_model(AgencyFolderPage)
        assert folder.content_type.app_label == "agencies"
        assert isinstance(folder.get_latest_revision_as_object(), AgencyFolderPage)
    assert not ContentType.objects.filter(app_label="accounts", model__startswith="agency").exists()
