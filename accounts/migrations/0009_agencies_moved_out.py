# The agencies moved to their own app (agencies/migrations/0001_initial.py): accounts forgets the models, and the
# tables stay where they are, under their old names.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0008_remove_wagtail_default_groups'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='AgencyMembership'),
                migrations.DeleteModel(name='Agency'),
                migrations.DeleteModel(name='AgencyFolderPage'),
            ],
            database_operations=[],
        ),
    ]
