from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from communities.services import purge_personal_data as purge_registrations
from home.ratelimit import purge_expired
from host_applications.services import purge_personal_data as purge_candidatures
from host_applications.services import sweep_orphan_files


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
        self.candidatures(dry_run=dry_run, prefix=prefix)
        self.orphan_files(dry_run=dry_run, prefix=prefix)
        self.registrations(dry_run=dry_run, prefix=prefix)
        if not dry_run:  # rate-limit and sign-in counters, keyed by a digest of the address
            purge_expired()

    def candidatures(self, *, dry_run, prefix):
        report = purge_candidatures(dry_run=dry_run)
        if not report:
            self.stdout.write(_("No candidature to purge."))
            return
        for reference, files in report:
            line = ngettext(
                "%(reference)s: personal data erased, %(files)d file deleted",
                "%(reference)s: personal data erased, %(files)d files deleted",
                files,
            ) % {"reference": reference, "files": files}
            self.stdout.write(prefix + line)
        summary = ngettext(
            "%(count)d candidature purged (retention: %(days)d days after the edition).",
            "%(count)d candidatures purged (retention: %(days)d days after the edition).",
            len(report),
        ) % {"count": len(report), "days": settings.HOST_APPLICATION_RETENTION_DAYS}
        self.stdout.write(self.style.SUCCESS(summary))

    def orphan_files(self, *, dry_run, prefix):
        # Left by a submission whose transaction failed at its commit, or a process killed
        # mid-submission: personal data that retention, erasure and export would never find.
        orphans = sweep_orphan_files(dry_run=dry_run)
        if orphans:
            line = ngettext(
                "%(count)d file without a candidature deleted.",
                "%(count)d files without a candidature deleted.",
                len(orphans),
            ) % {"count": len(orphans)}
            self.stdout.write(prefix + line)

    def registrations(self, *, dry_run, prefix):
        report = purge_registrations(dry_run=dry_run)
        if not report:
            self.stdout.write(_("No community registration to purge."))
            return
        for title, count in report:
            line = ngettext(
                "%(community)s: %(count)d registration erased",
                "%(community)s: %(count)d registrations erased",
                count,
            ) % {"community": title, "count": count}
            self.stdout.write(prefix + line)
        total = sum(count for _title, count in report)
        summary = ngettext(
            "%(count)d registration purged (retention: %(days)d days after the last session).",
            "%(count)d registrations purged (retention: %(days)d days after the last session).",
            total,
        ) % {"count": total, "days": settings.COMMUNITY_RETENTION_DAYS}
        self.stdout.write(self.style.SUCCESS(summary))
