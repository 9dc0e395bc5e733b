from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from home.backup import create_backup


class Command(BaseCommand):
    help = _(
        "Write one archive with the database (portable JSON), the media files and the private "
        "files (candidature attachments). It holds personal data: it is readable by its owner "
        "only; keep it as safe as the site."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            metavar="PATH",
            help=_(
                "Where to write the archive (default: var/backups/expressives-<UTC time>.tar.gz)."
            ),
        )

    def handle(self, *args, output, **options):
        report = create_backup(output=output)
        self.stdout.write(
            self.style.SUCCESS(
                _("%(path)s: %(rows)d rows, %(media)d media files, %(private)d private files.")
                % {
                    "path": report.path,
                    "rows": report.rows,
                    "media": report.files.get("media", 0),
                    "private": report.files.get("private", 0),
                }
            )
        )
