"""What invalidates the cached pages and fragments (home/cache.py).

Every save or deletion of a row the public can see, directly or through a page, bumps the
content version. Rather than list the public models (and forget the next one), every model
of the project's apps counts as public unless it is listed below as private; a test makes
sure each private entry names a real model.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django_tasks.signals import task_finished
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move, published, unpublished

from .cache import bump_content_version
from .frontend_cache import note_change

PROJECT_APPS = {"home", "colloque", "communities", "host_applications"}

# Rows no public page shows (renditions are made while pages render, and must not
# invalidate the page being rendered).
PRIVATE_MODELS = {
    "home.User",
    "home.CustomRendition",
    "home.OutboxEmail",
    "home.PersonalDataErasure",
    "host_applications.HostApplication",
    "host_applications.ApplicationFile",
    "host_applications.Review",
    "host_applications.Score",
    "host_applications.CandidatureReviewTask",
    "communities.SessionReminder",
}

# Wagtail's and other libraries' rows that change what pages show.
PUBLIC_LIBRARY_MODELS = {
    "wagtailcore.Site",
    "wagtailcore.Locale",
    "wagtailcore.Collection",
    "wagtailcore.PageViewRestriction",
    "wagtailcore.CollectionViewRestriction",
    "wagtailredirects.Redirect",
    "taggit.Tag",
}

# Background tasks whose work the public sees (search results).
PUBLIC_TASKS = ("modelsearch.tasks.",)


def is_public(model):
    label = model._meta.label
    if label in PUBLIC_LIBRARY_MODELS:
        return True
    return model._meta.app_label in PROJECT_APPS and label not in PRIVATE_MODELS


def _changed(instance=None):
    """Something public changed: the page cache at once, the CDN after commit."""
    bump_content_version()
    note_change(page=instance if isinstance(instance, Page) else None)


def _row_changed(sender, instance, raw=False, **kwargs):
    if raw:  # fixtures: the loader says when it is done
        return
    if isinstance(instance, Page):
        # A draft of a page never published changes nothing public; drafts of live pages
        # do not either, but telling them apart costs more than a spare bump.
        if instance.live or kwargs.get("signal") is post_delete:
            _changed(instance)
        return
    if is_public(type(instance)):
        _changed(instance)


def _relation_changed(sender, instance, action, **kwargs):
    if action.startswith("post_") and is_public(type(instance)):
        _changed(instance)


def _published(sender, instance=None, **kwargs):
    _changed(instance)


def _task_finished(sender, task_result, **kwargs):
    # Search results only: not worth a CDN purge (they are kept no longer than CDN_MAX_AGE).
    if task_result.task.module_path.startswith(PUBLIC_TASKS):
        bump_content_version()


def connect():
    post_save.connect(_row_changed, dispatch_uid="content-version-saved")
    post_delete.connect(_row_changed, dispatch_uid="content-version-deleted")
    m2m_changed.connect(_relation_changed, dispatch_uid="content-version-m2m")
    task_finished.connect(_task_finished, dispatch_uid="content-version-task")
    # Publishing, unpublishing and moving save the page as well; these make sure even a
    # path that skips the save (or changes only descendants) still invalidates.
    for signal in (page_published, page_unpublished, post_page_move, published, unpublished):
        signal.connect(_published, dispatch_uid=f"content-version-{id(signal)}")
