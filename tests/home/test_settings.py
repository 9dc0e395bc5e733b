import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_production_check(**env):
    environment = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "SITE_URL")}
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


def test_production_refuses_to_start_without_its_public_address():
    result = run_production_check(SECRET_KEY="x" * 60, ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert "SITE_URL must be set in production" in result.stderr


def test_production_starts_with_a_secret_key_and_its_address():
    result = run_production_check(
        SECRET_KEY="x" * 60, ALLOWED_HOSTS="example.org", SITE_URL="https://example.org"
    )
    assert result.returncode == 0, result.stderr


def test_database_url_selects_postgresql():
    import dj_database_url

    config = dj_database_url.parse("postgres://postgres@127.0.0.1:5432/expressives")
    assert config["ENGINE"] == "django.db.backends.postgresql"


SHOW_SERVICES = """
import json
from django.conf import settings
from django.core.files.storage import storages
from wagtail.contrib.frontend_cache.utils import get_backends

media, private = storages["default"], storages["private"]
print(json.dumps({
    "media": [type(media).__name__, media.bucket_name, media.location, media.default_acl,
              media.querystring_auth, media.custom_domain],
    "private": [type(private).__name__, private.bucket_name, private.location,
                private.default_acl, private.querystring_auth],
    "media_url": media.url("images/a.jpg"),
    "private_url": private.url("candidatures/b.pdf"),
    "cdn": [type(b).__name__ for b in get_backends().values()],
    "cdn_max_age": settings.CDN_MAX_AGE,
}))
"""


def test_object_storage_and_cdn_are_environment_variables():
    """S3 for media and private files, Cloudflare in front: settings only, no network."""
    import json

    import pytest

    pytest.importorskip("storages.backends.s3")
    environment = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="x" * 60,
        SITE_URL="https://expressives.example",
        MEDIA_STORAGE_BACKEND="storages.backends.s3.S3Storage",
        MEDIA_STORAGE_OPTIONS=json.dumps(
            {
                "bucket_name": "expressives-media",
                "endpoint_url": "https://s3.ca-central-1.amazonaws.com",
                "region_name": "ca-central-1",
                "access_key": "AKIAEXAMPLE",
                "secret_key": "secret",
                "default_acl": "public-read",
                "querystring_auth": False,
                "custom_domain": "media.expressives.example",
                "file_overwrite": False,
            }
        ),
        PRIVATE_STORAGE_BACKEND="storages.backends.s3.S3Storage",
        PRIVATE_STORAGE_OPTIONS=json.dumps(
            {
                "bucket_name": "expressives-private",
                "endpoint_url": "https://s3.ca-central-1.amazonaws.com",
                "region_name": "ca-central-1",
                "access_key": "AKIAEXAMPLE",
                "secret_key": "secret",
                "location": "private",
                "default_acl": "private",
                "querystring_auth": True,
                "querystring_expire": 300,
                "file_overwrite": False,
            }
        ),
        FRONTEND_CACHE_BACKEND="cloudflare",
        CLOUDFLARE_ZONE_ID="zone123",
        CLOUDFLARE_API_TOKEN="token",
        CDN_MAX_AGE="120",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", SHOW_SERVICES],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout.strip().splitlines()[-1])
    assert shown["media"] == [
        "S3Storage",
        "expressives-media",
        "",
        "public-read",
        False,
        "media.expressives.example",
    ]
    assert shown["media_url"] == "https://media.expressives.example/images/a.jpg"
    assert shown["private"] == ["S3Storage", "expressives-private", "private", "private", True]
    # Private files: a signed link that expires, never a plain public URL.
    assert shown["private_url"].startswith(
        "https://s3.ca-central-1.amazonaws.com/expressives-private/private/candidatures/b.pdf?"
    )
    assert "X-Amz-Signature=" in shown["private_url"] or "Signature=" in shown["private_url"]
    assert shown["cdn"] == ["CloudflareBackend"]
    assert shown["cdn_max_age"] == 120


def test_nothing_reads_the_local_path_of_media_or_private_files():
    """Object storage has no local path: files go through the storage API only."""
    import re

    pattern = re.compile(r"\.(file|image)\.path\b|\bstorage\.path\(|\bfile\.path\b")
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for app in ("home", "colloque", "communities", "host_applications", "config")
        for path in (ROOT / app).rglob("*.py")
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if pattern.search(line)
    ]
    assert offenders == []


SHOW_JOURNAL = """
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("PRAGMA journal_mode")
    print(cursor.fetchone()[0])
"""


def test_a_sqlite_database_file_writes_ahead(tmp_path):
    """The embedded default: a commit appends to the write-ahead log (4 ms here rather than
    18 ms through a rollback journal) and readers never wait for it."""
    environment = dict(os.environ, DATABASE_URL=f"sqlite:///{tmp_path / 'site.sqlite3'}")
    environment.pop("TEST_DATABASE_FILE", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", SHOW_JOURNAL],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.split()[-1] == "wal", result.stderr


def test_smtp_gets_a_timeout_unless_it_names_one():
    from config.settings.env import SMTP_BACKEND, mailer_options

    assert mailer_options(SMTP_BACKEND, {"host": "mail.example"}) == {
        "timeout": 30,
        "host": "mail.example",
    }
    assert mailer_options(SMTP_BACKEND, {"timeout": 5})["timeout"] == 5
    console = "django.core.mail.backends.console.EmailBackend"
    assert mailer_options(console, {}) == {}
