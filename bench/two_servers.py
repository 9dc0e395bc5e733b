"""Two app servers, one PostgreSQL, one Redis: the scale-out setup, shown on one machine.

``python -m bench.two_servers`` (``make two-servers``, ``bin/two-servers``) creates a fresh
PostgreSQL database on 127.0.0.1, migrates, loads the demo, starts two gunicorn instances
(2 workers each) with the production settings and the same environment — ``CACHE_URL`` on
Redis, one media directory standing in for object storage, a ``db_worker`` — and checks
what must be shared between servers, one line per check (PASS/FAIL/SKIP). Exits non-zero on
any failure; stops everything and drops the database whatever happens.

Every request goes to 127.0.0.1, with a timeout, in loops bounded in count. Requests carry
``X-Forwarded-Proto: https`` as the HTTPS proxy would send it (production cookies are
``Secure``), so cookies are kept by hand.

Environment: ``TWO_SERVERS_DB`` (database name, default ``expressives_two_servers_<pid>``),
``TWO_SERVERS_CACHE_URL`` (default ``redis://127.0.0.1:6379/5``: that Redis database is
flushed before and after), ``PG_HOST``/``PG_USER`` (127.0.0.1 / postgres).
"""

import contextlib
import datetime
import html
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

import requests

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BIN = Path(PYTHON).parent
TIMEOUT = 30  # seconds, any single request
RATE_LIMIT = 4  # candidature submissions per address and hour, for this run

PG_HOST = os.environ.get("PG_HOST", "127.0.0.1")
PG_USER = os.environ.get("PG_USER", "postgres")
DB = os.environ.get("TWO_SERVERS_DB", f"expressives_two_servers_{os.getpid()}")
CACHE_URL = os.environ.get("TWO_SERVERS_CACHE_URL", "redis://127.0.0.1:6379/5")
# The name both servers are reached by, as behind a load balancer (the page cache keys on it).
HOST = "expressives.localhost"

failures = []


def report(ok, name, detail=""):
    status = "PASS" if ok else "FAIL"
    if ok is None:
        status = "SKIP"
    print(f"{status}  {name}" + (f" — {detail}" if detail else ""), flush=True)
    if ok is False:
        failures.append(name)


_clock = [time.monotonic()]


def step(message):
    now = time.monotonic()
    print(f"--- {message} (+{now - _clock[0]:.0f} s)", flush=True)
    _clock[0] = now


# --- Services -------------------------------------------------------------------------------


def redis_db():
    parts = urlsplit(CACHE_URL)
    return parts.hostname or "127.0.0.1", str(parts.port or 6379), parts.path.strip("/") or "0"


def redis_cli(*args):
    host, port, number = redis_db()
    return subprocess.run(
        ["redis-cli", "-h", host, "-p", port, "-n", number, *args],
        capture_output=True,
        text=True,
        timeout=10,
    )


def psql_admin(*args):
    subprocess.run(
        [*args, "-h", PG_HOST, "-U", PG_USER], check=True, capture_output=True, timeout=60
    )


def environment(tmp):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PAGE_CACHE", "CDN_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(48),  # one key for both servers
        DATABASE_URL=f"postgres://{PG_USER}@{PG_HOST}:5432/{DB}",
        CACHE_URL=CACHE_URL,
        ALLOWED_HOSTS=f"{HOST},127.0.0.1",
        SITE_URL=f"http://{HOST}",  # production settings require the public address
        MEDIA_ROOT=str(tmp / "media"),  # shared by both servers: object storage's stand-in
        PRIVATE_MEDIA_ROOT=str(tmp / "private"),
        MAILER_BACKEND="django.core.mail.backends.console.EmailBackend",
        TASKS_BACKEND="django_tasks_db.DatabaseBackend",
        HOST_APPLICATION_RATE_LIMIT=str(RATE_LIMIT),
        TRUSTED_PROXY_COUNT="0",
        LOG_LEVEL="WARNING",
    )
    return env


def manage(env, *args):
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    if result.returncode != 0:
        raise SystemExit(f"manage.py {args[0]} failed:\n{result.stderr[-3000:]}")
    return result.stdout


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(env, args, log):
    return subprocess.Popen(
        args,
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, stopped as one
    )


def stop(process):
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)


# --- A browser, by hand ---------------------------------------------------------------------


class Visitor:
    """Cookies shared across both servers, as one browser talking to one domain would."""

    def __init__(self):
        self.cookies = {}

    def request(self, method, base, path, **kwargs):
        # What the load balancer passes on: the public name, and that the visitor used HTTPS.
        origin = f"https://{HOST}"
        headers = {
            "Host": HOST,
            "X-Forwarded-Proto": "https",
            "Referer": origin + path,
            **kwargs.pop("headers", {}),
        }
        if method == "POST":
            headers["Origin"] = origin
        response = requests.request(
            method,
            base + path,
            headers=headers,
            cookies=self.cookies,
            allow_redirects=False,
            timeout=TIMEOUT,
            **kwargs,
        )
        for name, value in response.cookies.items():
            self.cookies[name] = value
        return response

    def get(self, base, path, **kwargs):
        return self.request("GET", base, path, **kwargs)

    def post(self, base, path, data, **kwargs):
        form = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **data}
        return self.request("POST", base, path, data=form, **kwargs)

    def csrf_from(self, base, path):
        """Open a form page: the CSRF cookie is set, and its token is on the page."""
        response = self.get(base, path)
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text)
        return match.group(1) if match else ""

    def log_in(self, base, username, password):
        token = self.csrf_from(base, "/admin/login/")
        response = self.request(
            "POST",
            base,
            "/admin/login/",
            data={"csrfmiddlewaretoken": token, "username": username, "password": password},
        )
        return response.status_code == 302 and "sessionid" in self.cookies


def wait_until_up(base, process, seconds=120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.poll() is None:
        with contextlib.suppress(requests.RequestException):
            requests.get(base + "/", headers={"X-Forwarded-Proto": "https"}, timeout=5)
            return True
        time.sleep(0.5)
    return False


# --- What the checks need from the database ---------------------------------------------------

SETUP = """
from django.contrib.auth.models import Group
from home.models import NewsPage, User
from host_applications.models import HostCallPage
from wagtail.models import Locale

admin = User.objects.filter(username="admin").first() or User.objects.create_superuser(
    "admin", "admin@example.org", "{admin_password}")
admin.set_password("{admin_password}"); admin.save()
editor, _ = User.objects.get_or_create(username="editrice", defaults={{"email": "e@example.org"}})
editor.set_password("{editor_password}"); editor.is_staff = True; editor.save()
editor.groups.add(Group.objects.get(name="Communications"))
french = Locale.objects.get(language_code="fr-ca")
news = NewsPage.objects.live().filter(locale=french).order_by("-pk").first()
call = HostCallPage.objects.live().filter(locale=french).first()
print("NEWS", news.pk, news.url, news.get_parent().url)
print("CALL", call.url)
"""

DRAFT = """
from home.models import NewsPage
page = NewsPage.objects.get(pk={pk})
page.title = "{title}"
page.save_revision()
"""


def candidature(institution):
    return {
        "institution_name": institution,
        "institution_type": "secondary",
        "region": "06",
        "address": "4500, rue Saint-Denis",
        "town": "Montréal",
        "postal_code": "H2J 2L3",
        "contact_name": "Amélie Roy",
        "contact_role": "Technicienne en loisirs",
        "contact_email": "amelie.roy@example.org",
        "contact_phone": "514 555-0100",
        # Ahead of any day the bench runs, as the demo's call is.
        "proposed_start_date": (datetime.date.today() + datetime.timedelta(days=300)).isoformat(),
        "proposed_end_date": (datetime.date.today() + datetime.timedelta(days=301)).isoformat(),
        "dates_note": "",
        "plenary_capacity": "300",
        "workshop_rooms": "9",
        "accessibility": "full",
        "accessibility_details": "",
        "catering": "Cafétéria sur place.",
        "technical_equipment": "Auditorium équipé.",
        "accommodation_transport": "Métro à deux rues.",
        "local_partners": "",
        "motivation": "Faire rayonner nos projets.",
        "consent": "on",
        "website": "",
    }


# --- The checks ---------------------------------------------------------------------------------


def checks(a, b, env, news_pk, news_url, index_url, call_url, passwords):
    anonymous = Visitor()

    # 1. Same page on both servers (and the second visit comes from the shared page cache).
    first_a = anonymous.get(a, news_url)
    first_b = anonymous.get(b, news_url)
    report(
        first_a.status_code == 200 and first_a.text == first_b.text,
        "a page fetched on A and on B is identical",
        f"{news_url}: {len(first_a.text)} bytes, B says X-Page-Cache: "
        f"{first_b.headers.get('X-Page-Cache', '-')}",
    )
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", first_a.text, re.S)
    old_title = html.unescape(heading.group(1)).strip() if heading else "\0"
    anonymous.get(b, index_url)

    # 2. An editor publishes a change through A's admin: B shows it at once.
    new_title = f"Nouvelle publication {secrets.token_hex(3)}"
    manage(env, "shell", "-c", DRAFT.format(pk=news_pk, title=new_title))
    before = anonymous.get(b, news_url)
    editor = Visitor()
    logged_in = editor.log_in(a, "editrice", passwords["editor"])
    path = f"/admin/bulk/wagtailcore/page/publish/?id={news_pk}"
    token = editor.csrf_from(a, path)
    published = editor.request("POST", a, path, data={"csrfmiddlewaretoken": token})
    after_page = anonymous.get(b, news_url)
    after_index = anonymous.get(b, index_url)
    report(
        logged_in
        and published.status_code == 302
        and new_title not in before.text
        and new_title in after_page.text
        and new_title in after_index.text
        and old_title not in after_index.text,
        "an editor publishes on A's admin; B shows the page and its listing changed at once",
        f"draft invisible before: {new_title not in before.text}, publish answered "
        f"{published.status_code}, B page {after_page.headers.get('X-Page-Cache', '-')}, "
        f"B listing {after_index.headers.get('X-Page-Cache', '-')}",
    )

    # 3. A candidature sent to A is in B's admin (rate limit: hit 1 of RATE_LIMIT).
    applicant = Visitor()
    institution = f"École des deux serveurs {secrets.token_hex(3)}"
    applicant.csrf_from(a, call_url)
    sent = applicant.post(a, call_url, candidature(institution))
    staff = Visitor()
    staff_in = staff.log_in(b, "admin", passwords["admin"])
    listing = staff.get(b, "/admin/snippets/host_applications/hostapplication/")
    report(
        sent.status_code == 302 and staff_in and institution in html.unescape(listing.text),
        "a candidature submitted on A is listed in B's admin",
        f"A answered {sent.status_code}, B's listing {listing.status_code}",
    )

    # 4. The rate limit is shared: hits 2..RATE_LIMIT alternate A/B, then both refuse.
    codes = []
    for number in range(2, RATE_LIMIT + 3):  # bounded: RATE_LIMIT + 1 more posts
        base = b if number % 2 == 0 else a
        codes.append(("AB"[base == b], applicant.post(base, call_url, {}).status_code))
    allowed = [code for _server, code in codes[: RATE_LIMIT - 1]]
    refused = [code for _server, code in codes[RATE_LIMIT - 1 :]]
    report(
        all(code == 200 for code in allowed) and refused == [429, 429],
        f"the rate limit ({RATE_LIMIT}/hour) is shared: counted on A and B, refused on both",
        " ".join(f"{server}:{code}" for server, code in codes),
    )

    # 5. A session made on A is valid on B.
    dashboard = editor.get(b, "/admin/")
    report(
        dashboard.status_code == 200 and "editrice" in dashboard.text,
        "a session made on A (login) is valid on B (/admin/)",
        f"B answered {dashboard.status_code}"
        + (f" → {dashboard.headers.get('Location')}" if dashboard.is_redirect else ""),
    )

    # 6. /health/ on both.
    for name, base in (("A", a), ("B", b)):
        health = anonymous.get(base, "/health/")
        if health.status_code == 404:
            report(None, f"/health/ on {name}", "no /health/ view in this build")
        else:
            report(health.status_code == 200, f"/health/ on {name}", health.text[:120].strip())


def main():
    # Stopped from outside (CI timeout, Ctrl-C): still stop the servers and drop the database.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if (
        shutil.which("pg_isready")
        and subprocess.run(["pg_isready", "-q", "-h", PG_HOST], timeout=10).returncode
    ):
        raise SystemExit(f"two-servers: PostgreSQL is not answering on {PG_HOST}:5432")
    if redis_cli("ping").stdout.strip() != "PONG":
        raise SystemExit(f"two-servers: Redis is not answering at {CACHE_URL}")
    if urlsplit(CACHE_URL).hostname not in ("127.0.0.1", "localhost"):
        raise SystemExit("two-servers: only a local Redis (it is flushed)")

    tmp = Path(tempfile.mkdtemp(prefix="two-servers-"))
    env = environment(tmp)
    processes = []
    started = time.monotonic()
    try:
        step(f"database {DB}, Redis {CACHE_URL}, media in {tmp}")
        redis_cli("flushdb")
        psql_admin("dropdb", "--if-exists", DB)
        psql_admin("createdb", DB)
        manage(env, "migrate", "--noinput")
        step("migrated")
        manage(env, "collectstatic", "--noinput")
        step("static files collected; loading the demo")
        manage(env, "load_demo")
        passwords = {"admin": secrets.token_urlsafe(12), "editor": secrets.token_urlsafe(12)}
        found = manage(
            env,
            "shell",
            "-c",
            SETUP.format(admin_password=passwords["admin"], editor_password=passwords["editor"]),
        )
        news = re.search(r"^NEWS (\d+) (\S+) (\S+)$", found, re.M)
        call = re.search(r"^CALL (\S+)$", found, re.M)
        redis_cli("flushdb")  # what setting up cached is gone: the servers start cold
        step("demo loaded")

        gunicorn = str(BIN / "gunicorn")
        bases = []
        for name in ("a", "b"):
            port = free_port()
            log = open(tmp / f"gunicorn-{name}.log", "w")  # noqa: SIM115 - closed with tmp
            processes.append(
                start(
                    env,
                    [gunicorn, "config.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{port}"],
                    log,
                )
            )
            bases.append(f"http://127.0.0.1:{port}")
        worker_log = open(tmp / "db_worker.log", "w")  # noqa: SIM115
        processes.append(start(env, [PYTHON, "manage.py", "db_worker"], worker_log))
        for base, process in zip(bases, processes, strict=False):
            if not wait_until_up(base, process):
                raise SystemExit(f"two-servers: gunicorn at {base} did not start")
        a, b = bases
        step(f"server A {a}, server B {b} (2 workers each), one db_worker")
        checks(
            a, b, env, int(news.group(1)), news.group(2), news.group(3), call.group(1), passwords
        )
    finally:
        for process in processes:
            stop(process)
        with contextlib.suppress(Exception):
            psql_admin("dropdb", "--if-exists", DB)
        with contextlib.suppress(Exception):
            redis_cli("flushdb")
        shutil.rmtree(tmp, ignore_errors=True)
    step(f"{len(failures)} failed in {time.monotonic() - started:.0f} s; stopped, {DB} dropped")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
