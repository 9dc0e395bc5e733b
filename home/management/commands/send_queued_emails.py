from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from home.mail import send_pending


class Command(BaseCommand):
    help = _(
        "Send the outgoing emails that are due (first tries and retries). "
        "Run it from cron when the task backend cannot defer retries."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all",
            action="store_true",
            help=_("Also try emails whose next attempt is not due yet."),
        )

    def handle(self, *args, **options):
        sent, failed = send_pending(include_not_due=options["all"])
        self.stdout.write(_("%(sent)d sent, %(failed)d failed.") % {"sent": sent, "failed": failed})
