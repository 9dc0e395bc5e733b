"""`make load`: many people submitting at once, through the real HTTP stack; nothing lost.

Prepares a database with production settings (as `make bench` does: SQLite in var/load/, or
the database of ``DATABASE_URL``, which must be on this machine since the script resets
it), serves it with gunicorn (2 workers) on 127.0.0.1 only, then submits N candidatures and
N registrations from C concurrent clients, each one as a browser does: GET the form, read
the CSRF token and cookie, POST valid answers (honeypot empty, consent given). Bounded in
count and in time (``--seconds``). Emails go to the outbox and then to an in-memory mailer:
nothing leaves the machine. Prints submitted, answered with success, stored rows, emails
queued, errors by status and p50/p99 per kind; exits non-zero when a successful submission
was not stored, or on any 5xx. Saves the table under bench/results/.
"""

import argparse
import datetime
import http.client
import json
import os
import re
import sys
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from bench.run import RESULTS, ROOT, bench_env, free_port, manage, prepare, serve

VAR = ROOT / "var" / "load"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
TIMEOUT = 30  # seconds for one request

# What the server knows: the open call and a community taking registrations.
TARGETS_SCRIPT = """
import json
from communities import services as communities
from communities.models import CommunityPage
from host_applications import services as calls
from wagtail.models import Locale

call = calls.current_call()
if call is None or not calls.call_window(call=call).is_open:
    raise SystemExit("load: no call for hosts is open in this database")
community = next(
    (
        page
        for page in CommunityPage.objects.live().filter(locale=Locale.get_default())
        if communities.status_of(community=page).accepts_registrations
        # Every one of N people must be taken: no limit, a waitlist, or a draw later.
        and (page.capacity_max is None or page.waitlist_enabled or page.selection_method == "draw")
    ),
    None,
)
if community is None:
    raise SystemExit("load: no community takes registrations in this database")
print("LOAD-JSON " + json.dumps({"call": call.url, "community": community.url + "inscription/"}))
"""

COUNT_SCRIPT = """
import json
from communities.models import Registration
from home.models import OutboxEmail
from host_applications.models import HostApplication

marker = %(marker)r
print("LOAD-JSON " + json.dumps({
    "candidature": HostApplication.objects.filter(contact_email__startswith=marker).count(),
    "registration": Registration.objects.filter(email__startswith=marker).count(),
    "emails": OutboxEmail.objects.filter(to__startswith=marker).count(),
    "emails_sent": OutboxEmail.objects.filter(
        to__startswith=marker, sent_at__isnull=False
    ).count(),
}))
"""

# Resets a PostgreSQL database the script was given (refused unless it is on this machine).
RESET_SCRIPT = """
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("DROP SCHEMA public CASCADE")
    cursor.execute("CREATE SCHEMA public")
"""


# Pure helpers (tested in tests/home/test_load.py) -----------------------------------------


def require_local(host):
    """Only this machine may be loaded."""
    if host not in LOCAL_HOSTS:
        raise SystemExit(f"load: refusing {host!r}: only 127.0.0.1 or localhost")
    return host


def require_resettable(database_url):
    """The database is reset: refuse one that is not on this machine."""
    parts = urlsplit(database_url)
    if parts.scheme.startswith("sqlite"):
        return database_url
    if parts.hostname not in LOCAL_HOSTS:
        raise SystemExit(
            f"load: refusing to reset the database on {parts.hostname!r}: "
            "DATABASE_URL must name a database on 127.0.0.1 that may be emptied"
        )
    return database_url


def percentile(values, share):
    """The nearest-rank percentile (share in 0–100) of a list of numbers; NaN when empty."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * share // 100))  # ceil without floats
    return ordered[int(rank) - 1]


CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken"\s+value="([^"]+)"')


def csrf_token(html):
    match = CSRF_INPUT.search(html)
    if match is None:
        raise ValueError("no CSRF token in the form")
    return match.group(1)


def cookies_from(headers):
    """{name: value} from the Set-Cookie headers of a response ((name, value) pairs)."""
    cookies = {}
    for name, value in headers:
        if name.lower() == "set-cookie":
            pair = value.split(";", 1)[0]
            key, _, val = pair.partition("=")
            cookies[key.strip()] = val.strip()
    return cookies


def succeeded(kind, status, location):
    """A submission succeeded when it redirects to the private link it created."""
    private = "/suivi/" if kind == "candidature" else "/inscription/"
    return status == 302 and private in location


def candidature_data(marker, n):
    today = datetime.date.today()
    return {
        "institution_name": f"École de charge {n}",
        "institution_type": "secondary",
        "region": "06",
        "address": "4500, rue Saint-Denis",
        "town": "Montréal",
        "postal_code": "H2J 2L3",
        "contact_name": f"Personne {n}",
        "contact_role": "Direction",
        "contact_email": f"{marker}c{n}@example.org",
        "contact_phone": "514 555-0100",
        "proposed_start_date": (today + datetime.timedelta(days=300)).isoformat(),
        "proposed_end_date": (today + datetime.timedelta(days=301)).isoformat(),
        "plenary_capacity": "300",
        "workshop_rooms": "9",
        "accessibility": "full",
        "catering": "Cafétéria sur place.",
        "technical_equipment": "Auditorium équipé.",
        "accommodation_transport": "Métro à deux rues.",
        "motivation": "Nous voulons faire rayonner nos projets.",
        "consent": "on",
        "website": "",
    }


def registration_data(marker, n):
    return {
        "name": f"Personne {n}",
        "email": f"{marker}r{n}@example.org",
        "role": "teacher",
        "organisation": "École Saint-Pierre",
        "region": "06",
        "school_level": "secondary",
        "project": "Un club de lecture.",
        "colleagues": "",
        "consent": "on",
        "website": "",
    }


def summary_table(results, stored, emails, *, clients, seconds, database):
    """The Markdown table and whether the run passes (stored = successes, no 5xx)."""
    lines = [
        f"Load: {database}, gunicorn 2 workers, {clients} concurrent clients, "
        f"cap {seconds} s — {datetime.datetime.now():%Y-%m-%d %H:%M}",
        "",
        "| kind | submitted | answered success | stored rows | errors by status "
        "| p50 ms | p99 ms | verdict |",
        "|---|---:|---:|---:|---|---:|---:|:-:|",
    ]
    passed = True
    for kind in ("candidature", "registration"):
        rows = results.get(kind, [])
        ok = [row for row in rows if row["ok"]]
        errors = {}
        for row in rows:
            if not row["ok"]:
                errors[row["status"]] = errors.get(row["status"], 0) + 1
        server_errors = sum(count for status, count in errors.items() if str(status)[0] == "5")
        kind_passed = stored.get(kind, 0) == len(ok) and not server_errors
        passed = passed and kind_passed
        latencies = [row["ms"] for row in rows]
        lines.append(
            f"| {kind} | {len(rows)} | {len(ok)} | {stored.get(kind, 0)} "
            f"| {', '.join(f'{k}: {v}' for k, v in sorted(errors.items(), key=str)) or '—'} "
            f"| {percentile(latencies, 50):.0f} | {percentile(latencies, 99):.0f} "
            f"| {'PASS' if kind_passed else 'FAIL'} |"
        )
    lines += [
        "",
        f"Emails queued in the outbox: {emails['emails']} "
        f"({emails['emails_sent']} sent to the in-memory mailer).",
    ]
    return "\n".join(lines) + "\n", passed


# Driving ------------------------------------------------------------------------------------


class Visitor:
    """One client: a form GET, then its POST with the CSRF token and cookie."""

    def __init__(self, host, port):
        self.host, self.port = host, port

    def request(self, method, path, *, body=None, headers=None):
        connection = http.client.HTTPConnection(self.host, self.port, timeout=TIMEOUT)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return response.status, response.getheaders(), response.read().decode(errors="ignore")
        finally:
            connection.close()

    def submit(self, path, data):
        """(status, Location, ms of the POST)."""
        origin = f"https://{self.host}:{self.port}"
        # As behind production's TLS proxy: secure cookies, HTTPS origin checks.
        base = {"X-Forwarded-Proto": "https", "Host": f"{self.host}:{self.port}"}
        status, headers, html = self.request("GET", path, headers=base)
        if status != 200:
            return status, "", 0.0
        cookies = cookies_from(headers)
        body = urlencode({**data, "csrfmiddlewaretoken": csrf_token(html)})
        started = time.perf_counter()
        status, headers, _html = self.request(
            "POST",
            path,
            body=body,
            headers={
                **base,
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
                "Origin": origin,
                "Referer": origin + path,
            },
        )
        ms = (time.perf_counter() - started) * 1000
        location = {k.lower(): v for k, v in headers}.get("location", "")
        return status, location, ms


def drive(host, port, jobs, *, clients, seconds):
    """Run the jobs [(kind, path, data)] from `clients` threads until done or out of time."""
    results = {"candidature": [], "registration": []}
    lock = threading.Lock()
    queue = list(reversed(jobs))
    deadline = time.monotonic() + seconds

    def worker():
        visitor = Visitor(host, port)
        while time.monotonic() < deadline:
            with lock:
                if not queue:
                    return
                kind, path, data = queue.pop()
            try:
                status, location, ms = visitor.submit(path, data)
            except (OSError, http.client.HTTPException, ValueError) as error:
                status, location, ms = type(error).__name__, "", 0.0
            row = {"status": status, "ms": ms, "ok": succeeded(kind, status, location)}
            with lock:
                results[kind].append(row)

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--count", type=int, default=200, help="of each kind (200)")
    parser.add_argument("-c", "--clients", type=int, default=8, help="concurrent clients (8)")
    parser.add_argument("--seconds", type=int, default=120, help="stop after this long (120)")
    parser.add_argument("--host", default="127.0.0.1", help="127.0.0.1 or localhost only")
    parser.add_argument("--skip-prepare", action="store_true", help="reuse the database")
    options = parser.parse_args(argv)
    host = require_local(options.host)

    VAR.mkdir(parents=True, exist_ok=True)
    database_url = require_resettable(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR / 'load.sqlite3'}"
    )
    database = "PostgreSQL" if database_url.startswith("postgres") else "SQLite"
    env = bench_env(database_url, VAR)
    limit = str(options.count * 10)  # every client is 127.0.0.1: the limits would stop them
    env.update(HOST_APPLICATION_RATE_LIMIT=limit, COMMUNITY_RATE_LIMIT=limit)
    if not options.skip_prepare:
        if database == "SQLite":
            (VAR / "load.sqlite3").unlink(missing_ok=True)
        else:
            manage(env, "shell", "-c", RESET_SCRIPT)
        took = prepare(env, 0)
        print(f"load: database ready in {took:.0f} s ({database})", flush=True)
    output = manage(env, "shell", "-c", TARGETS_SCRIPT, capture=True)
    targets = json.loads(output.split("LOAD-JSON ", 1)[1])

    marker = f"load-{uuid.uuid4().hex[:8]}-"
    jobs = []
    for n in range(options.count):  # interleaved: both forms are under load together
        jobs.append(("candidature", targets["call"], candidature_data(marker, n)))
        jobs.append(("registration", targets["community"], registration_data(marker, n)))

    port = free_port()
    server = serve(env, port)
    try:
        started = time.monotonic()
        results = drive(host, port, jobs, clients=options.clients, seconds=options.seconds)
        took = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(f"load: {sum(len(rows) for rows in results.values())} submissions in {took:.1f} s")

    output = manage(env, "shell", "-c", COUNT_SCRIPT % {"marker": marker}, capture=True)
    counts = json.loads(output.split("LOAD-JSON ", 1)[1])
    report, passed = summary_table(
        results, counts, counts, clients=options.clients, seconds=options.seconds, database=database
    )
    RESULTS.mkdir(parents=True, exist_ok=True)
    name = f"{datetime.date.today():%Y-%m-%d}-load-{database.lower()}.md"
    Path(RESULTS / name).write_text(report)
    print()
    print(report)
    print(f"Saved to bench/results/{name}")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
