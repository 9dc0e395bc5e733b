"""Helpers every app's demo builder uses: content goes through the editors' code paths.

Objects are made by the factories of ``factories/`` (the tests' and the bench's), given the
demo's own content; anything with a rule goes through the apps' services. Pages are saved
as revisions and published, exactly as the admin does. Without ``reset`` an existing page
is left alone, so running the demo twice changes nothing; with ``reset`` its fields are set
again and a new revision is published.
"""

import datetime
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models.signals import post_save
from django.utils import timezone
from modelsearch import index as search_index
from modelsearch.signal_handlers import post_save_signal_handler as search_on_save
from modelsearch.tasks import insert_or_update_object_task
from wagtail.models import Page, ReferenceIndex
from wagtail.signal_handlers import update_reference_index_on_save as references_on_save
from wagtail.tasks import update_reference_index_task

from factories.home import UserFactory

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


@dataclass(frozen=True)
class DemoDates:
    """The dates of the demo's upcoming edition, from the day it is loaded: whatever that
    day, the edition is ahead and its call for a host is open, with dates still ahead.

    The seeds' own events (the 2024 edition, the 2019 ECLORE week) keep their dates.
    """

    today: datetime.date

    @property
    def upcoming_year(self):
        """The colloque takes place in November: the next one at least eight months away,
        time enough to choose its host."""
        return (self.today + datetime.timedelta(days=240)).year

    @property
    def call_opens_at(self):
        return _at(self.today - datetime.timedelta(days=83), 9)

    @property
    def call_closes_at(self):
        closes = self.today + datetime.timedelta(days=53)
        closes += datetime.timedelta(days=(4 - closes.weekday()) % 7)  # on a Friday
        return _at(closes, 17)

    def november_days(self, week):
        """The Thursday and Friday of the ``week``-th week (1-4) of the upcoming November."""
        first = datetime.date(self.upcoming_year, 11, 1)
        thursday = first + datetime.timedelta(days=(3 - first.weekday()) % 7 + 7 * (week - 1))
        return thursday, thursday + datetime.timedelta(days=1)


def demo_dates(today=None):
    return DemoDates(today or timezone.localdate())


def _at(day, hour):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@dataclass
class DemoReport:
    counts: dict = field(default_factory=lambda: {CREATED: 0, UPDATED: 0, UNCHANGED: 0})

    def add(self, status):
        self.counts[status] += 1

    def __str__(self):
        return ", ".join(f"{count} {status}" for status, count in self.counts.items())


def demo_user(username, *, first_name, last_name, group):
    """A staff member of the demo, in one of the editorial groups; never able to sign in."""
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        return UserFactory(
            username=username,
            first_name=first_name,
            last_name=last_name,
            email=f"{username}@example.org",
            # The factory hashes it: None gives an unusable password, as demo staff sign
            # nothing in (they only appear in history).
            password=None,
            group=group,
        )
    user.groups.add(Group.objects.get(name=group))
    return user


def demo_staff():
    """The demo's Communications member and selection committee member, who propose and
    decide in every demo workflow."""
    return (
        demo_user(
            "demo.communications", first_name="Sophie", last_name="Lavoie", group="Communications"
        ),
        demo_user(
            "demo.comite", first_name="Louis", last_name="Tremblay", group="Comité de sélection"
        ),
    )


def _apply(page, fields):
    tags = fields.pop("tags", None)
    for name, value in fields.items():
        setattr(page, name, value)
    if tags is not None:
        page.tags.set(tags)


def publish(page, *, user=None):
    """Save a revision and publish it: what "Publish" does in the editor."""
    page.save_revision(user=user, log_action=True).publish(user=user)
    return page


def upsert_page(*, parent, factory, slug, reset, report, **fields):
    """Find the child of ``parent`` with ``slug``, or create it with ``factory`` (one of
    ``factories/``) from the demo's ``fields``; publish on change."""
    existing = parent.get_children().filter(slug=slug).specific().first()
    if existing is not None:
        return update_page(page=existing, reset=reset, report=report, **fields)
    page = factory(parent=parent, slug=slug, **fields)
    publish(page)
    report.add(CREATED)
    return page


def update_page(*, page, reset, report, **fields):
    """Fill a page that exists already (e.g. the home page a migration made).

    A page that was never published is filled; afterwards only ``reset`` touches it.
    """
    if page.last_published_at is not None and not reset:
        report.add(UNCHANGED)
        return page
    _apply(page, dict(fields))
    publish(page)
    report.add(UPDATED)
    return page


def translate_page(*, page, locale, reset, report, **fields):
    """The ``locale`` translation of ``page``, created from a copy as an editor would."""
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return update_page(page=existing.specific, reset=reset, report=report, **fields)
    translated = page.copy_for_translation(locale)
    fields = dict(fields)
    slug = fields.pop("slug", None)
    if slug and slug != translated.slug:
        # The copy carries the original's slug. Renaming it with save() would make Wagtail
        # create a redirect from a URL nobody ever saw; the fresh copy has no children yet,
        # so its slug and URL path can be set directly.
        url_path = f"{translated.get_parent().url_path}{slug}/"
        Page.objects.filter(pk=translated.pk).update(slug=slug, url_path=url_path)
    translated = Page.objects.get(pk=translated.pk).specific
    _apply(translated, fields)
    publish(translated)
    report.add(CREATED)
    return translated


# StreamField raw values, so demo bodies read like content rather than code.
def heading(text, level="h2"):
    return {"type": "heading", "value": {"text": text, "level": level}}


def paragraph(html):
    return {"type": "paragraph", "value": html}


def image(img, *, alt, caption="", credit=""):
    return {
        "type": "image",
        "value": {
            "image": {"image": img.pk, "decorative": False, "alt_text": alt},
            "caption": caption,
            "credit": credit,
        },
    }


def quote(text, attribution=""):
    return {"type": "quote", "value": {"quote": text, "attribution": attribution}}


def call_to_action(title, *, label, text="", page=None, url=""):
    return {
        "type": "call_to_action",
        "value": {
            "title": title,
            "text": text,
            "link": {"page": page.pk if page else None, "url": url, "label": label},
        },
    }


def document_link(document, label=""):
    return {"type": "document", "value": {"document": document.pk, "label": label}}


def table(caption, rows, *, header_row=True, header_col=False):
    return {
        "type": "table",
        "value": {
            "caption": caption,
            "table": {
                "data": rows,
                "first_row_is_table_header": header_row,
                "first_col_is_header": header_col,
                "table_caption": "",
                "cell": [],
                "mergeCells": [],
            },
        },
    }


def accordion(title, items):
    return {
        "type": "accordion",
        "value": {
            "title": title,
            "items": [{"question": q, "answer": a} for q, a in items],
        },
    }


@contextmanager
def indexes_updated_once():
    """Wagtail updates an object's reference index, and modelsearch its search entry, at
    every save, and the demo saves a page several times (created, revised, published,
    translated). Within this block they are updated once per saved object, at its end,
    by the same tasks; deletions still update them at once."""
    referencing = set(ReferenceIndex.tracked_models)
    searched = {
        model
        for model in search_index.get_indexed_models()
        if getattr(model, "search_auto_update", True)
    }
    watched = referencing | searched
    saved = {}  # {model: {pk, ...}}, in the order of their first save

    def note(sender, instance, raw=False, **kwargs):
        if not raw and instance.pk is not None and sender in watched:
            saved.setdefault(sender, {})[instance.pk] = None

    handlers = [(references_on_save, referencing), (search_on_save, searched)]
    for handler, models in handlers:
        for model in models:
            post_save.disconnect(handler, sender=model)
    post_save.connect(note, dispatch_uid="demo-indexes-updated-once")
    try:
        yield
    finally:
        post_save.disconnect(note, dispatch_uid="demo-indexes-updated-once")
        for handler, models in handlers:
            for model in models:
                post_save.connect(handler, sender=model)
    for model, pks in saved.items():
        label = (model._meta.app_label, model._meta.model_name)
        for pk in model._base_manager.filter(pk__in=list(pks)).values_list("pk", flat=True):
            if model in referencing:
                update_reference_index_task.enqueue(*label, str(pk))
            if model in searched:
                insert_or_update_object_task.enqueue(*label, str(pk))
