"""Create a local administrator once, and always say how to log in."""

import os
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

DEFAULT_USERNAME = "admin"
DEFAULT_PASSWORD = "admin"
EMAIL = "admin@example.org"


class Command(BaseCommand):
    help = (
        "For local development: create a superuser if none exists (admin/admin by default), "
        "keep an existing one unchanged, and print how to log in."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--username",
            default=os.environ.get("DJANGO_SUPERUSER_USERNAME") or DEFAULT_USERNAME,
            help="Default: $DJANGO_SUPERUSER_USERNAME or “admin”.",
        )
        parser.add_argument(
            "--login-url",
            default=None,
            help="Where to log in, as printed (default: the admin at SITE_URL).",
        )
        # None means “not given”, so the DEBUG guard can tell the well-known default apart.
        parser.add_argument(
            "--password",
            default=os.environ.get("DJANGO_SUPERUSER_PASSWORD") or None,
            help="Default: $DJANGO_SUPERUSER_PASSWORD or “admin” (the latter only with DEBUG on).",
        )

    def handle(
        self,
        *args: Any,
        username: str,
        password: str | None,
        login_url: str | None = None,
        **options: Any,
    ) -> None:
        login_url = login_url or f"{settings.SITE_URL}/admin/"
        user_model = get_user_model()
        existing = user_model.objects.filter(is_superuser=True).order_by("pk").first()
        if existing is not None:
            self.stdout.write(
                f"Administrator: log in at {login_url} as “{existing.get_username()}”."
            )
            return

        if password == "":
            raise CommandError("--password must not be empty.")
        uses_default = password is None
        if uses_default and not settings.DEBUG:
            # A well-known password is only acceptable on a developer's own machine.
            raise CommandError(
                f"Refusing to create {username}/{DEFAULT_PASSWORD} with DEBUG off: "
                "pass --password (or set DJANGO_SUPERUSER_PASSWORD)."
            )
        if user_model.objects.filter(**{user_model.USERNAME_FIELD: username}).exists():
            raise CommandError(
                f"A user “{username}” exists but is not a superuser: pass another --username, "
                "or make that user a superuser in the admin or the shell."
            )

        user_model.objects.create_superuser(
            username, EMAIL, DEFAULT_PASSWORD if uses_default else password
        )
        shown = f", password {DEFAULT_PASSWORD}" if uses_default else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"Administrator created: log in at {login_url} as “{username}”{shown}."
            )
        )
