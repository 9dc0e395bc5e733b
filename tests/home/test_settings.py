import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_production_check(**env):
    environment = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    environment.update(DJANGO_SETTINGS_MODULE="config.settings.production", **env)
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_production_check()
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_starts_with_a_secret_key():
    result = run_production_check(SECRET_KEY="x" * 60, ALLOWED_HOSTS="example.org")
    assert result.returncode == 0, result.stderr


def test_database_url_selects_postgresql():
    import dj_database_url

    config = dj_database_url.parse("postgres://postgres@127.0.0.1:5432/expressives")
    assert config["ENGINE"] == "django.db.backends.postgresql"
