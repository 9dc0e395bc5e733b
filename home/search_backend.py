"""Wagtail's database search backend, with relevance ranked in one pass on SQLite.

On SQLite, the backend orders results by a score computed in a correlated subquery: the
full-text match runs again for every matching page, so a search costs the square of the
number of matches (0.7 s for one word found in 3,000 news items; upstream notes the same,
wagtail/django-modelsearch#85). Here the match runs once: the scores of every eligible
match come back in one query, are sorted in Python, and only the requested slice of pages
is loaded. PostgreSQL and MySQL keep Wagtail's own backend, which ranks in one query.
"""

from django.db import connection
from modelsearch.backends.database import SearchBackend as DatabaseSearchBackend


def SearchBackend(params):
    """Wagtail looks a backend module's class up by this name (as the database backend does)."""
    backend = DatabaseSearchBackend(params)
    if connection.vendor == "sqlite":
        # Deferred: the SQLite module's index models exist only on SQLite.
        from .search_ranking_sqlite import RankedOnceSQLiteSearchBackend, SQLiteSearchBackend  # noqa: PLC0415 (SQLite only: its index models exist only there)

        if isinstance(backend, SQLiteSearchBackend):
            return RankedOnceSQLiteSearchBackend(params)
    return backend
