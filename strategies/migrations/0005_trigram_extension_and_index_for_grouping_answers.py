"""pg_trgm on PostgreSQL, for grouping near-identical answers (docs/decisions/0017): the
extension and a trigram index on the answers' text. SQLite has neither and needs neither."""

from django.db import migrations

INDEX = "strategies_responseanswer_text_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON strategies_responseanswer "
        "USING gin (text gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    # The extension stays: another app may use it, and dropping it needs more rights.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("strategies", "0004_analysis_publication_changes_and_postal_entry")]

    operations = [migrations.RunPython(create, drop)]
