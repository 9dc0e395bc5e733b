from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from home.personal_data import (
    ErasureRefused,
    erase_personal_data,
    find_personal_data,
    kind_labels,
)


class Command(BaseCommand):
    help = _(
        "Erase everything held about one email address (Law 25 erasure request): "
        "registrations and emails are deleted, candidatures anonymised, files removed."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", metavar="EMAIL")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help=_("Do not ask for confirmation."),
        )

    def handle(self, *args, email, interactive, **options):
        holdings = find_personal_data(email=email)
        if not holdings.email:
            raise CommandError(_("An email address is needed."))
        if holdings.empty:
            self.stdout.write(_("Nothing is held about this address."))
            return
        labels = kind_labels()
        for kind, count in holdings.counts().items():
            self.stdout.write(f"{labels[kind]}: {count}")
        if interactive:
            answer = input(_("Erase all of this for good? Type 'yes' to continue: "))
            if answer.strip().lower() not in ("yes", "oui"):
                raise CommandError(_("Erasure cancelled."))
        try:
            erasure = erase_personal_data(email=email, by=None)
        except ErasureRefused as refusal:
            raise CommandError(str(refusal)) from refusal
        self.stdout.write(
            self.style.SUCCESS(
                _("Erased. Recorded as %(digest)s.") % {"digest": erasure.email_digest[:12]}
            )
        )
