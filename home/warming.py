"""Rendering a page as a visitor would, once it is published, before any visitor comes.

Publishing bumps the content version, so everything kept for the public (routes, page
context, picture HTML, listings: ``home.cache.versioned``) is computed again by the first
visitor of each page. For the page just published and the pages above it (their listings
changed), the ``warm_pages`` task does that work instead, after the renditions task: in
the cache every process shares (``home.cache_backends.MachineCache`` on one machine,
Redis on several), so the first visitor finds it done.

The render goes through the whole middleware stack as an anonymous GET over HTTPS, like
Wagtail's own preview requests (``BaseHandler``, not the WSGI handler, so no
request_started/finished signals close the caller's database connection). Nothing about a
person is kept: only what every visitor reads alike is ever cached.
"""

import logging
import threading
from io import BytesIO
from urllib.parse import unquote_to_bytes, urlsplit

from django.conf import settings
from django.core.handlers.base import BaseHandler
from django.core.handlers.wsgi import WSGIRequest
from django.db import transaction
from wagtail.models import Page
from wagtail.signals import published

from .cache import content_version

logger = logging.getLogger(__name__)

_handler = None
_pending = threading.local()


def _get_handler():
    global _handler
    if _handler is None:
        handler = BaseHandler()
        handler.load_middleware()
        _handler = handler
    return _handler


def render_as_visitor(*, url):
    """The response an anonymous visitor would get for ``url`` (an absolute URL)."""
    parts = urlsplit(url)
    secure = parts.scheme == "https" or settings.SECURE_SSL_REDIRECT
    host = parts.hostname or "localhost"
    port = str(parts.port or (443 if secure else 80))
    environ = {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": unquote_to_bytes(parts.path or "/").decode("iso-8859-1"),
        "QUERY_STRING": "",
        "SERVER_NAME": host,
        "SERVER_PORT": port,
        "HTTP_HOST": parts.netloc,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": "https" if secure else "http",
        "wsgi.input": BytesIO(),
    }
    if settings.SECURE_PROXY_SSL_HEADER and secure:
        header, value = settings.SECURE_PROXY_SSL_HEADER
        environ[header] = value
    # Not closed: closing a response sends request_finished, which would close the
    # database connection of whoever called us (a worker, a request, a test).
    return _get_handler().get_response(WSGIRequest(environ))


def pages_to_warm(*, page_ids):
    """The live pages published, then those above them (their listings show them), each
    once, up to WARM_PAGES_LIMIT: a bulk publish (a demo load) is not worth warming."""
    pages = Page.objects.live().filter(pk__in=page_ids).order_by("-depth")
    found = {}
    for page in pages:
        found.setdefault(page.pk, page)
        for ancestor in page.get_ancestors().live().filter(depth__gt=1).order_by("-depth"):
            found.setdefault(ancestor.pk, ancestor)
    return list(found.values())[: settings.WARM_PAGES_LIMIT]


def warm_pages(*, page_ids):
    """Render each page (see ``pages_to_warm``) as a visitor; returns how many answered 200.

    A change during the render (another publish) leaves what was kept under a version
    nobody reads any more: the page is then rendered once more.
    """
    warmed = 0
    for page in pages_to_warm(page_ids=page_ids):
        url = page.get_full_url()
        if not url:
            continue
        for _attempt in range(2):
            version = content_version()
            try:
                response = render_as_visitor(url=url)
            except Exception:  # warming is an optimisation: a failure must not fail a publish
                logger.exception("Could not warm %s", url)
                break
            if content_version() == version:
                warmed += response.status_code == 200
                break
    return warmed


def _enqueue():
    from .tasks import warm_pages as task

    page_ids, _pending.page_ids = sorted(_pending.page_ids), set()
    try:
        task.enqueue(page_ids)
    except Exception:  # the queue being down must not fail the publish
        logger.exception("Could not enqueue the warming of pages %s", page_ids)


def _published(sender, instance, **kwargs):
    if not settings.WARM_PAGES_ON_PUBLISH or not isinstance(instance, Page):
        return
    # One task per transaction, once committed, after the renditions task (whose receiver
    # is connected earlier). A rolled-back transaction drops its callbacks: start afresh.
    connection = transaction.get_connection()
    waiting = any(callback is _enqueue for _ids, callback, _robust in connection.run_on_commit)
    if not waiting:
        _pending.page_ids = set()
    _pending.page_ids.add(instance.pk)
    if not waiting:
        transaction.on_commit(_enqueue, robust=True)


def connect():
    # ``published`` comes last for a page (after page_published and the content version's
    # own receivers): without a transaction the task runs at once, and must not run first.
    published.connect(_published, dispatch_uid="warming-published")
