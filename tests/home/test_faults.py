"""The fault run's own parts (bench/faults.py): its SMTP server, its arithmetic, its
verdicts. The run itself (a PostgreSQL cluster, gunicorn, a worker) is `make faults`."""

import smtplib

import pytest
from django.core.mail import EmailMessage

from bench.faults import (
    Outcome,
    SmtpSink,
    acknowledged,
    orphan_attachments,
    postgres_bindir,
    summary_table,
)


@pytest.fixture
def sink():
    server = SmtpSink()
    server.up()
    yield server
    server.down()


@pytest.fixture(autouse=True)
def _smtp(settings, sink):
    """As the run configures the site: Django's SMTP mailer pointed at the sink."""
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": sink.port, "timeout": 5},
        }
    }


def send(sink, to, subject):
    EmailMessage(subject=subject, body="Corps", to=[to]).send()


def test_the_smtp_server_receives_what_django_sends_and_can_be_taken_down(sink):
    send(sink, "faults-a@example.org", "Candidature CAND-2026-001 reçue")
    assert sink.delivered("faults-") == [
        ("faults-a@example.org", "Candidature CAND-2026-001 reçue")
    ]
    sink.down()
    with pytest.raises(ConnectionRefusedError):
        send(sink, "faults-b@example.org", "Rien")
    sink.up()
    send(sink, "faults-b@example.org", "De retour")
    assert [to for to, _subject in sink.delivered("faults-")] == [
        "faults-a@example.org",
        "faults-b@example.org",
    ]
    with smtplib.SMTP("127.0.0.1", sink.port, timeout=5) as client:
        assert client.noop()[0] == 250


@pytest.mark.parametrize(
    ("kind", "answer", "expected"),
    [
        ("candidature", (302, "/colloque/2026/candidature/suivi/abc/", ""), "created"),
        ("candidature", (200, "", "<h1>Nous avons déjà cette candidature</h1>"), "repeat"),
        ("registration", (302, "/communautes/x/inscription/abc/", ""), "created"),
        ("registration", (200, "", "Vous êtes déjà inscrit"), "repeat"),
        ("candidature", (500, "", "Erreur du serveur"), None),
        ("candidature", ("ConnectionError", "", ""), None),
        ("candidature", (302, "/admin/login/", ""), None),
    ],
)
def test_what_counts_as_acknowledged(kind, answer, expected):
    assert acknowledged(kind, *answer) == expected


def test_a_file_no_row_names_is_left_behind(tmp_path):
    class Database:
        def attachment_names(self):
            return {"host-applications/1/owned.pdf"}

    folder = tmp_path / "host-applications" / "1"
    folder.mkdir(parents=True)
    (folder / "owned.pdf").write_bytes(b"%PDF")
    (folder / "stray.pdf").write_bytes(b"%PDF")
    assert orphan_attachments(Database(), tmp_path) == ["host-applications/1/stray.pdf"]


def test_the_table_fails_when_anything_is_lost_or_left_behind():
    import datetime

    good = Outcome("Bien", tried=3, acknowledged=3, stored=3, emails="3 queued, 3 sent")
    bad = Outcome("Mal", tried=3, acknowledged=3, stored=2, passed=False)
    bad.left_behind.append("1 acknowledged but not stored")
    started = datetime.datetime(2026, 12, 7, 6, 0)
    report, passed = summary_table([good], started=started)
    assert passed and "| Bien | 3 | 3 | 3 | — | 3 queued, 3 sent | nothing | PASS |" in report
    report, passed = summary_table([good, bad], started=started)
    assert not passed and "1 acknowledged but not stored | FAIL |" in report


def test_postgresql_binaries_are_found_or_the_run_says_so():
    try:
        bindir = postgres_bindir()
    except SystemExit as refusal:
        assert "initdb and pg_ctl are needed" in str(refusal)
    else:
        assert (bindir / "pg_ctl").exists() and (bindir / "initdb").exists()
