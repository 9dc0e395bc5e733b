"""Helpers every app's demo builder uses: content goes through the editors' code paths.

Pages are saved as revisions and published, exactly as the admin does. Without
``reset`` an existing page is left alone, so running the demo twice changes nothing;
with ``reset`` its fields are set again and a new revision is published.
"""

from dataclasses import dataclass, field

from wagtail.models import Page

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


@dataclass
class DemoReport:
    counts: dict = field(default_factory=lambda: {CREATED: 0, UPDATED: 0, UNCHANGED: 0})

    def add(self, status):
        self.counts[status] += 1

    def __str__(self):
        return ", ".join(f"{count} {status}" for status, count in self.counts.items())


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


def upsert_page(*, parent, model, slug, reset, report=None, **fields):
    """Find the child of ``parent`` with ``slug``, or create it; publish on change."""
    existing = parent.get_children().filter(slug=slug).specific().first()
    if existing is not None and not reset:
        report and report.add(UNCHANGED)
        return existing
    if existing is None:
        page = model(slug=slug)
        _apply(page, dict(fields))
        parent.add_child(instance=page)
        status = CREATED
    else:
        page = existing
        _apply(page, dict(fields))
        status = UPDATED
    publish(page)
    report and report.add(status)
    return page


def update_page(*, page, reset, report=None, **fields):
    """Fill a page that already exists (like the home page made by a migration).

    A page that was never published is filled; afterwards only ``reset`` touches it.
    """
    if page.last_published_at is not None and not reset:
        report and report.add(UNCHANGED)
        return page
    _apply(page, dict(fields))
    publish(page)
    report and report.add(UPDATED)
    return page


def translate_page(*, page, locale, reset, report=None, **fields):
    """The ``locale`` translation of ``page``, created from a copy as an editor would."""
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        existing = existing.specific
        if not reset and existing.live:
            report and report.add(UNCHANGED)
            return existing
        _apply(existing, dict(fields))
        publish(existing)
        report and report.add(UPDATED)
        return existing
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
    report and report.add(CREATED)
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
