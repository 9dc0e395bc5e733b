from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from communities.services import send_session_reminders


class Command(BaseCommand):
    help = _(
        "Send each community session's meeting link to its confirmed participants, the set "
        "number of hours before it. Safe to run as often as you like (every 15 minutes by cron): "
        "nobody gets the same session twice."
    )

    def handle(self, *args, **options):
        sent = send_session_reminders()
        self.stdout.write(
            ngettext("%(count)d reminder queued.", "%(count)d reminders queued.", sent)
            % {"count": sent}
        )
