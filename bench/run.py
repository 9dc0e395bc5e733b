"""`make bench`: how fast each public page is, against the physical limit of this machine.

Prepares a database with production settings (DEBUG off, manifest static files through
whitenoise, persistent connections) — SQLite in var/bench/ by default, the database of
``DATABASE_URL`` when it is set — loads ``load_demo --scale N``, serves it with gunicorn
(2 workers) and drives each page with wrk, warm-up first. The same run measures a small
static file through the same stack: the ceiling any page could reach. Prints one Markdown
table and saves it under bench/results/.
"""

import argparse
import datetime
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"
RESULTS = ROOT / "bench" / "results"
PYTHON = sys.executable
MAX_QUERIES = 12
MIN_RATIO = 0.05  # uncached page / static file, requests per second
MIN_CACHED_RATIO = 0.50  # cached page / static file
MIN_KEPT = 0.80  # throughput at scale N against scale 0
MAX_ADMIN_GROWTH = 2.0  # admin time at scale N against scale 0
WORKERS = 2  # gunicorn workers: more adds no throughput on 2 cores


def bench_env(database_url):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=env.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(48),
        DATABASE_URL=database_url,
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        MEDIA_ROOT=str(VAR / "media"),
        PRIVATE_MEDIA_ROOT=str(VAR / "private"),
        MAILER_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        TASKS_BACKEND="django_tasks.backends.immediate.ImmediateBackend",
        LOG_LEVEL="WARNING",
        CONTENT_VERSION_FILE=str(VAR / "content-version"),
        MACHINE_CACHE_DIR=str(VAR / "machine-cache"),
    )
    return env


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
    manage(env, "createcachetable")
    manage(env, "collectstatic", "--noinput")
    arguments = ["load_demo"] + (["--scale", str(scale)] if scale else [])
    manage(env, *arguments)
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


def wrk(url, *, seconds, connections=8):
    """requests/s, p50 and p99 in ms, and whether every answer was a 2xx."""
    output = subprocess.run(
        [
            "wrk",
            "--latency",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "-H",
            "X-Forwarded-Proto: https",  # as behind the TLS proxy of production
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
    return rate, _ms(latency.get("50")), _ms(latency.get("99")), "Non-2xx" not in output


def _ms(text):
    if not text:
        return float("nan")
    value, unit = re.match(r"([\d.]+)(\w+)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def ensure_wrk():
    if shutil.which("wrk"):
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True)
        return
    raise SystemExit("bench: wrk is missing (Debian: apt-get install wrk)")


def baseline(database):
    """The latest scale-0 run on the same database, to show how cost grows with data."""
    runs = sorted(RESULTS.glob(f"*-{database.lower()}-scale-0.json"))
    return json.loads(runs[-1].read_text()) if runs else None


def growth(rows, admin, base):
    """Lines comparing this run with the scale-0 baseline, each with PASS/FAIL."""
    if base is None:
        return ["No scale-0 run on this database yet: run `make bench` first to compare."]
    before = {row["name"]: row for row in base["rows"]}
    static_before = base["rows"][0]["rate"]
    lines = [
        "| compared with scale 0 | then | now | kept | target |",
        "|---|---:|---:|---:|:-:|",
    ]
    for row in rows[1:]:
        old = before.get(row["name"])
        if not old:
            continue
        # Relative to each run's static file, so a busier machine does not count as growth.
        then = old["rate"] / static_before
        now = row["rate"] / rows[0]["rate"]
        kept = now / then if then else 0
        verdict = "PASS" if kept >= MIN_KEPT else "FAIL"
        lines.append(
            f"| {row['name']} | {then:.1%} | {now:.1%} | {kept:.0%} | ≥ {MIN_KEPT:.0%} {verdict} |"
        )
    admin_before = {row["path"]: row for row in base.get("admin", [])}
    for row in admin:
        old = admin_before.get(row["path"])
        if not old:
            continue
        factor = row["ms"] / old["ms"] if old["ms"] else 0
        verdict = "PASS" if factor <= MAX_ADMIN_GROWTH else "FAIL"
        lines.append(
            f"| {row['name']} | {old['ms']:.0f} ms | {row['ms']:.0f} ms | ×{factor:.1f} "
            f"| ≤ ×{MAX_ADMIN_GROWTH:.0f} {verdict} |"
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


def table(rows, *, scale, database, seconds):
    """One line per page: uncached then cached figures, each against that round's static file."""
    now = datetime.datetime.now(datetime.UTC)
    static, cached_static = rows[0]["rate"], rows[0]["cached_rate"]
    lines = [
        f"Scale {scale:g} · {database} · gunicorn 2 workers · wrk 2 threads, 8 connections, "
        f"{seconds} s per page after a warm-up · {now:%Y-%m-%d %H:%M} UTC",
        "",
        "| page | SQL queries | uncached req/s | × static | p50 ms | p99 ms "
        "| cached req/s | × static | p50 ms | p99 ms "
        f"| queries ≤ {MAX_QUERIES} | uncached ≥ {MIN_RATIO:.0%} "
        f"| cached ≥ {MIN_CACHED_RATIO:.0%} |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|:-:|:-:|:-:|",
    ]
    for row in rows:
        ratio = row["rate"] / static if static else 0
        cached_ratio = row["cached_rate"] / cached_static if cached_static else 0
        if row.get("static"):
            verdicts = ["—", "—", "—"]
        else:
            verdicts = [
                _verdict(row["queries"] <= MAX_QUERIES),
                _verdict(ratio >= MIN_RATIO),
                _verdict(cached_ratio >= MIN_CACHED_RATIO)
                if row["cache"] != "never"
                else "never cached (form)",
            ]
        lines.append(
            f"| {row['name']} `{row['path']}` | {row.get('queries', '—')} "
            f"| {row['rate']:.0f} | {ratio:.1%} | {row['p50']:.1f} | {row['p99']:.1f} "
            f"| {row['cached_rate']:.0f} | {cached_ratio:.1%} | {row['cached_p50']:.1f} "
            f"| {row['cached_p99']:.1f} | "
            + " | ".join(verdicts)
            + " |"
            + ("" if row["ok"] else " (non-2xx answers)")
        )
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


def drive(env, targets, *, seconds, prefix, report=None, then=None, app="config.wsgi"):
    """Serve with `env` and run wrk on each target; adds `<prefix>rate`, p50, p99 to each.
    Returns what `then(base_url)` returns, called while the server still runs."""
    port = free_port()
    server = serve(env, port, app)
    base = f"http://127.0.0.1:{port}"
    try:
        for target in targets:
            url = base + target["path"]
            if report is not None:
                report(target, url)
            wrk(url, seconds=2)  # warm-up: both workers, caches, connections
            rate, p50, p99, ok = wrk(url, seconds=seconds)
            target.update({f"{prefix}rate": rate, f"{prefix}p50": p50, f"{prefix}p99": p99})
            target["ok"] = target.get("ok", True) and ok
            label = "cached" if prefix else "uncached"
            print(f"bench: {target['name']:<18} {label:>8} {rate:8.0f} req/s", flush=True)
        return then(base) if then else None
    finally:
        server.terminate()
        server.wait(timeout=10)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=float(os.environ.get("SCALE", 0)))
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("BENCH_SECONDS", 8)))
    parser.add_argument("--skip-prepare", action="store_true")
    options = parser.parse_args()
    ensure_wrk()

    VAR.mkdir(parents=True, exist_ok=True)
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{VAR / 'bench.sqlite3'}"
    database = "PostgreSQL" if database_url.startswith("postgres") else "SQLite"
    env = bench_env(database_url)
    if not options.skip_prepare:
        # Volume data, once added, stays: each run starts from an empty SQLite file (on
        # PostgreSQL, give it a fresh database).
        (VAR / "bench.sqlite3").unlink(missing_ok=True)
        shutil.rmtree(VAR / "machine-cache", ignore_errors=True)
        took = prepare(env, options.scale)
        print(f"bench: database ready in {took:.0f} s ({database}, scale {options.scale})")

    output = manage(env, "shell", "-c", (ROOT / "bench" / "pages.py").read_text(), capture=True)
    measured = json.loads(output.split("BENCH-JSON ", 1)[1])

    rows = [{"name": "Fichier statique", "path": measured["static"], "static": True}]
    rows += measured["pages"]
    # First with the page cache off (every request renders), then as production runs.
    from bench.first_visit import first_visit
    from bench.weight import home_page_weight

    uncached = {**env, "PAGE_CACHE_SECONDS": "0"}
    # In the uncached round a warm visit renders the page, as a first visit must.
    first = drive(
        uncached,
        rows,
        seconds=options.seconds,
        prefix="",
        then=lambda base: first_visit(uncached, base),
    )

    def note_cache(target, url):
        target["cache"] = "static" if target.get("static") else cache_state(url)

    drive(env, rows, seconds=options.seconds, prefix="cached_", report=note_cache)
    weight = drive(env, [], seconds=0, prefix="", then=home_page_weight, app="bench.media_wsgi")

    admin = measured.get("admin", [])
    report = table(rows, scale=options.scale, database=database, seconds=options.seconds)
    report += "\n" + "\n".join(admin_table(admin)) + "\n"
    report += "\n" + "\n".join(first_visit_and_weight(first, weight)) + "\n"
    if options.scale:
        report += "\n" + "\n".join(growth(rows, admin, baseline(database))) + "\n"
    RESULTS.mkdir(parents=True, exist_ok=True)
    stem = f"{datetime.date.today():%Y-%m-%d}-{database.lower()}-scale-{options.scale:g}"
    name = f"{stem}.md"
    (RESULTS / name).write_text(report)
    (RESULTS / f"{stem}.json").write_text(
        json.dumps({"rows": rows, "admin": admin, "first_visit": first, "weight": weight}, indent=1)
    )
    print()
    print(report)
    print(f"Saved to bench/results/{name}")


if __name__ == "__main__":
    main()
