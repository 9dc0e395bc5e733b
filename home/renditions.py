"""Every image rendition the site shows, and producing them before anyone visits.

A visitor who asks for a rendition that does not exist yet waits while it is made (AVIF
is slow), so the first visit after publishing an image-heavy page used to cost seconds.
Renditions are instead made by the ``generate_renditions`` task when an image is uploaded
or its file or focal point changes, and when a page or snippet that shows it is published.

The specs below are the ones the templates write in their ``{% image %}`` and
``{% picture %}`` tags: Wagtail's tags only take literal specs, so a test reads the
templates and fails when one uses a spec missing here.
"""

import logging
from functools import cache, partial

from django.db import transaction
from django.db.models.signals import post_init, post_save
from wagtail.images import get_image_model
from wagtail.images.models import Filter
from wagtail.models import Collection, Page, ReferenceIndex
from wagtail.signals import page_published, published

from .locales import request_memo

logger = logging.getLogger(__name__)

# Written exactly as in the templates: a rendition's spec is the string itself, so
# "fill-1200x630|format-jpeg" and "format-jpeg|fill-1200x630" are two renditions.
CARD = "format-{avif,webp,jpeg} fill-{400x225,800x450}"  # news, edition, featured link cards
HERO = "format-{avif,webp,jpeg} fill-{640x360,960x540,1280x720}"  # home page hero
CONTENT = "format-{avif,webp,jpeg} width-{640,960,1280}"  # edition/news image, image blocks
PORTRAIT = "format-{avif,webp,jpeg} fill-{160x160,320x320}"  # speakers
PARTNER_LOGO = "max-400x200"  # partner cards and logos, and the API
SHARING = "fill-1200x630 format-jpeg"  # Open Graph image (seo_meta.html)
GALLERY_THUMBNAIL = "width-400"  # edition gallery
GALLERY_LARGE = "width-1200"  # edition gallery, linked full size

USAGES = {
    "card": CARD,
    "hero": HERO,
    "content": CONTENT,
    "portrait": PORTRAIT,
    "partner_logo": PARTNER_LOGO,
    "sharing": SHARING,
    "gallery_thumbnail": GALLERY_THUMBNAIL,
    "gallery_large": GALLERY_LARGE,
}

# Saving an image with only other fields (e.g. Wagtail storing the file hash) changes no
# rendition: those saves need no task.
RENDITION_FIELDS = frozenset(
    {"file", "focal_point_x", "focal_point_y", "focal_point_width", "focal_point_height"}
)


def expand(spec):
    """The renditions one tag's specs make, as Wagtail names them (``width-{1,2}`` → two)."""
    return Filter.expand_spec(spec)


@cache
def site_filter_specs():
    """Every rendition spec the site shows, each once, in registry order."""
    return tuple(dict.fromkeys(spec for usage in USAGES.values() for spec in expand(usage)))


def produce_renditions(*, image_ids, specs=None):
    """Create the renditions of ``image_ids`` that are missing; returns how many were made.

    Idempotent: existing renditions are found (one query for the whole batch) and kept.
    """
    Image = get_image_model()
    Rendition = Image.get_rendition_model()
    specs = tuple(specs or site_filter_specs())
    image_ids = sorted({int(pk) for pk in image_ids})
    if not image_ids:
        return 0
    before = Rendition.objects.filter(image_id__in=image_ids).count()
    for image in Image.objects.filter(pk__in=image_ids).prefetch_renditions(*specs):
        try:
            image.get_renditions(*specs)
        except Exception:  # a missing or broken file must not stop the other images
            logger.exception("Could not produce the renditions of image %s", image.pk)
    return Rendition.objects.filter(image_id__in=image_ids).count() - before


def images_shown_by(*, obj):
    """Ids of the images a page or snippet shows: its references to images (fields,
    StreamField blocks, inline children) and the images of the collections it references
    (an edition's gallery).

    Read from the object itself with the ReferenceIndex's extractor rather than from the
    index table: the index is updated by a task of its own, which may not have run yet.
    """
    Image = get_image_model()
    image_type = ReferenceIndex._get_base_content_type(Image).pk
    collection_type = ReferenceIndex._get_base_content_type(Collection).pk
    image_ids, collection_ids = set(), set()
    references = ReferenceIndex._extract_references_from_object(obj)
    for content_type_id, object_id, *_paths in references:
        if content_type_id == image_type:
            image_ids.add(int(object_id))
        elif content_type_id == collection_type:
            collection_ids.add(int(object_id))
    if collection_ids:
        image_ids.update(
            Image.objects.filter(collection_id__in=collection_ids).values_list("pk", flat=True)
        )
    return image_ids


def schedule_renditions(*, image_ids):
    """Enqueue ``generate_renditions`` once the current transaction commits (never inside it:
    the worker would not see the new image or page yet)."""
    image_ids = sorted({int(pk) for pk in image_ids})
    if image_ids:
        transaction.on_commit(partial(_enqueue, image_ids))


def _enqueue(image_ids):
    from .tasks import generate_renditions  # noqa: PLC0415 (home.tasks imports this module)

    try:
        generate_renditions.enqueue(image_ids)
    except Exception:  # the queue being down must not fail the save: visits still work
        logger.exception("Could not enqueue renditions for images %s", image_ids)


def _image_saved(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if raw:  # fixtures: the file may not be there
        return
    if update_fields is not None and not RENDITION_FIELDS.intersection(update_fields):
        return
    schedule_renditions(image_ids=[instance.pk])


def _page_published(sender, instance, **kwargs):
    schedule_renditions(image_ids=images_shown_by(obj=instance))


def _object_published(sender, instance, **kwargs):
    if isinstance(instance, Page):  # pages send page_published too
        return
    schedule_renditions(image_ids=images_shown_by(obj=instance))


# Reading renditions ----------------------------------------------------------------------
#
# Wagtail reads an image's renditions when a tag first shows it: a query per image, unless
# the query that loaded the images prefetched them. Instead, every image a request loads is
# noted, and a tag reads the renditions it shows for every image noted so far, in one query:
# a page of cards costs one query for its pictures, whatever their number, and the code that
# loads images has nothing to remember. Only the tag's own specs are read, and the few small
# ones (a share image, a logo, a gallery's) with the first: every image has its renditions
# in all the site's specs, made ahead, and reading them all would cost more than it saves.


SMALL_SPECS = frozenset(
    spec
    for usage in (SHARING, PARTNER_LOGO, GALLERY_THUMBNAIL, GALLERY_LARGE)
    for spec in expand(usage)
)


def _image_loaded(sender, instance, **kwargs):
    memo = request_memo()
    if memo is not None and instance.pk is not None:
        memo.setdefault("images", []).append(instance)


def prefetch_loaded(image, filters):
    """Before ``image`` is shown with ``filters``: these renditions of every image the
    request has loaded, unless they were read already; Wagtail then finds them on it.

    The rows are kept as read and only the shown image's renditions become objects: a page
    of logos and cards reads ten times more renditions than it shows, and making a model
    instance of each cost more than the query."""
    memo = request_memo()
    if memo is None or image.is_svg():  # Wagtail changes an SVG's specs: it finds its own
        return
    Rendition = type(image).get_rendition_model()
    fields = memo.get("rendition_fields")
    if fields is None:
        fields = memo["rendition_fields"] = [f.attname for f in Rendition._meta.concrete_fields]
    specs = {spec.spec for spec in filters}
    read = memo.setdefault("renditions", {})  # {image id: {spec: [rows]}}
    images = [i for i in (*memo.get("images", ()), image) if isinstance(i, type(image))]
    pending = {i.pk for i in images if not i.is_svg() and not specs <= read.get(i.pk, {}).keys()}
    if pending:
        wanted = {pk: (specs | SMALL_SPECS) - read.get(pk, {}).keys() for pk in pending}
        for pk, missing in wanted.items():
            read.setdefault(pk, {}).update({spec: [] for spec in missing})
        image_at, spec_at = fields.index("image_id"), fields.index("filter_spec")
        rows = Rendition.objects.filter(
            image_id__in=pending, filter_spec__in=set().union(*wanted.values())
        ).values_list(*fields)
        for row in rows:
            if row[spec_at] in wanted[row[image_at]]:
                read[row[image_at]][row[spec_at]].append(row)
    found = read[image.pk]
    image.prefetched_renditions = [
        Rendition.from_db(Rendition.objects.db, fields, row)
        for spec in specs
        for row in found.get(spec, ())
    ]
    for rendition in image.prefetched_renditions:
        rendition.image = image  # its alt text, without a query


def connect():
    post_init.connect(_image_loaded, sender=get_image_model(), dispatch_uid="renditions-loaded")
    post_save.connect(_image_saved, sender=get_image_model(), dispatch_uid="renditions-image")
    page_published.connect(_page_published, dispatch_uid="renditions-page-published")
    published.connect(_object_published, dispatch_uid="renditions-published")
