"""Small readers for environment variables, so every service choice is a setting."""

import json
import os
import re
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

TRUE_VALUES = {"1", "true", "yes", "on"}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in TRUE_VALUES


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


def env_json(name: str, default: dict | None = None) -> dict:
    value = os.environ.get(name)
    return json.loads(value) if value else dict(default or {})


SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
SMTP_TIMEOUT = 30  # seconds


def mailer_options(backend: str, options: dict) -> dict:
    """The mailer's options, with a timeout for SMTP unless one is given: without it, a mail
    server that stops answering holds the task worker for good, and an outbox claim
    (OUTBOX_LOST_AFTER_SECONDS) can lapse while the message is still being sent."""
    if backend == SMTP_BACKEND:
        return {"timeout": SMTP_TIMEOUT, **options}
    return options


# A host name (letters, digits, hyphens between dots) or an IPv4 address: what a Wagtail Site's
# hostname can hold and its root_url can write back.
_HOST = re.compile(
    r"^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$"
)


def site_url(value: str, name: str = "SITE_URL") -> str:
    """The public address ``scheme://host[:port]``, checked and without a trailing slash.

    Wagtail's Site writes its address back as http on any port but 443, and https on 443
    only: an address it cannot write back (https on another port, http on 443) is refused
    rather than turned into wrong links.
    """

    def refuse(reason):
        return ImproperlyConfigured(
            f"{name}={value!r}: {reason}. It is the site's public address, "
            "such as https://colloque.example.org or http://127.0.0.1:8000."
        )

    parts = urlsplit(value.strip())
    if parts.scheme.lower() not in ("http", "https"):
        raise refuse("it must start with https:// or http://")
    if parts.username is not None or parts.password is not None:
        raise refuse("it must not carry a user name or password")
    host = (parts.hostname or "").lower()
    if not _HOST.match(host):
        raise refuse("it needs a host name (or an IPv4 address)")
    try:
        port = parts.port
    except ValueError:
        port = 0
    if port == 0:
        raise refuse("its port must be a number from 1 to 65535")
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise refuse("it must not have a path, a query or a fragment (the site is served at /)")
    scheme = parts.scheme.lower()
    default = 443 if scheme == "https" else 80
    if scheme == "https" and port not in (None, 443):
        raise refuse("https must be on port 443 (Wagtail's Site cannot write another)")
    if scheme == "http" and port == 443:
        raise refuse("port 443 is for https")
    return f"{scheme}://{host}" if port in (None, default) else f"{scheme}://{host}:{port}"


def env_site_url(name: str, default: str) -> str:
    return site_url(os.environ.get(name) or default, name)
