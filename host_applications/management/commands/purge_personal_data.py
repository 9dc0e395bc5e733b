from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from host_applications.services import purge_personal_data


class Command(BaseCommand):
    help = _(
        "Erase the personal data of host candidatures that were not selected, once the "
        "retention delay after their edition has passed (HOST_APPLICATION_RETENTION_DAYS)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help=_("Say what would be erased, erase nothing.")
        )

    def handle(self, *args, dry_run, **options):
        report = purge_personal_data(dry_run=dry_run)
        if not report:
            self.stdout.write(_("No candidature to purge."))
            return
        for reference, files in report:
            line = ngettext(
                "%(reference)s: personal data erased, %(files)d file deleted",
                "%(reference)s: personal data erased, %(files)d files deleted",
                files,
            ) % {"reference": reference, "files": files}
            self.stdout.write((_("[dry run] ") if dry_run else "") + line)
        summary = ngettext(
            "%(count)d candidature purged (retention: %(days)d days after the edition).",
            "%(count)d candidatures purged (retention: %(days)d days after the edition).",
            len(report),
        ) % {"count": len(report), "days": settings.HOST_APPLICATION_RETENTION_DAYS}
        self.stdout.write(self.style.SUCCESS(summary))
