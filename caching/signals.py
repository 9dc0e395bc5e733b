"""The rows each render shows, found by themselves, and what each write invalidates.

Shown: every row loaded while a page renders for the store tags that page (``post_init``).
Written: a saved or deleted row invalidates itself, the listings of its model and of the
models it extends, the rows of each foreign key it has (``tag(Registration, community=…)``)
and, for an inline child or a many-to-many link, the object it belongs to. A page counts
when it is live: then also its translations (their language links). Moves and new slugs
change the addresses of whole sections; the site, its settings, locales, redirects and view
restrictions show on every page: they invalidate everything (``tag(Site)``).
"""

import functools

from django.apps import apps
from django.conf import settings
from django.db.models.signals import m2m_changed, post_delete, post_init, post_save
from django_tasks.signals import task_finished
from modelcluster.fields import ParentalKey
from wagtail import signals as wagtail_signals
from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.models import CollectionViewRestriction, Locale, Page, PageViewRestriction, Site

from . import _scope, invalidate_tags, name, root_label

EVERYWHERE = (Site, Locale, PageViewRestriction, CollectionViewRestriction, Redirect)
SETTINGS = (BaseSiteSetting, BaseGenericSetting)
# A save of only these fields (a draft's revision, a lock) changes nothing public.
BOOKKEEPING = {"latest_revision", "latest_revision_created_at", "has_unpublished_changes"}
BOOKKEEPING |= {"draft_title", "locked", "locked_at", "locked_by"}


@functools.cache
def ignored(model):
    """Rows no public page shows: ``CACHE_IGNORED_MODELS`` (labels or app labels), and
    models of another registry than the project's (Django's record of migrations)."""
    names = set(settings.CACHE_IGNORED_MODELS)
    label = model._meta.label_lower
    return model._meta.apps is not apps or label in names or model._meta.app_label in names


def _loaded(sender, instance, **kwargs):
    scope = _scope.get()
    if scope is not None and instance.pk is not None and not ignored(sender):
        scope.tags.add(f"{root_label(sender)}:{instance.pk}")


def row_tags(instance, *, created=False):
    model = type(instance)
    tags = {name(parent) for parent in (model, *model._meta.get_parent_list())}
    if not created:  # a new row is on no page yet
        tags.add(name(instance))
    for field in model._meta.concrete_fields:
        value = getattr(instance, field.attname) if field.many_to_one else None
        if value is not None:
            tags.add(name(model, **{field.name: value}))
            if isinstance(field, ParentalKey) or model._meta.auto_created:
                tags.add(f"{root_label(field.related_model)}:{value}")  # its owner changed
    if isinstance(instance, SETTINGS):
        tags.add(name(Site))
    return tags


def page_tags(page):
    model = page.specific_class or type(page)
    tags = {name(page)}
    for listed in (model, *model._meta.get_parent_list()):  # its listings, in its language too
        tags |= {name(listed), name(listed, locale=page.locale_id)}
    translations = page.get_translations().values_list("pk", flat=True)
    tags |= {f"wagtailcore.page:{pk}" for pk in translations}
    if page.depth <= 3:  # a site's root or one of its children: the menus
        tags.add(name(Site))
    return tags


def _saved(sender, instance, created=False, raw=False, update_fields=None, **kwargs):
    if raw or ignored(sender) or (update_fields and set(update_fields) <= BOOKKEEPING):
        return
    if isinstance(instance, Page):
        if instance.live or kwargs.get("signal") is post_delete:
            invalidate_tags(page_tags(instance))
    elif isinstance(instance, EVERYWHERE):
        invalidate_tags({name(Site)})
    else:
        invalidate_tags(row_tags(instance, created=created))


def _linked(sender, instance, action, **kwargs):
    if action.startswith("post_") and not ignored(type(instance)):
        invalidate_tags(row_tags(instance))


def _page_published(sender, instance, **kwargs):
    invalidate_tags(page_tags(instance))  # unpublished too: it is no longer live


def _published(sender, instance, **kwargs):
    if not isinstance(instance, Page):  # pages send page_published as well
        invalidate_tags(row_tags(instance))


def _everything(sender, **kwargs):
    invalidate_tags({name(Site)})


def _task_finished(sender, task_result, **kwargs):
    if task_result.task.module_path.startswith("modelsearch.tasks."):
        invalidate_tags({"wagtailsearch.indexentry"})  # search results (home.views.search)


def connect():
    for signal, receiver in (
        (post_init, _loaded),
        (post_save, _saved),
        (post_delete, _saved),
        (m2m_changed, _linked),
        (wagtail_signals.page_published, _page_published),
        (wagtail_signals.page_unpublished, _page_published),
        (wagtail_signals.published, _published),
        (wagtail_signals.unpublished, _published),
        (wagtail_signals.post_page_move, _everything),
        (wagtail_signals.page_slug_changed, _everything),
        (task_finished, _task_finished),
    ):
        signal.connect(receiver, dispatch_uid=f"caching-{id(signal)}")
