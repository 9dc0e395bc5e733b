from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from wagtail.models import Locale

from communities import services
from communities.models import CommunityPage


class Command(BaseCommand):
    help = _(
        "Run the draw of a community whose registration has closed: eligible registrations are "
        "shuffled with a seed, the first ones get the seats, the others wait in draw order."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help=_("The community's slug, as in /communautes/<slug>/."))
        parser.add_argument(
            "--seed",
            type=int,
            help=_("Seed of the draw (a random one otherwise). Stored with the result."),
        )

    def handle(self, *args, slug, seed, **options):
        community = CommunityPage.objects.filter(slug=slug, locale=Locale.get_default()).first()
        if community is None:
            raise CommandError(_("No community with the slug “%(slug)s”.") % {"slug": slug})
        try:
            lottery = services.draw_lottery(community=community, seed=seed)
        except services.LotteryRefused as refusal:
            raise CommandError(str(refusal)) from refusal
        self.stdout.write(
            _("Draw for %(community)s, seed %(seed)d: %(eligible)d eligible for %(seats)d seats.")
            % {
                "community": community.title,
                "seed": lottery.seed,
                "eligible": len(lottery.eligible_ids),
                "seats": lottery.seats,
            }
        )
        winners = set(lottery.winner_ids)
        for rank, pk in enumerate(lottery.order, start=1):
            outcome = _("selected") if pk in winners else _("waitlist")
            self.stdout.write(f"{rank:>3}. #{pk} {outcome}")
        self.stdout.write(self.style.SUCCESS(_("Everyone has been emailed the result.")))
