"""The three service categories of seed 000, and a GIN index for full-text search on PostgreSQL."""

from django.db import migrations

CATEGORIES = [
    ("place-and-works", "Place and works", "Highways, environment, facilities, construction, works", 1),
    ("people", "People", "Children, adults, public health, education", 2),
    ("professional", "Professional", "ICT, office", 3),
]


def add_categories(apps, schema_editor):
    Category = apps.get_model("casestudies", "Category")
    for key, name, description, order in CATEGORIES:
        Category.objects.update_or_create(
            key=key, defaults={"name": name, "description": description, "order": order}
        )


def create_search_index(apps, schema_editor):
    # GIN indexes exist only on PostgreSQL; SQLite searches with a plain fallback instead.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS casestudies_casestudy_search_gin "
            "ON casestudies_casestudy USING gin (search_vector)"
        )


def drop_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS casestudies_casestudy_search_gin")


class Migration(migrations.Migration):
    dependencies = [("casestudies", "0001_case_studies")]

    operations = [
        migrations.RunPython(add_categories, migrations.RunPython.noop),
        migrations.RunPython(create_search_index, drop_search_index),
    ]
