"""The demo in the test database, and whole copies of a SQLite database in memory (SQLite's
backup API, in milliseconds): what ``tests/conftest.py`` and the browser journey share."""

import sqlite3
from io import StringIO

# The demo as the first module that asked for it left it, per test process (SQLite in memory).
_demo_snapshot = {}


def copy_of(connection):
    """A copy of the SQLite database of ``connection`` as it is now."""
    connection.ensure_connection()
    copy = sqlite3.connect(":memory:")
    connection.connection.backup(copy)
    return copy


def put_back(copy, connection):
    """Replace the database of ``connection`` with ``copy``, which is then closed."""
    copy.backup(connection.connection)
    copy.close()


def load_demo(media):
    from django.core.management import call_command
    from django.test.utils import override_settings

    with override_settings(MEDIA_ROOT=media):
        call_command("load_demo", stdout=StringIO())


def process_demo(connection, tmp_path_factory):
    """Put this test process's demo in the database (SQLite in memory), loading it the first
    time; returns the media directory its files are in."""
    from django.db import transaction

    if not _demo_snapshot:
        media = tmp_path_factory.mktemp("demo-media")
        with transaction.atomic():
            load_demo(media)
            # What the demo's commit would start (renditions, notes) never ran when the
            # load was rolled back: the tests were written against that demo.
            connection.run_on_commit = []
        _demo_snapshot.update(database=copy_of(connection), media=media)
    else:
        connection.ensure_connection()
        _demo_snapshot["database"].backup(connection.connection)
    return _demo_snapshot["media"]
