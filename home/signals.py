from django.db.models.signals import post_delete, post_save
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from .cache import bump_chrome_version
from .models import SiteSettings


def _page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        bump_chrome_version()


def _page_saved(sender, instance, **kwargs):
    # Covers pages made live without the publish signal (e.g. created with live=True).
    if isinstance(instance, Page) and instance.live:
        bump_chrome_version()


def connect():
    page_published.connect(bump_chrome_version, dispatch_uid="chrome-published")
    page_unpublished.connect(bump_chrome_version, dispatch_uid="chrome-unpublished")
    post_page_move.connect(bump_chrome_version, dispatch_uid="chrome-moved")
    post_delete.connect(_page_deleted, dispatch_uid="chrome-deleted")
    post_save.connect(_page_saved, dispatch_uid="chrome-page-saved")
    post_save.connect(bump_chrome_version, sender=SiteSettings, dispatch_uid="chrome-settings")
