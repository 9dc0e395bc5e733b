"""News items: ``NewsPage`` under the news index in the default language, tagged, published
through Wagtail's tree API (``add_child``, as the factories do) and indexed by the site's own
signals. No picture: renditions would measure the image library, not the site."""

import datetime

from taggit.models import Tag
from wagtail.models import Locale

from factories.home import NewsPageFactory
from home.demo_utils import heading, paragraph
from home.models import NewsIndexPage, NewsPage, NewsPageTag

from . import TOPICS, VOLUME, aware, scaled, seeded, seeded_uuid

# At scale 1.
NEWS_ITEMS = 3000

NEWS_KINDS = ["Chronique", "Annonce", "Portrait", "Dossier", "Bilan", "Brève"]
OPENERS = [
    "Une équipe-école partage son expérience en",
    "Des intervenants socioculturels font le point sur",
    "Retour sur une année riche en",
    "Trois écoles racontent leurs projets en",
    "Un nouveau guide propose des pistes en",
    "Des élèves de plusieurs régions se rencontrent autour de",
]  # fmt: skip
CLOSERS = [
    "et invitent d'autres milieux à s'en inspirer.",
    "avec des idées simples à essayer en classe.",
    "pour ouvrir l'école sur sa communauté.",
    "grâce à des partenaires du milieu culturel.",
    "et présentent ce qu'ils en retiennent.",
]  # fmt: skip
SENTENCES = [
    "Le projet a commencé par quelques rencontres informelles entre collègues.",
    "Les élèves ont choisi eux-mêmes la forme finale de leur création.",
    "Un organisme du quartier a prêté ses locaux pendant plusieurs semaines.",
    "La direction a libéré du temps pour que l'équipe puisse se concerter.",
    "Les familles ont été invitées à la présentation de fin d'année.",
    "Des artistes professionnels ont accompagné les groupes à chaque étape.",
    "L'activité se tient maintenant chaque année, à la demande des jeunes.",
    "Le bilan montre une participation plus régulière aux activités parascolaires.",
    "Les enseignants notent un climat de classe plus serein.",
    "Le matériel produit est offert librement aux autres écoles.",
    "Une seconde phase est prévue pour l'automne prochain.",
    "Les intervenants ont documenté leur démarche pour le prochain colloque.",
]  # fmt: skip
HEADINGS = ["Le contexte", "Ce qui a été fait", "Ce que l'on retient", "Et ensuite?"]
NEWS_TAGS = [
    "colloque", "communautés", "réseautage", "bien-être", "étude", "arts visuels", "théâtre",
    "musique", "danse", "lecture", "numérique", "formation",
]  # fmt: skip
NEWS_FIRST_DAY = datetime.date(2008, 1, 7)
NEWS_LAST_DAY = datetime.date(2024, 10, 31)  # the demo's own news stay the latest


def _news_body(rng):
    blocks = []
    for title in rng.sample(HEADINGS, 2):
        blocks.append(heading(title))
        blocks.append(paragraph("<p>" + " ".join(rng.sample(SENTENCES, 3)) + "</p>"))
    return blocks


def _tags(names):
    return {name: Tag.objects.get_or_create(name=name)[0] for name in names}


def load(*, scale, report):
    index = NewsIndexPage.objects.filter(locale=Locale.get_default()).first()
    if index is None:
        report.skipped.append(("news items", "no news index"))
        return
    if NewsPage.objects.child_of(index).filter(slug__startswith=VOLUME).exists():
        report.unchanged.append("news items")
        return
    rng = seeded("news")
    count = scaled(NEWS_ITEMS, scale)
    tags = _tags(NEWS_TAGS)
    span = (NEWS_LAST_DAY - NEWS_FIRST_DAY).days
    for n in range(1, count + 1):
        topic = rng.choice(TOPICS)
        day = NEWS_FIRST_DAY + datetime.timedelta(days=span * (n - 1) // max(count - 1, 1))
        published = aware(day)
        NewsPageFactory(
            parent=index,
            title=f"{rng.choice(NEWS_KINDS)} {n} — {topic}",
            slug=f"{VOLUME}actualite-{n:05d}",
            translation_key=seeded_uuid(rng),
            date=day,
            intro=f"{rng.choice(OPENERS)} {topic} {rng.choice(CLOSERS)}",
            body=_news_body(rng),
            image=None,
            first_published_at=published,
            last_published_at=published,
            # A cluster: saved with the page, and read by the search index from memory.
            tagged_items=[
                NewsPageTag(tag=tags[name]) for name in rng.sample(NEWS_TAGS, rng.randint(1, 3))
            ],
        )
    report.add("news items", count)
