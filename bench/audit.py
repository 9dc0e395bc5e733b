"""`make audit`: Lighthouse scores of the main public pages, served with production settings.

Prepares a SQLite database in var/audit/ like `make bench` does (production settings, demo
content), serves it with gunicorn (media included, as the production proxy would) and runs
Lighthouse (pinned, installed from npm into var/audit/) with Debian's chromium on each page,
mobile profile. Prints one Markdown table, saves it under bench/results/ and the JSON
reports under var/audit/reports/. Exits non-zero when a score is under its target.
"""

import argparse
import datetime
import json
import os
import shutil
import subprocess
import sys

from bench.run import RESULTS, ROOT, bench_env, free_port, manage, prepare, serve

VAR = ROOT / "var" / "audit"
REPORTS = VAR / "reports"
# 12.x is the last line that runs on Node 20 (13 needs Node 22.19).
LIGHTHOUSE_VERSION = "12.8.2"
LIGHTHOUSE = VAR / "node_modules" / ".bin" / "lighthouse"
CHROME_PATH = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-dev-shm-usage",  # small /dev/shm in containers crashes tabs
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 95, "seo": 100}
HEADERS = {"X-Forwarded-Proto": "https"}  # as behind production's TLS proxy: no redirect

# Resolved inside Django: the community page is whichever the demo publishes first, the
# call that of the upcoming edition.
PAGES_SCRIPT = """
import json
from communities.models import CommunityPage
page = (
    CommunityPage.objects.live().public().filter(locale__language_code="fr-ca")
    .order_by("pk").first()
)
from host_applications.models import HostCallPage
call = (
    HostCallPage.objects.live().public().filter(locale__language_code="fr-ca")
    .order_by("-pk").first()
)
print("AUDIT-JSON " + json.dumps([page.url if page else None, call.url if call else None]))
"""


def pages(env):
    output = manage(env, "shell", "-c", PAGES_SCRIPT, capture=True)
    community, call = json.loads(output.split("AUDIT-JSON ", 1)[1])
    found = [
        ("Accueil", "/"),
        ("Édition", "/colloque/2024/"),
        ("Programmation", "/colloque/2024/programme/"),
        ("Communauté", community),
        ("Candidature", call),  # the demo's upcoming edition follows the day it is loaded
    ]
    missing = [name for name, path in found if not path]
    if missing:
        raise SystemExit(f"audit: no page in the demo for {', '.join(missing)}")
    return found


def ensure_lighthouse():
    if LIGHTHOUSE.exists():
        return
    if not shutil.which("npm"):
        raise SystemExit("audit: npm is missing (Node 20 or newer)")
    VAR.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            *("npm", "install", "--prefix", str(VAR), "--no-audit", "--no-fund", "--silent"),
            f"lighthouse@{LIGHTHOUSE_VERSION}",
        ],
        check=True,
    )


def serve_with_media(env, port):
    """bench.run.serve, but with media files: the pages' images are part of what we audit."""
    return serve(env, port, "bench.media_wsgi")


def lighthouse(url, output, *, attempts=2):
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={output}",
        f"--only-categories={','.join(TARGETS)}",
        f"--chrome-flags={' '.join(CHROME_FLAGS)}",
        f"--extra-headers={json.dumps(HEADERS)}",
    ]
    for attempt in range(attempts):
        done = subprocess.run(command, check=False, env={**os.environ, "CHROME_PATH": CHROME_PATH})
        if done.returncode == 0:
            return json.loads(output.read_text())
        # A headless chromium occasionally fails to start or to attach: try once more.
        print(f"audit: Lighthouse failed on {url} (attempt {attempt + 1})", flush=True)
    raise SystemExit(f"audit: Lighthouse could not audit {url}")


def scores(report):
    return {key: round((report["categories"][key]["score"] or 0) * 100) for key in TARGETS}


def passed(row):
    return all(row[key] >= target for key, target in TARGETS.items())


def problems(report):
    """Audits that cost points, per category: what to fix."""
    lines = []
    for key in TARGETS:
        for ref in report["categories"][key]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                value = audit.get("displayValue", "")
                lines.append(f"  {key}: {ref['id']} ({audit['score']:.2f}) {value}".rstrip())
    return lines


def table(rows):
    now = datetime.datetime.now(datetime.UTC)
    targets = " · ".join(f"{key} ≥ {target}" for key, target in TARGETS.items())
    lines = [
        f"Lighthouse {LIGHTHOUSE_VERSION} · mobile · production settings, SQLite, demo · "
        f"{now:%Y-%m-%d %H:%M} UTC · targets: {targets}",
        "",
        "| page | path | performance | accessibility | best practices | SEO | result |",
        "|---|---|---:|---:|---:|---:|:-:|",
    ]
    for row in rows:
        lines.append(
            f"| {row['name']} | `{row['path']}` | {row['performance']} | "
            f"{row['accessibility']} | {row['best-practices']} | {row['seo']} | "
            f"{'PASS' if passed(row) else 'FAIL'} |"
        )
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-prepare", action="store_true", help="reuse var/audit's database")
    options = parser.parse_args()
    ensure_lighthouse()

    VAR.mkdir(parents=True, exist_ok=True)
    # Its own files, version and cache: never what the bench's database kept.
    env = bench_env(f"sqlite:///{VAR / 'audit.sqlite3'}", VAR)
    env.update(
        # Lighthouse fetches robots.txt without the extra header: behind the TLS proxy
        # nothing redirects either.
        SECURE_SSL_REDIRECT="0",
    )
    if options.skip_prepare:
        manage(env, "collectstatic", "--noinput")  # templates and CSS may have changed
    else:
        took = prepare(env, 0)
        print(f"audit: database ready in {took:.0f} s")
    targets = pages(env)

    REPORTS.mkdir(parents=True, exist_ok=True)
    port = free_port()
    server = serve_with_media(env, port)
    rows = []
    try:
        for name, path in targets:
            # A first visit renders renditions and fills caches: measure the steady state.
            subprocess.run(
                [
                    *("curl", "-sf", "-o", "/dev/null", "-H", "X-Forwarded-Proto: https"),
                    f"http://127.0.0.1:{port}{path}",
                ],
                check=False,
            )
            slug = path.strip("/").replace("/", "-") or "accueil"
            report = lighthouse(f"http://127.0.0.1:{port}{path}", REPORTS / f"{slug}.json")
            row = {"name": name, "path": path, **scores(report)}
            rows.append(row)
            print(f"audit: {name:<14} {'PASS' if passed(row) else 'FAIL'}", flush=True)
            for line in problems(report):
                print(line)
    finally:
        server.terminate()
        server.wait(timeout=10)

    report = table(rows)
    RESULTS.mkdir(parents=True, exist_ok=True)
    name = f"{datetime.date.today():%Y-%m-%d}-lighthouse.md"
    (RESULTS / name).write_text(report)
    print()
    print(report)
    print(f"Saved to bench/results/{name}, reports in var/audit/reports/")
    if not all(passed(row) for row in rows):
        sys.exit(1)


if __name__ == "__main__":
    main()
