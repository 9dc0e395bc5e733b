from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from home.ratelimit import purge_expired
from home.registry import retention_purges


class Command(BaseCommand):
    help = _(
        "Erase personal data once its retention delay has passed: host candidatures that were "
        "not selected (HOST_APPLICATION_RETENTION_DAYS after their edition) and community "
        "registrations (COMMUNITY_RETENTION_DAYS after the community's last session); "
        "delete candidature files that no candidature owns any more."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help=_("Say what would be erased, erase nothing.")
        )

    def handle(self, *args, dry_run, **options):
        prefix = _("[dry run] ") if dry_run else ""
        for purge in retention_purges():  # each app registers its own (home.registry)
            report = purge.run(dry_run=dry_run)
            if not report.lines:
                if report.nothing:
                    self.stdout.write(report.nothing)
                continue
            for line in report.lines:
                self.stdout.write(prefix + line)
            if report.summary:
                self.stdout.write(self.style.SUCCESS(report.summary))
        if not dry_run:  # rate-limit and sign-in counters, keyed by a digest of the address
            purge_expired()
