"""`make faults`: break things under real HTTP and count what was lost or left behind.

The production stack on this machine only: gunicorn (2 workers) and the task worker
(``manage.py db_worker``) with the production settings, a PostgreSQL cluster of the run's
own (``initdb`` in a temporary directory, on a free port of 127.0.0.1, removed at the end:
the shared server on port 5432 is never touched, let alone stopped) and an SMTP server of
the run's own (in this process, on 127.0.0.1, which it takes down and brings back). The
demo site is loaded, then four faults, each bounded in count and time:

1. **Concurrent duplicates**: the same candidature 10 times at once, the same
   registration 20 times at once.
2. **Mail server down**: 20 candidatures while SMTP refuses connections; SMTP back; the
   outbox's retries (a minute later) must send each email once.
3. **Worker killed mid-burst**: 30 candidatures, the worker killed (SIGKILL) while it
   sends their emails, a new one started; every email must go out.
4. **Database stopped**: candidatures with a PDF sent by 4 clients while PostgreSQL is
   stopped for 5 seconds and started again.

For each: what was tried, what was acknowledged (the visitor was told it was received),
what was stored, the emails (queued, delivered, delivered twice) and anything left behind
(an acknowledged submission not stored, an attachment no row owns, an email never sent, a
task held by a killed worker, a worker that died). The table is printed and saved under
bench/results/; the run exits 1 when something was lost or a worker died.

Needs PostgreSQL's server binaries (``initdb``, ``pg_ctl``; found with ``pg_config`` or on
PATH; as root, they run as the ``postgres`` user) and the Python packages of the project.
"""

import argparse
import contextlib
import datetime
import email
import email.header
import json
import os
import pwd
import re
import shutil
import signal
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import psycopg2
import requests

from bench.load import TARGETS_SCRIPT, candidature_data, registration_data
from bench.run import PYTHON, RESULTS, ROOT, bench_env, free_port, manage, prepare, serve

VAR = ROOT / "var" / "faults"
LOOPBACK = "127.0.0.1"
TIMEOUT = 30  # seconds, any single request
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
# What the run waits for the worker at most, per fault (the outbox retries a minute later).
EMAIL_WAIT = 150
LOST_AFTER = 15  # OUTBOX_LOST_AFTER_SECONDS for the run: a lost email is found sooner
SWEEP = 5  # TASK_WORKER_SWEEP_SECONDS for the run
ABANDONED_AFTER = 10  # TASK_ABANDONED_AFTER_SECONDS for the run: a dead worker's task, sooner


def step(message):
    print(f"--- {message}", flush=True)


# A PostgreSQL cluster of the run's own -----------------------------------------------------


def postgres_bindir():
    """Where initdb and pg_ctl are: pg_config's answer, else PATH."""
    with contextlib.suppress(OSError, subprocess.CalledProcessError):
        found = subprocess.run(
            ["pg_config", "--bindir"], capture_output=True, text=True, check=True
        ).stdout.strip()
        if (Path(found) / "pg_ctl").exists():
            return Path(found)
    initdb = shutil.which("initdb")
    if initdb is None:
        raise SystemExit("faults: PostgreSQL's initdb and pg_ctl are needed (not found)")
    return Path(initdb).resolve().parent


class Cluster:
    """A throw-away PostgreSQL: its own directory, its own port on 127.0.0.1, trust auth."""

    def __init__(self):
        self.bindir = postgres_bindir()
        self.port = free_port()
        self.directory = Path(tempfile.mkdtemp(prefix="expressives-faults-pg-"))
        self.data = self.directory / "data"
        # initdb refuses to run as root: then the cluster belongs to the postgres user.
        self.as_user = []
        if os.geteuid() == 0:
            try:
                owner = pwd.getpwnam("postgres")
            except KeyError:
                raise SystemExit("faults: as root, a 'postgres' user must exist") from None
            os.chown(self.directory, owner.pw_uid, owner.pw_gid)
            self.as_user = ["runuser", "-u", "postgres", "--"]
        self.running = False

    @property
    def url(self):
        return f"postgres://postgres@{LOOPBACK}:{self.port}/faults"

    def _run(self, *args, timeout=120):
        subprocess.run(
            [*self.as_user, *args], check=True, capture_output=True, timeout=timeout, text=True
        )

    def create(self):
        self._run(
            str(self.bindir / "initdb"),
            *("-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8"),
            "--locale=C.UTF-8",
        )
        self.start()
        subprocess.run(
            ["createdb", "-h", LOOPBACK, "-p", str(self.port), "-U", "postgres", "faults"],
            check=True,
            capture_output=True,
            timeout=60,
        )

    def start(self):
        options = (
            f"-p {self.port} -k {self.directory} -c listen_addresses={LOOPBACK} "
            "-c fsync=off -c max_connections=60"
        )
        self._run(
            str(self.bindir / "pg_ctl"),
            *("-D", str(self.data), "-l", str(self.directory / "log"), "-w", "-o", options),
            "start",
        )
        self.running = True

    def stop(self):
        # "fast": open transactions are rolled back and connections cut, as in a crash of
        # the service (not of the machine).
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-w", "-m", "fast", "stop")
        self.running = False

    def destroy(self):
        if self.running:
            with contextlib.suppress(subprocess.SubprocessError):
                self.stop()
        shutil.rmtree(self.directory, ignore_errors=True)


# An SMTP server of the run's own ------------------------------------------------------------


def decoded(header):
    return str(email.header.make_header(email.header.decode_header(header or "")))


class _SmtpHandler(socketserver.StreamRequestHandler):
    """Enough of SMTP for Django's backend: EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT."""

    def reply(self, line):
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self):
        self.reply("220 faults.localhost ESMTP")
        recipients = []
        while True:
            line = self.rfile.readline(65536)
            if not line:
                return
            verb = line[:4].decode(errors="replace").upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250 faults.localhost")
            elif verb == "MAIL":
                recipients = []
                self.reply("250 OK")
            elif verb == "RCPT":
                match = re.search(rb"<([^>]*)>", line)
                recipients.append(match.group(1).decode() if match else "")
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                lines = []
                while (data := self.rfile.readline(1 << 20)) not in (b".\r\n", b""):
                    lines.append(data[1:] if data.startswith(b"..") else data)
                message = email.message_from_bytes(b"".join(lines))
                self.server.sink.received(recipients, decoded(message["Subject"]))
                self.reply("250 OK: queued")
            elif verb in ("RSET", "NOOP"):
                self.reply("250 OK")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("502 Command not implemented")


class SmtpSink:
    """Counts what it receives; ``down()`` refuses connections until ``up()``."""

    def __init__(self, port=None):
        self.port = port or free_port()
        self.messages = []  # (recipient, subject)
        self._lock = threading.Lock()
        self._server = None

    def received(self, recipients, subject):
        with self._lock:
            self.messages.extend((recipient, subject) for recipient in recipients)

    def delivered(self, prefix):
        with self._lock:
            return [message for message in self.messages if message[0].startswith(prefix)]

    def up(self):
        if self._server is not None:
            return
        server = socketserver.ThreadingTCPServer((LOOPBACK, self.port), _SmtpHandler, False)
        server.allow_reuse_address = True
        server.daemon_threads = True
        server.sink = self
        server.server_bind()
        server.server_activate()
        threading.Thread(target=server.serve_forever, daemon=True).start()
        self._server = server

    def down(self):
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None


# Visitors -----------------------------------------------------------------------------------


class Visitor:
    """A browser: GET the form (cookie and token), POST it, as behind the HTTPS proxy."""

    def __init__(self, port):
        self.base = f"http://{LOOPBACK}:{port}"
        self.origin = f"https://{LOOPBACK}:{port}"

    def submit(self, path, data, files=None):
        """(status or error name, Location, page text)."""
        headers = {"X-Forwarded-Proto": "https", "Host": f"{self.origin[8:]}"}
        try:
            page = requests.get(self.base + path, headers=headers, timeout=TIMEOUT)
            match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
            if page.status_code != 200 or match is None:
                return page.status_code, "", page.text
            cookies = "; ".join(f"{k}={v}" for k, v in page.cookies.items())
            response = requests.post(
                self.base + path,
                data={**data, "csrfmiddlewaretoken": match.group(1)},
                files=files,
                headers={
                    **headers,
                    "Cookie": cookies,
                    "Origin": self.origin,
                    "Referer": self.origin + path,
                },
                allow_redirects=False,
                timeout=TIMEOUT,
            )
        except requests.RequestException as error:
            return type(error).__name__, "", ""
        return response.status_code, response.headers.get("Location", ""), response.text


def acknowledged(kind, status, location, text):
    """'created', 'repeat' (told it was already received) or None (not acknowledged)."""
    private = "/suivi/" if kind == "candidature" else "/inscription/"
    if status == 302 and private in location:
        return "created"
    if status == 200 and ("Nous avons déjà cette candidature" in text or "déjà inscrit" in text):
        return "repeat"
    return None


def at_once(count, work):
    """Run work(n) for n in range(count) in threads released together; their results."""
    barrier = threading.Barrier(count)
    results = [None] * count

    def run(n):
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait(timeout=30)
        results[n] = work(n)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=TIMEOUT * 3)
    return results


# What the database holds -------------------------------------------------------------------


class Database:
    def __init__(self, url):
        self.url = url

    def query(self, sql, params=()):
        connection = psycopg2.connect(self.url, connect_timeout=5)
        try:
            with connection, connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall()
        finally:
            connection.close()

    def count(self, table, column, prefix):
        return self.query(f"SELECT count(*) FROM {table} WHERE {column} LIKE %s", [prefix + "%"])[
            0
        ][0]

    def emails(self, prefix):
        """(queued, sent) outbox rows to addresses starting with prefix."""
        return self.query(
            'SELECT count(*), count(sent_at) FROM home_outboxemail WHERE "to" LIKE %s',
            [prefix + "%"],
        )[0]

    def running_tasks(self):
        """The paths of the tasks marked RUNNING."""
        return [
            path
            for (path,) in self.query(
                "SELECT task_path FROM django_tasks_database_dbtaskresult WHERE status = 'RUNNING'"
            )
        ]

    def attachment_names(self):
        return {
            name for (name,) in self.query("SELECT file FROM host_applications_applicationfile")
        }


def orphan_attachments(database, private_root):
    folder = private_root / "host-applications"
    on_disk = {str(path.relative_to(private_root)) for path in folder.rglob("*") if path.is_file()}
    return sorted(on_disk - database.attachment_names())


# One fault's figures -----------------------------------------------------------------------


@dataclass
class Outcome:
    fault: str
    tried: int = 0
    acknowledged: int = 0
    stored: int = 0
    errors: dict = field(default_factory=dict)
    emails: str = ""
    left_behind: list = field(default_factory=list)
    passed: bool = True
    notes: list = field(default_factory=list)


def tally(outcome, kind, answers):
    for status, location, text in answers:
        outcome.tried += 1
        if acknowledged(kind, status, location, text):
            outcome.acknowledged += 1
        else:
            outcome.errors[status] = outcome.errors.get(status, 0) + 1


def wait_for(predicate, seconds, every=1.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(every)
    return predicate()


def email_figures(outcome, database, sink, prefix, *, wait=EMAIL_WAIT):
    """Wait (bounded) for the worker to send every email to ``prefix``; note what did not go
    and what went twice."""
    wait_for(lambda: database.emails(prefix)[0] == database.emails(prefix)[1], wait)
    queued, sent = database.emails(prefix)
    delivered = len(sink.delivered(prefix))
    twice = max(delivered - sent, 0)
    outcome.emails = f"{queued} queued, {sent} sent, {delivered} delivered"
    if sent < queued:
        outcome.left_behind.append(f"{queued - sent} emails not sent after {wait} s")
        outcome.passed = False
    if twice:
        outcome.left_behind.append(f"{twice} emails delivered twice")
        outcome.passed = False


def summary_table(outcomes, *, started):
    """The Markdown table, and whether every fault passed."""
    lines = [
        f"Faults: production settings, gunicorn 2 workers, db_worker, PostgreSQL 15 of the "
        f"run's own, SMTP of the run's own — {started:%Y-%m-%d %H:%M}",
        "",
        "| fault | tried | acknowledged | stored | errors | emails | left behind | verdict |",
        "|---|---:|---:|---:|---|---|---|:-:|",
    ]
    for outcome in outcomes:
        errors = ", ".join(f"{k}: {v}" for k, v in sorted(outcome.errors.items(), key=str))
        lines.append(
            f"| {outcome.fault} | {outcome.tried} | {outcome.acknowledged} | {outcome.stored} "
            f"| {errors or '—'} | {outcome.emails or '—'} "
            f"| {'; '.join(outcome.left_behind) or 'nothing'} "
            f"| {'PASS' if outcome.passed else 'FAIL'} |"
        )
    notes = [f"- {outcome.fault}: {note}" for outcome in outcomes for note in outcome.notes]
    if notes:
        lines += ["", *notes]
    return "\n".join(lines) + "\n", all(outcome.passed for outcome in outcomes)


# The run ----------------------------------------------------------------------------------------


class Run:
    def __init__(self, cluster, sink):
        self.cluster, self.sink = cluster, sink
        self.database = Database(cluster.url)
        self.env = bench_env(cluster.url, VAR)
        self.port = free_port()
        self.server = None
        self.worker = None
        self.worker_logs = []
        self.targets = {}

    # Services

    def prepare(self):
        took = prepare(self.env, 0)  # migrate, static files, the demo (tasks run in-process)
        self.env.update(
            TASKS_BACKEND="django_tasks_db.DatabaseBackend",
            MAILER_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            MAILER_OPTIONS=json.dumps({"host": LOOPBACK, "port": self.sink.port, "timeout": 5}),
            HOST_APPLICATION_RATE_LIMIT="1000000",
            COMMUNITY_RATE_LIMIT="1000000",
            OUTBOX_LOST_AFTER_SECONDS=str(LOST_AFTER),
            TASK_WORKER_SWEEP_SECONDS=str(SWEEP),
            TASK_ABANDONED_AFTER_SECONDS=str(ABANDONED_AFTER),
            TRUSTED_PROXY_COUNT="0",
        )
        output = manage(self.env, "shell", "-c", TARGETS_SCRIPT, capture=True)
        self.targets = json.loads(output.split("LOAD-JSON ", 1)[1])
        return took

    def start_server(self):
        self.server = serve(self.env, self.port)

    def start_worker(self):
        log = VAR / f"worker-{len(self.worker_logs) + 1}.log"
        self.worker_logs.append(log)
        self.worker = subprocess.Popen(
            [PYTHON, "manage.py", "db_worker", "--no-startup-delay", "--interval", "0.2"],
            cwd=ROOT,
            env={**self.env, "LOG_LEVEL": "INFO"},
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def kill_worker(self):
        os.killpg(self.worker.pid, signal.SIGKILL)
        self.worker.wait(timeout=10)

    def stop_all(self):
        for process in (self.worker, self.server):
            if process is not None and process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    if process is self.worker:
                        os.killpg(process.pid, signal.SIGTERM)
                    else:
                        process.terminate()
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()

    def worker_alive(self, outcome):
        if self.worker.poll() is not None:
            outcome.left_behind.append(f"the worker exited (code {self.worker.returncode})")
            outcome.passed = False
            return False
        return True

    # Faults

    def duplicates(self, marker):
        outcome = Outcome("Concurrent duplicates (10 candidatures, 20 registrations)")
        prefix = f"{marker}dup-"
        candidature = candidature_data(prefix, 0)
        answers = at_once(
            10, lambda n: Visitor(self.port).submit(self.targets["call"], candidature)
        )
        tally(outcome, "candidature", answers)
        registration = registration_data(prefix, 0)
        answers = at_once(
            20, lambda n: Visitor(self.port).submit(self.targets["community"], registration)
        )
        tally(outcome, "registration", answers)
        candidatures = self.database.count(
            "host_applications_hostapplication", "contact_email", prefix
        )
        registrations = self.database.count("communities_registration", "email", prefix)
        outcome.stored = candidatures + registrations
        if (candidatures, registrations) != (1, 1):
            outcome.left_behind.append(
                f"{candidatures} candidatures and {registrations} registrations stored, not 1"
            )
            outcome.passed = False
        email_figures(outcome, self.database, self.sink, prefix)
        # One receipt each, and the private link sent again at most once each.
        queued, _sent = self.database.emails(prefix)
        if queued > 4:
            outcome.left_behind.append(f"{queued - 2} 'link resent' emails, at most 2 expected")
            outcome.passed = False
        outcome.passed &= outcome.acknowledged == outcome.tried
        return outcome

    def mail_down(self, marker, count=20):
        outcome = Outcome(f"Mail server down ({count} candidatures)")
        prefix = f"{marker}mail-"
        self.sink.down()
        answers = at_once(
            count,
            lambda n: Visitor(self.port).submit(self.targets["call"], candidature_data(prefix, n)),
        )
        tally(outcome, "candidature", answers)
        outcome.stored = self.database.count(
            "host_applications_hostapplication", "contact_email", prefix
        )
        # Every receipt tried once against the closed port, then the server comes back.
        tried = wait_for(
            lambda: (
                self.database.query(
                    'SELECT count(*) FROM home_outboxemail WHERE "to" LIKE %s AND attempts = 0',
                    [prefix + "%"],
                )[0][0]
                == 0
            ),
            60,
        )
        outcome.notes.append(
            "every receipt failed once while the server was down"
            if tried
            else "not every receipt was tried while the server was down"
        )
        self.sink.up()
        email_figures(outcome, self.database, self.sink, prefix)
        outcome.passed &= outcome.stored == outcome.acknowledged == outcome.tried
        self.worker_alive(outcome)
        return outcome

    def worker_killed(self, marker, count=30):
        outcome = Outcome(f"Worker killed mid-burst ({count} candidatures)")
        prefix = f"{marker}kill-"
        # The worker paused while the burst is queued, so that it is killed in the middle of
        # sending it rather than after.
        os.killpg(self.worker.pid, signal.SIGSTOP)
        answers = at_once(
            count,
            lambda n: Visitor(self.port).submit(self.targets["call"], candidature_data(prefix, n)),
        )
        tally(outcome, "candidature", answers)
        outcome.stored = self.database.count(
            "host_applications_hostapplication", "contact_email", prefix
        )
        os.killpg(self.worker.pid, signal.SIGCONT)
        wait_for(lambda: len(self.sink.delivered(prefix)) >= count // 3, 60, every=0.02)
        before = len(self.sink.delivered(prefix))
        self.kill_worker()
        outcome.notes.append(f"killed after {before} of {count} receipts were delivered")
        held = self.database.running_tasks()
        self.start_worker()
        email_figures(outcome, self.database, self.sink, prefix)
        if held:
            # The new worker's sweep queues again what the killed one held, once it has been
            # running longer than any task takes.
            wait_for(
                lambda: not self.database.running_tasks(), ABANDONED_AFTER + 3 * SWEEP, every=0.5
            )
            still = self.database.running_tasks()
            outcome.notes.append(
                f"{len(held)} task row(s) held by the killed worker were RUNNING; "
                f"{len(held) - len(still)} queued again by the new worker's sweep"
            )
            if still:
                outcome.left_behind.append(
                    f"{len(still)} task row(s) still RUNNING ({', '.join(sorted(set(still)))})"
                )
                outcome.passed = False
        outcome.passed &= outcome.stored == outcome.acknowledged == outcome.tried
        self.worker_alive(outcome)
        return outcome

    def database_stopped(self, marker, *, clients=4, seconds=16, down_for=5):
        outcome = Outcome(f"Database stopped for {down_for} s ({clients} clients, with a PDF)")
        prefix = f"{marker}db-"
        answers, lock = [], threading.Lock()
        deadline = time.monotonic() + seconds

        def client(c):
            n = 0
            while time.monotonic() < deadline:
                data = candidature_data(prefix, c * 1000 + n)
                files = {"attachments": ("plan.pdf", PDF, "application/pdf")}
                answer = Visitor(self.port).submit(self.targets["call"], data, files)
                with lock:
                    answers.append((data["contact_email"], answer))
                n += 1
                if not acknowledged("candidature", *answer):
                    time.sleep(0.2)  # a person tries again after a moment, not in a loop

        threads = [threading.Thread(target=client, args=(c,)) for c in range(clients)]
        for thread in threads:
            thread.start()
        time.sleep(3)
        self.cluster.stop()
        time.sleep(down_for)
        self.cluster.start()
        for thread in threads:
            thread.join(timeout=seconds + TIMEOUT * 2)
        tally(outcome, "candidature", [answer for _email, answer in answers])
        stored = {
            address
            for (address,) in self.database.query(
                "SELECT contact_email FROM host_applications_hostapplication "
                "WHERE contact_email LIKE %s",
                [prefix + "%"],
            )
        }
        outcome.stored = len(stored)
        told = {address for address, answer in answers if acknowledged("candidature", *answer)}
        lost = told - stored
        if lost:
            outcome.left_behind.append(f"{len(lost)} acknowledged but not stored")
            outcome.passed = False
        if stored - told:
            outcome.notes.append(
                f"{len(stored - told)} stored without the visitor being told (the answer was "
                "lost with the connection); a second try is answered 'already received'"
            )
        orphans = orphan_attachments(self.database, Path(self.env["PRIVATE_MEDIA_ROOT"]))
        if orphans:
            outcome.left_behind.append(
                f"{len(orphans)} attachments no row owns (purge_personal_data sweeps them after "
                "an hour)"
            )
            outcome.passed = False
        if self.worker_alive(outcome):
            retries = sum(
                log.read_text(errors="replace").count("Database unavailable")
                for log in self.worker_logs
            )
            outcome.notes.append(f"the worker waited out the outage ({retries} retries logged)")
        email_figures(outcome, self.database, self.sink, prefix)
        return outcome


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep var/faults/ (logs, files)")
    options = parser.parse_args(argv)
    started = datetime.datetime.now()
    shutil.rmtree(VAR, ignore_errors=True)
    VAR.mkdir(parents=True)
    cluster, sink = Cluster(), SmtpSink()
    run = Run(cluster, sink)
    outcomes = []
    try:
        step(f"PostgreSQL of the run's own on {LOOPBACK}:{cluster.port}")
        cluster.create()
        step("Migrate, static files, the demo")
        print(f"faults: site ready in {run.prepare():.0f} s", flush=True)
        sink.up()
        run.start_server()
        run.start_worker()
        marker = f"faults-{uuid.uuid4().hex[:6]}-"
        for name in ("duplicates", "mail_down", "worker_killed", "database_stopped"):
            step(name.replace("_", " ").capitalize())
            outcomes.append(getattr(run, name)(marker))
            print(summary_table(outcomes[-1:], started=started)[0].splitlines()[4], flush=True)
    finally:
        run.stop_all()
        sink.down()
        cluster.destroy()
    report, passed = summary_table(outcomes, started=started)
    RESULTS.mkdir(parents=True, exist_ok=True)
    name = f"{started:%Y-%m-%d}-faults.md"
    (RESULTS / name).write_text(report)
    print()
    print(report)
    print(f"Saved to bench/results/{name}")
    if not passed:
        print(f"Worker logs: {', '.join(str(log) for log in run.worker_logs)}")
    elif not options.keep:
        shutil.rmtree(VAR, ignore_errors=True)
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
