"""Structured logs: one JSON object per line, exceptions included (LOG_FORMAT=json)."""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

from django.test import RequestFactory

from home.logs import JsonFormatter

ROOT = Path(__file__).resolve().parents[2]


def record(name="expressives.test", level=logging.INFO, msg="Bonjour %s", args=("monde",), **kw):
    return logging.LogRecord(name, level, __file__, 1, msg, args, kw.pop("exc_info", None), **kw)


def test_a_record_is_one_json_line():
    line = JsonFormatter().format(record(msg="Deux\nlignes %s"))
    assert "\n" not in line
    data = json.loads(line)
    assert data["message"] == "Deux\nlignes monde"
    assert data["level"] == "INFO" and data["logger"] == "expressives.test"
    assert data["time"].startswith("20") and next(iter(data)) == "time"


def test_an_exception_stays_in_the_same_line():
    try:
        raise ValueError("boom")
    except ValueError:
        entry = record(level=logging.ERROR, exc_info=sys.exc_info())
    line = JsonFormatter().format(entry)
    assert "\n" not in line
    data = json.loads(line)
    assert data["level"] == "ERROR"
    assert "Traceback" in data["exception"] and "ValueError: boom" in data["exception"]


def test_request_logs_carry_method_path_and_status():
    entry = record(name="django.request", level=logging.WARNING, msg="Not Found: %s", args=("/x",))
    entry.request = RequestFactory().post("/colloque/2026/candidature/")
    entry.status_code = 404
    data = json.loads(JsonFormatter().format(entry))
    assert (data["method"], data["path"], data["status"]) == (
        "POST",
        "/colloque/2026/candidature/",
        404,
    )
    assert "request" not in data and "status_code" not in data


SCRIPT = """
import logging, django
django.setup()
log = logging.getLogger("expressives.check")
log.warning("plain")
try:
    1 / 0
except ZeroDivisionError:
    log.exception("failed")
"""


def run_production(**env):
    environment = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "LOG_FORMAT")}
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="example.org",
        SITE_URL="https://example.org",
        **env,
    )
    return subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_logs_json_by_default_and_text_on_request():
    result = run_production()
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stderr.splitlines() if line.strip()]
    mine = [line for line in lines if line["logger"] == "expressives.check"]
    assert [line["message"] for line in mine] == ["plain", "failed"]
    assert "ZeroDivisionError" in mine[1]["exception"]

    result = run_production(LOG_FORMAT="text")
    assert result.returncode == 0, result.stderr
    assert "WARNING expressives.check: plain" in result.stderr
    assert "Traceback" in result.stderr
