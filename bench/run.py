"""`make bench`: how fast each public page is, against the physical limit of this machine.

Prepares a database with production settings (DEBUG off, manifest static files through
whitenoise, persistent connections) — SQLite in var/bench/ by default, on the PostgreSQL
server of ``DATABASE_URL`` when it is set — loads ``load_demo`` and the volume data of scale N
(``python -m bench.volume --scale N``, bench/volume/), serves it with
gunicorn (2 workers) and drives each page with wrk, warm-up first, in three rounds:

1. every cache off (``CACHE_URL=dummy://``: Django's and Wagtail's caches, and the page
   cache): what rendering each page costs;
2. the page cache on, as production runs, with the share of answers it served;
3. the same while people register for one community, two a second through its public form:
   pages that do not show that community must keep their throughput and their hits, and
   the registrations' driver checks that the community's page and card never show fewer
   registrations than were committed (``bench/registrations.py``).

Each round measures a small static file through the same stack: the ceiling any page could
reach. It is measured again just before each page, in the same turn, and each page's figure
is a share of that measurement: the machine's pace drifts from one page to the next. Prints
one Markdown table and saves it under bench/results/. At a scale above 0 the same run also
prepares and serves the demo alone (scale 0) and measures each page on both sites in
alternating rounds: how cost grows with data is read from measurements taken side by side.
"""

import argparse
import datetime
import json
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"
RESULTS = ROOT / "bench" / "results"
PYTHON = sys.executable
MAX_QUERIES = 12
MIN_RATIO = 0.05  # every cache off: page / static file, requests per second
MIN_CACHED_RATIO = 0.80  # page cache on: page / static file
MIN_KEPT_UNDER_WRITES = 0.90  # with registrations arriving / without, pages not showing them
MIN_HITS_UNDER_WRITES = 0.99  # answers from the page cache, pages not showing the community
WRITES_PER_SECOND = 2
HITS_SCRIPT = ROOT / "bench" / "hits.lua"
MIN_KEPT = 0.80  # throughput at scale N against scale 0
MAX_ADMIN_GROWTH = 2.0  # admin time at scale N against scale 0
WORKERS = 2  # gunicorn workers: more adds no throughput on 2 cores
ROUNDS = 4  # with two sites, each page is measured in this many turns on each


def site_dir(scale):
    return VAR / f"scale-{scale:g}"


def database_url(scale):
    """SQLite in the scale's directory or, with ``DATABASE_URL``, a database of the bench's
    own on that PostgreSQL server (named after it; the database it names is not touched)."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        return f"sqlite:///{site_dir(scale) / 'bench.sqlite3'}"
    parts = urlsplit(url)
    name = (unquote(parts.path.lstrip("/")) or "expressives") + f"_bench_scale_{scale:g}"
    return urlunsplit(parts._replace(path="/" + name.replace(".", "_")))


def fresh_database(url):
    """Volume data, once added, stays: each preparation starts from an empty database."""
    if url.startswith("sqlite"):
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
        return
    import psycopg2

    parts = urlsplit(url)
    connection = psycopg2.connect(
        dbname="postgres",
        host=parts.hostname,
        port=parts.port or 5432,
        user=unquote(parts.username or "") or None,
        password=unquote(parts.password or "") or None,
    )
    connection.autocommit = True
    name = unquote(parts.path.lstrip("/"))
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def bench_env(database_url, directory):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=env.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(48),
        DATABASE_URL=database_url,
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SITE_URL="http://127.0.0.1",  # production settings require the public address
        MEDIA_ROOT=str(directory / "media"),
        PRIVATE_MEDIA_ROOT=str(directory / "private"),
        MAILER_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        TASKS_BACKEND="django_tasks.backends.immediate.ImmediateBackend",
        LOG_LEVEL="WARNING",
        CACHE_DIR=str(directory / "cache"),
        # Every registration comes from 127.0.0.1: the limit would stop the writers.
        COMMUNITY_RATE_LIMIT="1000000",
    )
    return env


def volume(env, scale):
    """The volume data (bench/volume/), in the bench's environment: its emails go to the
    in-memory mailer, never out."""
    subprocess.run(
        [PYTHON, "-m", "bench.volume", "--scale", str(scale)], cwd=ROOT, env=env, check=True
    )


def manage(env, *args, capture=False):
    command = [PYTHON, "manage.py", *args]
    if capture:
        return subprocess.run(
            command, cwd=ROOT, env=env, check=True, capture_output=True, text=True
        ).stdout
    subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    return ""


def prepare(env, scale):
    started = time.monotonic()
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    manage(env, "load_demo")
    if scale:
        volume(env, scale)
    if env["DATABASE_URL"].startswith("postgres"):
        # Fresh statistics after the bulk load, rather than whenever autovacuum runs.
        manage(
            env,
            "shell",
            "-c",
            "from django.db import connection\nconnection.cursor().execute('ANALYZE')",
        )
    return time.monotonic() - started


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(env, port, app="config.wsgi"):
    """gunicorn, 2 workers; ``app="bench.media_wsgi"`` also serves media files, as the
    front proxy does in production (for what a browser loads, not for throughput)."""
    gunicorn = Path(PYTHON).with_name("gunicorn")
    ready = Path(tempfile.mkdtemp(prefix="expressives-bench-ready-"))
    process = subprocess.Popen(
        [
            *(str(gunicorn), app, "--workers", str(WORKERS), "--bind", f"127.0.0.1:{port}"),
            *("--config", "python:bench.gunicorn_ready"),
        ],
        cwd=ROOT,
        env={**env, "BENCH_READY_DIR": str(ready)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    # Until every worker has loaded the site (bench/gunicorn_ready.py), not only the socket.
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline and process.poll() is None:
        if len(list(ready.iterdir())) >= WORKERS:
            shutil.rmtree(ready, ignore_errors=True)
            return process
        time.sleep(0.1)
    process.kill()
    shutil.rmtree(ready, ignore_errors=True)
    raise SystemExit("bench: gunicorn did not start")


def wrk(url, *, seconds, connections=8, hits=False):
    """requests/s, p50 and p99 in ms, whether every answer was a 2xx, and (``hits``) the
    share of answers the page cache served (bench/hits.lua), else None."""
    script = ["-s", str(HITS_SCRIPT)] if hits else []
    output = subprocess.run(
        [
            *("wrk", "--latency", "-t2", f"-c{connections}", f"-d{seconds}s", *script),
            *("-H", "X-Forwarded-Proto: https"),  # as behind the TLS proxy of production
            url,
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return parse_wrk(output)


def parse_wrk(output):
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)$", output, re.MULTILINE))
    counted = re.search(r"PAGE-CACHE-HITS (\d+) (\d+)", output)
    share = int(counted[1]) / int(counted[2]) if counted and int(counted[2]) else None
    return rate, _ms(latency.get("50")), _ms(latency.get("99")), "Non-2xx" not in output, share


def _ms(text):
    if not text:
        return float("nan")
    value, unit = re.match(r"([\d.]+)(\w+)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def ensure_debian_package(package, executable):
    """Install a Debian package the run needs (wrk, chromium) before anything is measured:
    missing at the end, it would cost the whole run."""
    if shutil.which(executable):
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", package], check=True, env=env)
        return
    raise SystemExit(f"bench: {executable} is missing (Debian: apt-get install {package})")


def ensure_tools():
    from bench.weight import CHROMIUM

    ensure_debian_package("wrk", "wrk")
    ensure_debian_package("chromium", CHROMIUM)


def growth(rows, admin, base_rows, base_admin, *, scale):
    """Lines comparing each page at ``scale`` with the same page at scale 0, both measured
    in the same run, and the admin views' times, each with PASS/FAIL. The static file,
    alike on both sites, shows how evenly the rounds shared the machine."""
    before = {row["name"]: row for row in base_rows}
    lines = [
        f"| measured side by side, every cache off | scale 0 | scale {scale:g} | kept "
        f"| page size, scale 0 → {scale:g} | target |",
        "|---|---:|---:|---:|---:|:-:|",
    ]
    for row in rows:
        old = before.get(row["name"])
        if not old:
            continue
        kept = row["rate"] / old["rate"] if old["rate"] else 0
        if row.get("static"):
            target = "— (the same file: the rounds' fairness)"
        else:
            target = f"≥ {MIN_KEPT:.0%} {_verdict(kept >= MIN_KEPT)}"
        # A listing's page fills up at a larger scale (6 cards, then a full page of 24):
        # the sizes tell more shown from more cost for the same.
        size = (
            f"{old['bytes'] / 1000:.0f} → {row['bytes'] / 1000:.0f} KB"
            if "bytes" in old and "bytes" in row
            else "—"
        )
        lines.append(
            f"| {row['name']} | {old['rate']:.0f} req/s | {row['rate']:.0f} req/s "
            f"| {kept:.0%} | {size} | {target} |"
        )
    admin_before = {row["key"]: row for row in base_admin}
    for row in admin:
        old = admin_before.get(row["key"])
        if not old:
            continue
        factor = row["ms"] / old["ms"] if old["ms"] else 0
        if row.get("items") and old.get("items"):
            # An edit view, not a listing: it shows every item, a form each. The target is
            # for listings; what it costs a programme item is what should not grow.
            target = (
                f"— (not a listing: {old['items']} then {row['items']} items, "
                f"{old['ms'] / old['items']:.0f} then {row['ms'] / row['items']:.0f} ms each)"
            )
        else:
            target = f"≤ ×{MAX_ADMIN_GROWTH:.0f} {_verdict(factor <= MAX_ADMIN_GROWTH)}"
        lines.append(
            f"| {row['name']} | {old['ms']:.0f} ms | {row['ms']:.0f} ms | ×{factor:.1f} | — "
            f"| {target} |"
        )
    return lines


def admin_table(admin):
    lines = ["| admin view (signed in) | path | median ms |", "|---|---|---:|"]
    for row in admin:
        status = "" if row["status"] == 200 else f" (answered {row['status']})"
        lines.append(f"| {row['name']} | `{row['path']}` | {row['ms']:.0f}{status} |")
    return lines


def _verdict(passed):
    return "PASS" if passed else "FAIL"


def table(rows, *, scale, database, seconds, rounds=1, writes=None):
    """One line per page, three rounds, each against that round's static file: every cache
    off, the page cache on, and the page cache on with registrations arriving."""
    now = datetime.datetime.now(datetime.UTC)
    static = {prefix: rows[0][f"{prefix}rate"] for prefix in ("", "cached_", "writes_")}

    def share_of(row, prefix):
        # Against the static file measured just before the page, in the same turn (the
        # machine's pace drifts by 10 % or more from one page to the next), else the round's.
        beside = row.get(f"{prefix}static_rate") or static[prefix]
        return row[f"{prefix}rate"] / beside if beside else 0

    shows = set(writes["paths"]) if writes else set()
    how = f"{seconds} s per page after a warm-up"
    if rounds > 1:
        how += f" (every cache off: in {rounds} turns, alternating with scale 0)"
    lines = [
        f"Scale {scale:g} · {database} · gunicorn 2 workers · wrk 2 threads, 8 connections, "
        f"{how} · {now:%Y-%m-%d %H:%M} UTC",
        "",
        "| page | SQL queries, every cache off | every cache off: req/s | × static | p99 ms "
        "| page cache: req/s | × static | p99 ms | hits "
        f"| {WRITES_PER_SECOND} registrations/s: req/s | kept | hits "
        f"| queries ≤ {MAX_QUERIES} | every cache off ≥ {MIN_RATIO:.0%} "
        f"| page cache ≥ {MIN_CACHED_RATIO:.0%} "
        f"| registrations: kept ≥ {MIN_KEPT_UNDER_WRITES:.0%}, "
        f"hits ≥ {MIN_HITS_UNDER_WRITES:.0%} |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|:-:|:-:|:-:|:-:|",
    ]
    for row in rows:
        share = {prefix: share_of(row, prefix) for prefix in static}
        # Kept: the page's share of the static file with registrations arriving, against its
        # share without (the registrations take part of the machine from every answer alike).
        kept = share["writes_"] / share["cached_"] if share["cached_"] else 0
        if row.get("static"):
            verdicts = ["—"] * 4
        elif row["cache"] == "never":
            verdicts = [_verdict(row["queries"] <= MAX_QUERIES), _verdict(share[""] >= MIN_RATIO)]
            verdicts += ["never stored (form)"] * 2
        else:
            shown = row["path"] in shows
            verdicts = [
                _verdict(row["queries"] <= MAX_QUERIES),
                _verdict(share[""] >= MIN_RATIO),
                _verdict(share["cached_"] >= MIN_CACHED_RATIO),
                "— (shows the community)"
                if shown
                else _verdict(
                    kept >= MIN_KEPT_UNDER_WRITES
                    and (row["writes_hits"] or 0) >= MIN_HITS_UNDER_WRITES
                ),
            ]
        hits = [
            f"{row[k]:.1%}" if row.get(k) is not None else "—"
            for k in ("cached_hits", "writes_hits")
        ]
        lines.append(
            f"| {row['name']} `{row['path']}` | {row.get('queries', '—')} "
            f"| {row['rate']:.0f} | {share['']:.1%} | {row['p99']:.1f} "
            f"| {row['cached_rate']:.0f} | {share['cached_']:.1%} | {row['cached_p99']:.1f} "
            f"| {hits[0]} | {row['writes_rate']:.0f} | {kept:.0%} | {hits[1]} | "
            + " | ".join(verdicts)
            + " |"
            + ("" if row["ok"] else " (non-2xx answers)")
        )
    if writes:
        fresh = "PASS" if writes["stale"] == 0 and writes["registrations"] else "FAIL"
        lines += [
            "",
            f"Registrations during the third round: {writes['registrations']} "
            f"({writes['per_second']}/s, {writes['refused']} refused) for "
            f"`{writes['paths'][0]}`; after each, its page and its card on `{writes['paths'][1]}` "
            f"were read back {writes['checks']} times: {writes['stale']} showed fewer "
            f"registrations than committed — never stale: {fresh}",
        ]
    return "\n".join(lines) + "\n"


def first_visit_and_weight(first, weight):
    from bench.first_visit import MAX_RATIO
    from bench.weight import MAX_BYTES

    kb, max_kb = weight["bytes"] / 1024, MAX_BYTES // 1024
    third = ", ".join(weight["third_party"]) or "none"
    return [
        "| other target | measured | target |",
        "|---|---|:-:|",
        f"| First visit after publishing {first['pictures']} pictures "
        f"(`{first['path']}`; {first['renditions_made_by_visits']} renditions made by "
        f"visits) | {first['first_ms']:.0f} ms vs {first['warm_ms']:.0f} ms warm: "
        f"×{first['ratio']:.2f} | ≤ ×{MAX_RATIO:.0f} {_verdict(first['pass'])} |",
        f"| Home page, first load on a phone | {kb:.0f} KB in {weight['requests']} requests; "
        f"third-party: {third} | < {max_kb} KB, none "
        f"{_verdict(weight['bytes'] < MAX_BYTES and not weight['third_party'])} |",
    ]


def cache_state(url):
    """'stored' if the page cache keeps this page (it says "miss" when storing, "hit" when
    serving; each worker process has its own copy), else 'never'."""
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
    with urllib.request.urlopen(request) as response:
        return "stored" if response.headers.get("X-Page-Cache") else "never"


def drive(
    sites,
    *,
    seconds,
    prefix,
    rounds=1,
    report=None,
    then=None,
    app="config.wsgi",
    hits=False,
    during=None,
):
    """Serve each site, ``[(env, rows)]``, and run wrk on each row; adds `<prefix>rate`,
    p50, p99 and hits (``hits``: the page cache's share of answers) to each. Rows are
    matched by name across sites: each page is warmed up on every site, then measured in
    ``rounds`` turns of ``seconds / rounds``, one site after the other (in turn order A B,
    B A...), so a busier moment of the machine weighs on every site alike. A page's figures
    are the mean rate and the median p50 and p99 of its turns. Returns what
    ``then(base_url)`` returns for the last site, called while its server still runs, or
    what ``during(env, base_url)``, started before the first page, gives once they are done."""
    bases, servers = [], []
    try:
        for env, _rows in sites:
            port = free_port()
            servers.append(serve(env, port, app))
            bases.append(f"http://127.0.0.1:{port}")
        turn = max(1, round(seconds / rounds))
        static_paths = {
            base: next((row["path"] for row in rows if row.get("static")), None)
            for (_env, rows), base in zip(sites, bases, strict=True)
        }
        # What runs while the pages are measured (registrations); it gives its result at the end.
        finish = during(sites[-1][0], bases[-1]) if during else None
        for name in [row["name"] for row in sites[-1][1]]:
            found = [
                (base, row)
                for (_env, rows), base in zip(sites, bases, strict=True)
                for row in rows
                if row["name"] == name
            ]
            for base, row in found:
                if report is not None:
                    report(row, base + row["path"])
                wrk(base + row["path"], seconds=2)  # warm-up: both workers, caches, connections
            turns = {id(row): [] for _base, row in found}
            beside = {id(row): [] for _base, row in found}
            for number in range(rounds):
                # A B, then B A: whichever goes second in a turn does not always follow.
                for base, row in found if number % 2 == 0 else found[::-1]:
                    if not row.get("static") and static_paths.get(base):
                        # The static file just before the page: what the page is a share of.
                        rate = wrk(base + static_paths[base], seconds=max(2, turn // 2))[0]
                        beside[id(row)].append(rate)
                    turns[id(row)].append(wrk(base + row["path"], seconds=turn, hits=hits))
            for _base, row in found:
                rates, p50s, p99s, oks, shares = zip(*turns[id(row)], strict=True)
                rate = statistics.fmean(rates)
                row.update(
                    {
                        f"{prefix}rate": rate,
                        f"{prefix}p50": statistics.median(p50s),
                        f"{prefix}p99": statistics.median(p99s),
                        f"{prefix}hits": None if None in shares else statistics.fmean(shares),
                    }
                )
                if beside[id(row)]:
                    row[f"{prefix}static_rate"] = statistics.fmean(beside[id(row)])
                row["ok"] = row.get("ok", True) and all(oks)
            label = {"": "no cache", "cached_": "cached", "writes_": "writes"}[prefix]
            rates = " / ".join(f"{row[prefix + 'rate']:.0f}" for _base, row in found)
            print(f"bench: {name:<18} {label:>8} {rates} req/s", flush=True)
        if finish is not None:
            return finish()
        return then(bases[-1]) if then else None
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=10)


def prepare_site(scale, *, skip):
    """The environment and measured URLs (bench/pages.py) of the site at ``scale``."""
    directory = site_dir(scale)
    directory.mkdir(parents=True, exist_ok=True)
    env = bench_env(database_url(scale), directory)
    if not skip:
        fresh_database(env["DATABASE_URL"])
        shutil.rmtree(directory / "machine-cache", ignore_errors=True)
        took = prepare(env, scale)
        print(f"bench: scale {scale:g} ready in {took:.0f} s", flush=True)
    output = manage(env, "shell", "-c", (ROOT / "bench" / "pages.py").read_text(), capture=True)
    measured = json.loads(output.split("BENCH-JSON ", 1)[1])
    rows = [{"name": "Fichier statique", "path": measured["static"], "static": True}]
    env["BENCH_WRITES"] = json.dumps(measured.get("writes"))
    return env, rows + measured["pages"], measured.get("admin", [])


def registrations(env, base_url):
    """Start ``bench/registrations.py`` against ``base_url``; returns what stops it and
    gives its counts (None when the demo has no community taking registrations)."""
    writes = json.loads(env.get("BENCH_WRITES") or "null")
    if writes is None:
        return lambda: None
    stop = Path(tempfile.mkdtemp(prefix="expressives-bench-writes-")) / "stop"
    process = subprocess.Popen(
        [PYTHON, "manage.py", "shell", "-c", (ROOT / "bench" / "registrations.py").read_text()],
        cwd=ROOT,
        env={
            **env,
            "BENCH_BASE_URL": base_url,
            "BENCH_COMMUNITY_ID": str(writes["community_id"]),
            "BENCH_WRITES_PER_SECOND": str(WRITES_PER_SECOND),
            "BENCH_STOP_FILE": str(stop),
        },
        stdout=subprocess.PIPE,
        text=True,
    )

    # Django's start-up in that process takes the machine for seconds: measure after it.
    deadline = time.monotonic() + 120
    while not stop.with_name("ready").exists() and process.poll() is None:
        if time.monotonic() > deadline:
            process.kill()
            raise SystemExit("bench: the registrations never started")
        time.sleep(0.2)

    def finish():
        stop.touch()
        output, _ = process.communicate(timeout=60)
        shutil.rmtree(stop.parent, ignore_errors=True)
        return json.loads(output.split("WRITES-JSON ", 1)[1])

    return finish


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=float(os.environ.get("SCALE", 0)))
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("BENCH_SECONDS", 8)))
    parser.add_argument("--skip-prepare", action="store_true")
    options = parser.parse_args()
    ensure_tools()

    database = "PostgreSQL" if os.environ.get("DATABASE_URL") else "SQLite"
    env, rows, admin = prepare_site(options.scale, skip=options.skip_prepare)
    sites = [(env, rows)]
    base_rows = base_admin = None
    if options.scale:
        # The demo alone, served beside it: growth is measured side by side.
        base_env, base_rows, base_admin = prepare_site(0, skip=options.skip_prepare)
        sites.insert(0, (base_env, base_rows))
    rounds = ROUNDS if len(sites) > 1 else 1

    # Every cache off (every request renders), then as production runs, then under writes.
    from bench.first_visit import first_visit
    from bench.weight import home_page_weight

    off = [({**site_env, "CACHE_URL": "dummy://"}, found) for site_env, found in sites]
    # With every cache off a warm visit renders the page, as a first visit must.
    first = drive(
        off,
        seconds=options.seconds,
        prefix="",
        rounds=rounds,
        then=lambda base: first_visit(off[-1][0], base),
    )

    def note_cache(target, url):
        target["cache"] = "static" if target.get("static") else cache_state(url)

    cached = [(env, rows)]
    drive(cached, seconds=options.seconds, prefix="cached_", report=note_cache, hits=True)
    writes = drive(
        cached, seconds=options.seconds, prefix="writes_", hits=True, during=registrations
    )
    weight = drive([(env, [])], seconds=0, prefix="", then=home_page_weight, app="bench.media_wsgi")

    report = table(
        rows,
        scale=options.scale,
        database=database,
        seconds=options.seconds,
        rounds=rounds,
        writes=writes,
    )
    report += "\n" + "\n".join(admin_table(admin)) + "\n"
    report += "\n" + "\n".join(first_visit_and_weight(first, weight)) + "\n"
    if options.scale:
        lines = growth(rows, admin, base_rows, base_admin, scale=options.scale)
        report += "\n" + "\n".join(lines) + "\n"
    RESULTS.mkdir(parents=True, exist_ok=True)
    stem = f"{datetime.date.today():%Y-%m-%d}-{database.lower()}-scale-{options.scale:g}"
    name = f"{stem}.md"
    (RESULTS / name).write_text(report)
    result = {
        "rows": rows,
        "admin": admin,
        "first_visit": first,
        "weight": weight,
        "writes": writes,
    }
    if options.scale:
        result["scale_0"] = {"rows": base_rows, "admin": base_admin}
    (RESULTS / f"{stem}.json").write_text(json.dumps(result, indent=1))
    print()
    print(report)
    print(f"Saved to bench/results/{name}")


if __name__ == "__main__":
    main()
