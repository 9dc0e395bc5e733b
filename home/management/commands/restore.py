from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from home.backup import BackupError, read_manifest, restore_backup


class Command(BaseCommand):
    help = _(
        "Replace the database's content and the stored files with a backup made by `backup`. "
        "The database must be migrated to the same migrations as the backup's."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="PATH", help=_("The archive written by `backup`."))
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help=_("Do not ask for confirmation."),
        )

    def handle(self, *args, path, interactive, **options):
        try:
            manifest = read_manifest(path=path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        if interactive:
            question = _(
                "This replaces every row of the database and overwrites the stored files with "
                "the backup of %(created)s. Type 'yes' to continue: "
            ) % {"created": manifest["created_at"]}
            if input(question).strip().lower() not in ("yes", "oui"):
                raise CommandError(_("Restore cancelled."))
        try:
            report = restore_backup(path=path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                _("Restored %(rows)d rows, %(media)d media files, %(private)d private files.")
                % {
                    "rows": report.rows,
                    "media": report.files.get("media", 0),
                    "private": report.files.get("private", 0),
                }
            )
        )
