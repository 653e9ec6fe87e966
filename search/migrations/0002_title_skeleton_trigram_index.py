"""pg_trgm and a trigram index on the skeleton of page titles (search/translit.py), and a full-text index on what
Wagtail's PostgreSQL backend matches, on PostgreSQL only.

The index holds `translate(title, SKELETON_FROM, SKELETON_TO)`, the very expression search.engine.Skeleton
writes, so the typo search and the suggestions (`%>`, `LIKE '%…%'`) read the index, not every title. SQLite has
neither: the search there skips the trigram step.

Wagtail's backend matches `title || body` of its index entries, an expression its own GIN indexes (on `title`, on
`body`) do not serve: without this index every search read all entries (200 ms over 50 000 listings)."""

from django.db import migrations

from search.translit import SKELETON_FROM, SKELETON_TO

INDEX = "search_page_title_skeleton_trgm"
FULL_TEXT_INDEX = "search_indexentry_title_body_gin"


def quoted(text):
    return "'" + text.replace("'", "''") + "'"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailcore_page "
        f"USING gin (translate(title, {quoted(SKELETON_FROM)}, {quoted(SKELETON_TO)}) gin_trgm_ops)"
    )
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {FULL_TEXT_INDEX} ON wagtailsearch_indexentry USING gin ((title || body))"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
        schema_editor.execute(f"DROP INDEX IF EXISTS {FULL_TEXT_INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_query_log"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create, drop)]
