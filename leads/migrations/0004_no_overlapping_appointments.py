"""PostgreSQL only: no two scheduled meetings of one manager may overlap in time.

leads.scheduling locks the managers' profile rows before it checks and inserts; this constraint is
the last line of defence if something skips that lock. Cancelled, done and no-show meetings free the slot."""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE leads_appointment ADD CONSTRAINT appointment_no_overlap
    EXCLUDE USING gist (manager_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&)
    WHERE (status = 'scheduled');
"""
DROP = "ALTER TABLE leads_appointment DROP CONSTRAINT IF EXISTS appointment_no_overlap;"


def add_constraint(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_constraint(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("leads", "0003_calendar_reminders_feeds_days_off_inline")]

    operations = [migrations.RunPython(add_constraint, drop_constraint)]
