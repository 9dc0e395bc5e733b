import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from home.personal_data import email_digest, find_personal_data, kind_labels, write_export


class Command(BaseCommand):
    help = _(
        "Export everything held about one email address (Law 25 access request): a zip with "
        "a readable JSON document and the files the person sent."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", metavar="EMAIL")
        parser.add_argument(
            "--output",
            metavar="PATH",
            help=_("Where to write the zip (default: var/exports/donnees-<hash>-<UTC time>.zip)."),
        )

    def handle(self, *args, email, output, **options):
        holdings = find_personal_data(email=email)
        if not holdings.email:
            raise CommandError(_("An email address is needed."))
        if output:
            path = Path(output)
        else:
            stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
            path = (
                Path(settings.BASE_DIR)
                / "var"
                / "exports"
                / f"donnees-{email_digest(email)[:12]}-{stamp}.zip"
            )
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        # Readable by its owner only: it holds one person's data.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as stream:
            holdings = write_export(email=email, stream=stream)
        labels = kind_labels()
        for kind, count in holdings.counts().items():
            self.stdout.write(f"{labels[kind]}: {count}")
        self.stdout.write(self.style.SUCCESS(_("Written to %(path)s.") % {"path": path}))
