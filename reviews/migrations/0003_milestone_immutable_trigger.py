"""On PostgreSQL, refuse UPDATE of milestone rows in the database itself.

One update is let through: deleting a user sets ``created_by_id`` to NULL on the milestones
they recorded (``on_delete=SET_NULL``), and nothing else of the row may change with it.
"""

from __future__ import annotations

from django.db import migrations

TABLES = ("reviews_milestone", "reviews_milestonereview")

CREATE = """
CREATE OR REPLACE FUNCTION mllens_refuse_milestone_update() RETURNS trigger AS $$
BEGIN
    IF to_jsonb(OLD) ? 'created_by_id'
       AND to_jsonb(NEW) -> 'created_by_id' = 'null'::jsonb
       AND to_jsonb(NEW) - 'created_by_id' = to_jsonb(OLD) - 'created_by_id' THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'milestones are immutable (%)', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # params=None: with parameters (even none) psycopg reads the `%` of RAISE as a placeholder.
    schema_editor.execute(CREATE, params=None)
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_immutable BEFORE UPDATE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION mllens_refuse_milestone_update()"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_immutable ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS mllens_refuse_milestone_update()")


class Migration(migrations.Migration):
    dependencies = [("reviews", "0002_milestone_milestonereview_and_more")]
    operations = [migrations.RunPython(forwards, backwards)]
