"""Demo partners: the 2024 colloque's and those who ran workshops at the 2019 ECLORE week.

Every partner goes through the real moderation: Communications proposes, the selection
committee approves, in French and in English. One new partner stays awaiting approval (it is
listed on the 2024 edition but shows nowhere), and one approved partner has a change awaiting
approval (its approved text stays public). Logos are drawn locally.
"""

from wagtail.models import Collection, Locale

from factories.colloque import PartnerFactory
from factories.home import CollectionFactory
from home.demo_images import demo_logo
from home.demo_utils import CREATED, UNCHANGED, demo_staff, publish
from home.models import OutboxEmail

from . import services
from .models import EditionPage, EditionPartner, Partner, PartnerKind, PartnerTier

PRESENTING, MAJOR, COLLABORATOR, MEDIA = (
    "Partenaire présentateur",
    "Partenaire majeur",
    "Collaborateur",
    "Partenaire média",
)

# key: (name, kind, logo text, palette, website, French description, English description)
PARTNERS = {
    "aclam": (
        "ACLAM",
        PartnerKind.COMMUNITY,
        "ACLAM",
        "warm",
        "https://example.org/aclam",
        "Organise le colloque depuis 2000 et anime la communauté de pratique des intervenants socioculturels.",
        "Has run the colloque since 2000 and leads the community of practice of socio-cultural workers.",
    ),
    "oql": (
        "Observatoire québécois du loisir",
        PartnerKind.INSTITUTIONAL,
        "Observatoire du loisir",
        "teal",
        "https://example.org/observatoire-loisir",
        "A réalisé l'étude sur le parascolaire artistique au secondaire présentée au colloque 2024.",
        "Carried out the study on artistic extracurricular activities in secondary schools presented at the 2024 colloque.",
    ),
    "host": (
        "Milieu hôte de l'édition 2024",
        PartnerKind.INSTITUTIONAL,
        "Milieu hôte 2024",
        "sage",
        "",
        "A accueilli les deux journées du colloque dans ses locaux.",
        "Welcomed both days of the colloque on its premises.",
    ),
    "fund": (
        "Fonds régional pour la culture à l'école",
        PartnerKind.FUNDING,
        "Fonds culture école",
        "dusk",
        "https://example.org/fonds-culture",
        "Soutient financièrement les ateliers artistiques offerts pendant le colloque.",
        "Funds the arts workshops offered during the colloque.",
    ),
    "radio": (
        "Radio communautaire de la région",
        PartnerKind.MEDIA,
        "Radio région",
        "warm",
        "https://example.org/radio",
        "A diffusé des entrevues avec les intervenants avant et pendant le colloque.",
        "Aired interviews with school staff before and during the colloque.",
    ),
    "canope": (
        "Réseau Canopé",
        PartnerKind.INSTITUTIONAL,
        "Canopé",
        "teal",
        "https://example.org/canope",
        "A animé des ateliers sur le numérique au service des apprentissages.",
        "Led workshops on digital tools for learning.",
    ),
    "cardie": (
        "CARDIE",
        PartnerKind.INSTITUTIONAL,
        "CARDIE",
        "sage",
        "",
        "Ses intervenants ont animé des ateliers sur l'innovation pédagogique.",
        "Its staff led workshops on teaching innovation.",
    ),
    "dane": (
        "DANe",
        PartnerKind.INSTITUTIONAL,
        "DANe",
        "dusk",
        "",
        "A proposé des ateliers sur les usages du numérique éducatif.",
        "Offered workshops on digital tools in education.",
    ),
    "libraries": (
        "Réseau des bibliothèques scolaires",
        PartnerKind.COMMUNITY,
        "Biblio scolaires",
        "sage",
        "https://example.org/bibliotheques",
        "Propose des lectures et des animations autour des arts à l'école.",
        "Offers reading lists and activities around the arts at school.",
    ),
}
# Descriptive names read in English too; organisations' own names do not change.
ENGLISH_NAMES = {
    "host": "Host institution of the 2024 edition",
    "fund": "Regional fund for culture at school",
    "radio": "Regional community radio",
}
# (edition year, series slug, [(partner key, tier)])
LISTINGS = [
    (
        2024,
        "colloque",
        [
            ("aclam", PRESENTING),
            ("oql", MAJOR),
            ("fund", MAJOR),
            ("host", COLLABORATOR),
            ("libraries", COLLABORATOR),  # awaiting approval: not shown
            ("radio", MEDIA),
        ],
    ),
    (
        2019,
        "semaine-eclore",
        [("canope", COLLABORATOR), ("cardie", COLLABORATOR), ("dane", COLLABORATOR)],
    ),
]
AWAITING = "libraries"
CHANGE_AWAITING = (
    "oql",
    "A réalisé l'étude sur les bienfaits du parascolaire artistique au secondaire, dévoilée au colloque 2024, et en présente les suites.",
)


def _logos_collection():
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name="Logos des partenaires").first()
    return collection or CollectionFactory(parent=root, name="Logos des partenaires")


def _partner(key, *, french, english, collection, communications, committee, report):
    name, kind, logo_text, palette, website, description_fr, description_en = PARTNERS[key]
    partner = Partner.objects.filter(locale=french, name=name).first()
    if partner is not None:
        report.add(UNCHANGED)
        return partner
    logo = demo_logo(
        title=f"Logo — {name}",
        text=logo_text,
        seed=sum(map(ord, key)),
        palette=palette,
        collection=collection,
    )
    # Built, not saved: the proposal below saves it and submits it to the committee.
    partner = PartnerFactory.build(
        locale=french,
        name=name,
        kind=kind,
        logo=logo,
        logo_alt=logo_text,
        website=website,
        description=description_fr,
    )
    services.propose_partner(partner=partner, user=communications)
    if key == AWAITING:
        report.add(CREATED)
        return partner
    services.approve_partner(partner=partner, user=committee)
    translation = partner.copy_for_translation(english)
    translation.name = ENGLISH_NAMES.get(key, name)
    translation.description = description_en
    services.propose_partner(partner=translation, user=communications)
    services.approve_partner(partner=translation, user=committee)
    report.add(CREATED)
    return partner


def load(*, report):
    french, english = Locale.get_default(), Locale.objects.get(language_code="en")
    communications, committee = demo_staff()
    first_email = OutboxEmail.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    collection = _logos_collection()
    partners = {
        key: _partner(
            key,
            french=french,
            english=english,
            collection=collection,
            communications=communications,
            committee=committee,
            report=report,
        )
        for key in PARTNERS
    }
    key, description = CHANGE_AWAITING
    changed = partners[key]
    changed.refresh_from_db()
    if changed.live and not changed.has_unpublished_changes and not changed.workflow_in_progress:
        changed.description = description
        services.propose_partner(partner=changed, user=communications)
    tiers = {tier.name: tier for tier in PartnerTier.objects.filter(locale=french)}
    for year, series_slug, rows in LISTINGS:
        french_edition = EditionPage.objects.filter(
            locale=french, year=year, url_path__contains=f"/{series_slug}/"
        ).first()
        if french_edition is None:
            continue
        for edition in french_edition.get_translations(inclusive=True).specific():
            if edition.partner_listings.exists():
                continue
            edition.partner_listings = [
                EditionPartner(partner=partners[key], tier=tiers[tier]) for key, tier in rows
            ]
            publish(edition)
    # The demo's made-up people get no email: drop what the moderation steps queued.
    OutboxEmail.objects.filter(pk__gt=first_email, sent_at__isnull=True).delete()
