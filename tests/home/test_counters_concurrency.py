"""Counters hit by many threads at once: each hit counted, on SQLite and PostgreSQL.

Run by .ci/run in a process of their own (``-m concurrency``), on PostgreSQL and on a SQLite
file (``TEST_DATABASE_FILE``): an in-memory SQLite database shares one connection's cache
between threads, which is not how the site runs.
"""

import threading

import pytest
from django.db import connection

from home import ratelimit

pytestmark = [
    pytest.mark.concurrency,
    # Serialized, as every transactional test here: a plain flush would run post_migrate and
    # leave rows that the next serialized test then writes again.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def race(*, clients, hits, action):
    """``clients`` threads, started together, each doing ``action`` ``hits`` times."""
    barrier, errors = threading.Barrier(clients), []

    def client():
        try:
            barrier.wait(timeout=30)
            for _ in range(hits):
                action()
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []


def hits_counted(*, scope, ident):
    return ratelimit._count(f"ratelimit:{scope}:{ident}", 3600) - 1  # this one not counted


@pytest.mark.parametrize(("clients", "hits"), [(40, 1), (2, 50), (8, 25)])
def test_every_concurrent_hit_is_counted(clients, hits):
    race(
        clients=clients,
        hits=hits,
        action=lambda: ratelimit.hit(scope="course", ident="10.0.0.1", limit=10**6),
    )
    assert hits_counted(scope="course", ident="10.0.0.1") == clients * hits


def test_concurrent_sign_in_failures_lock_at_the_limit(settings):
    settings.ADMIN_LOGIN_FAILURE_LIMIT = 30
    race(
        clients=10,
        hits=3,
        action=lambda: ratelimit.record_login_failure(username="sophie", ip="10.0.0.2"),
    )
    key = ratelimit._login_keys(username="sophie", ip="10.0.0.2")[0][0]
    assert ratelimit.count_of(key) == 30
    assert ratelimit.login_locked(username="Sophie ", ip="10.9.9.9")
