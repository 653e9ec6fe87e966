"""PostgreSQL only: no two stays of one property that hold their dates may share a night.

A HOLD is included whatever its expiry: the service records stale holds as EXPIRED in the same
transaction before it inserts, so the constraint only ever refuses a real conflict."""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE bookings_booking ADD CONSTRAINT booking_no_overlap
    EXCLUDE USING gist (rental_id WITH =, daterange(check_in, check_out, '[)') WITH &&)
    WHERE (status IN ('HOLD', 'CONFIRMED', 'CHECKED_IN'));
"""
DROP = "ALTER TABLE bookings_booking DROP CONSTRAINT IF EXISTS booking_no_overlap;"


def add_constraint(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_constraint(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("bookings", "0001_initial")]

    operations = [migrations.RunPython(add_constraint, drop_constraint)]
