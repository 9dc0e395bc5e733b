"""The load script's own arithmetic and guards (no server, no timing here)."""

import pytest

from bench.load import (
    cookies_from,
    csrf_token,
    percentile,
    require_local,
    require_resettable,
    succeeded,
    summary_table,
)


def test_percentile_is_the_nearest_rank():
    values = list(range(1, 101))
    assert percentile(values, 50) == 50
    assert percentile(values, 99) == 99
    assert percentile([7], 99) == 7
    assert percentile([3, 1, 2], 50) == 2
    assert percentile([], 50) != percentile([], 50)  # NaN


def test_only_this_machine_is_loaded_or_reset():
    assert require_local("127.0.0.1") == "127.0.0.1"
    assert require_local("localhost") == "localhost"
    with pytest.raises(SystemExit, match=r"only 127\.0\.0\.1"):
        require_local("example.org")
    assert require_resettable("sqlite:///var/load/load.sqlite3")
    assert require_resettable("postgres://postgres@127.0.0.1:5432/load")
    with pytest.raises(SystemExit, match="refusing to reset"):
        require_resettable("postgres://user@db.example.org:5432/prod")


def test_reads_the_form_and_the_cookies():
    html = '<input type="hidden" name="csrfmiddlewaretoken" value="abc123">'
    assert csrf_token(html) == "abc123"
    with pytest.raises(ValueError):
        csrf_token("<form></form>")
    headers = [
        ("Set-Cookie", "csrftoken=tok; expires=Thu, 01 Jan 2027; Path=/; SameSite=Lax; Secure"),
        ("Content-Type", "text/html"),
        ("set-cookie", "django_language=fr-ca; Path=/"),
    ]
    assert cookies_from(headers) == {"csrftoken": "tok", "django_language": "fr-ca"}


def test_success_is_a_redirect_to_the_private_link():
    assert succeeded("candidature", 302, "/colloque/2026/candidature/suivi/abc/")
    assert not succeeded("candidature", 200, "")
    assert succeeded("registration", 302, "/communautes/x/inscription/tok/")
    assert not succeeded("registration", 409, "")


def test_table_fails_on_a_lost_row_or_a_server_error():
    ok = {"status": 302, "ms": 10.0, "ok": True}
    results = {"candidature": [ok, ok], "registration": [ok, {"status": 500, "ms": 5, "ok": False}]}
    emails = {"emails": 3, "emails_sent": 3}
    report, passed = summary_table(
        results, {"candidature": 2, "registration": 1}, emails, clients=2, seconds=5, database="x"
    )
    assert not passed
    assert "| candidature | 2 | 2 | 2 | — |" in report
    assert "| registration | 2 | 1 | 1 | 500: 1 |" in report
    assert "Emails queued in the outbox: 3" in report
    _report, passed = summary_table(
        {"candidature": [ok]}, {"candidature": 1}, emails, clients=1, seconds=5, database="x"
    )
    assert passed
