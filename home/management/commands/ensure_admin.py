"""Create a local administrator once, and always say how to log in."""

import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

DEFAULT_USERNAME = "admin"
DEFAULT_PASSWORD = "admin"


class Command(BaseCommand):
    help = "Create a superuser for local development if none exists; print how to log in."

    def add_arguments(self, parser):
        parser.add_argument(
            "--username", default=os.environ.get("DJANGO_SUPERUSER_USERNAME", DEFAULT_USERNAME)
        )
        parser.add_argument("--password", default=os.environ.get("DJANGO_SUPERUSER_PASSWORD"))

    def handle(self, *args, username, password, **options):
        User = get_user_model()
        admin_url = f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}/admin/"
        existing = User.objects.filter(is_superuser=True).order_by("pk").first()
        if existing:
            self.stdout.write(f"Administrator: log in at {admin_url} as “{existing.username}”.")
            return
        if password is None:
            # A well-known password is only acceptable on a developer's own machine.
            if not settings.DEBUG:
                raise CommandError(
                    "Refusing to create admin/admin with DEBUG off: pass --password "
                    "or set DJANGO_SUPERUSER_PASSWORD."
                )
            password = DEFAULT_PASSWORD
        User.objects.create_superuser(
            username=username, email=f"{username}@example.org", password=password
        )
        shown = password if password == DEFAULT_PASSWORD else "(the password you gave)"
        self.stdout.write(
            self.style.SUCCESS(
                f"Administrator created: log in at {admin_url} as “{username}”, password {shown}."
            )
        )
