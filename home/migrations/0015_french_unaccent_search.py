"""On PostgreSQL, a full-text configuration that folds accents as well as French stems:
visitors type "metacognition" or "theatre" for "Métacognition" and "théâtre". SQLite's FTS5
tokenizer folds them already. ``unaccent`` is a trusted extension (PostgreSQL 13+): the
database's owner may create it. Rebuild the index once after migrating (``update_index``)."""

from django.db import migrations

CONFIG = "french_unaccent"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = %s", [CONFIG])
        if cursor.fetchone() is None:
            cursor.execute(f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = french)")
            cursor.execute(
                f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} "
                "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem"
            )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}")


class Migration(migrations.Migration):
    dependencies = [("home", "0014_titles_in_english")]

    operations = [migrations.RunPython(create, drop)]
