"""Volume data for performance benchmarks: ``load_demo --scale N`` (news items here).

The demo itself goes through the editors' code paths (revisions, workflows, services): right
for a few dozen objects, far too slow for tens of thousands. Volume data is written in bulk
instead, on top of the demo: Wagtail pages as rows of ``wagtailcore_page`` with their
treebeard path, then one row each in the page type's own table, then the search index.

Everything is deterministic (seeded random), generic and in French; people are made up and
write from example.org. Each app's builder looks for its own marker first and leaves the
volume alone when it is there, so running the command twice adds nothing.
"""

import datetime
import random
import uuid
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import connections, router
from django.db.models import F
from django.utils import timezone
from taggit.models import Tag
from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backend

from .demo_utils import heading, paragraph
from .models import NewsIndexPage, NewsPage, NewsPageTag

# Slug prefix of every volume page whose slug is free to choose: the marker of the volume.
VOLUME = "volume-"
# Volume pages whose slug is imposed (an edition's is its year) get translation keys derived
# from this namespace, so they can be found again.
VOLUME_NAMESPACE = uuid.UUID("6f1d3c2a-5b7e-4e0a-9c1d-2a4b6c8d0e1f")

# Base counts at --scale 1; every count is linear in the scale.
NEWS_ITEMS = 3000


def scaled(count, scale):
    """``count`` at scale 1, times ``scale``; at least one as soon as there is a scale."""
    if scale <= 0:
        return 0
    return max(1, round(count * scale))


def seeded(name):
    """A random generator of its own for each builder: the same volume on every run."""
    return random.Random(f"expressives-volume-{name}")


def seeded_uuid(rng):
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def volume_key(name):
    return uuid.uuid5(VOLUME_NAMESPACE, name)


def aware(day, hour=9, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@dataclass
class VolumeReport:
    """What each builder added, in order, or the builders that found their volume there."""

    parts: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    skipped: list = field(default_factory=list)

    def add(self, label, count):
        self.parts.append((label, count))

    def __str__(self):
        texts = [f"{count} {label}" for label, count in self.parts]
        texts += [f"{label} unchanged" for label in self.unchanged]
        texts += [f"{label} skipped ({reason})" for label, reason in self.skipped]
        return ", ".join(texts) or "nothing to do"


# Pages in bulk ------------------------------------------------------------------------------


def _insert_rows(model, objects, fields):
    """One INSERT per row of ``fields``, sent as a batch (Django refuses bulk_create on a page
    type: it inherits its ``wagtailcore_page`` row)."""
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table),
        ", ".join(quote(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    rows = [
        [f.get_db_prep_save(getattr(obj, f.attname), connection=connection) for f in fields]
        for obj in objects
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def add_live_pages(parent, pages):
    """Publish unsaved ``pages`` (all of one page type) as the last children of ``parent``.

    Each page needs its title, slug and its type's fields; ``first_published_at`` and
    ``translation_key`` are kept when set. Writes the ``wagtailcore_page`` rows with their
    treebeard path and URL path, live and in the parent's locale, then the page type's rows,
    and counts the children on the parent. No revision: the row is the published version,
    as for a page imported from elsewhere; the first edit in the admin makes one.
    """
    if not pages:
        return pages
    model = type(pages[0])
    if model._meta.get_parent_list() != [Page]:
        raise ValueError(f"{model.__name__}: only direct subclasses of Page are supported.")
    parent = Page.objects.get(pk=parent.pk)
    last = parent.get_last_child()
    first_step = Page._str2int(last.path[-Page.steplen :]) + 1 if last else 1
    depth = parent.depth + 1
    content_type = ContentType.objects.get_for_model(model)
    now = timezone.now()
    page_fields = [f for f in Page._meta.concrete_fields if not f.primary_key]
    rows = []
    for step, page in enumerate(pages, start=first_step):
        page.path = Page._get_path(parent.path, depth, step)
        page.depth = depth
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.locale_id = parent.locale_id
        page.content_type_id = content_type.pk
        page.live = True
        page.has_unpublished_changes = False
        page.first_published_at = page.first_published_at or now
        page.last_published_at = page.first_published_at
        page.draft_title = page.title
        rows.append(Page(**{f.attname: getattr(page, f.attname) for f in page_fields}))
    Page.objects.bulk_create(rows, batch_size=500)
    for page, row in zip(pages, rows, strict=True):
        page.id = row.id
        page.page_ptr_id = row.id
        page._state.adding = False
    _insert_rows(model, pages, model._meta.local_concrete_fields)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
    return pages


def index_in_bulk(model, objects, *, chunk=500):
    """Add objects to the search index, a few hundred per statement."""
    backend = get_search_backend()
    for start in range(0, len(objects), chunk):
        backend.add_bulk(model, objects[start : start + chunk])


# News ---------------------------------------------------------------------------------------

NEWS_KINDS = ["Chronique", "Annonce", "Portrait", "Dossier", "Bilan", "Brève"]
TOPICS = [
    "pratiques artistiques", "théâtre à l'école", "musique au secondaire", "arts visuels",
    "danse et mouvement", "lecture et bibliothèques", "bien-être des élèves", "vie étudiante",
    "parascolaire culturel", "médiation culturelle", "numérique éducatif", "engagement communautaire",
    "projets interdisciplinaires", "cinéma et vidéo", "chant choral", "improvisation",
    "patrimoine régional", "écriture créative", "photographie", "arts du cirque",
]  # fmt: skip
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
    tags = {tag.name: tag for tag in Tag.objects.filter(name__in=names)}
    for name in names:
        if name not in tags:
            tags[name] = Tag.objects.create(name=name)
    return tags


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
    pages = []
    for n in range(1, count + 1):
        topic = rng.choice(TOPICS)
        day = NEWS_FIRST_DAY + datetime.timedelta(days=span * (n - 1) // max(count - 1, 1))
        page = NewsPage(
            title=f"{rng.choice(NEWS_KINDS)} {n} — {topic}",
            slug=f"{VOLUME}actualite-{n:05d}",
            translation_key=seeded_uuid(rng),
            date=day,
            intro=f"{rng.choice(OPENERS)} {topic} {rng.choice(CLOSERS)}",
            body=_news_body(rng),
            first_published_at=aware(day),
        )
        # Held in memory by the page (a cluster), so indexing reads them without a query.
        page.tagged_items = [
            NewsPageTag(tag=tags[name]) for name in rng.sample(NEWS_TAGS, rng.randint(1, 3))
        ]
        pages.append(page)
    add_live_pages(index, pages)
    tagged = []
    for page in pages:
        for item in page.tagged_items.all():
            item.content_object_id = page.pk
            tagged.append(item)
    NewsPageTag.objects.bulk_create(tagged, batch_size=1000)
    index_in_bulk(NewsPage, pages)
    report.add("news items", count)
