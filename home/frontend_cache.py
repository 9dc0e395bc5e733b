"""The CDN in front of the site, purged whenever the content version moves.

Wagtail's ``wagtail.contrib.frontend_cache`` purges the URLs of the page being published.
That is not enough here: a page also shows other pages' content (the home page lists news,
an edition lists its partners, a community its seats), which is why the page cache is
invalidated by one global content version (``home.cache``). The CDN follows the same rule:

- every change that moves the content version (``home.signals``) notes the page it touched,
  if any; once the transaction commits, one task purges, per configured backend:
  - everything, for backends that can (Cloudflare ``purge_everything``, a CloudFront
    invalidation of ``/*``): the CDN is then never staler than the page cache;
  - otherwise (``HTTPBackend``: Varnish, nginx) the changed pages, their parents and the
    home pages, in every language;
- public pages say ``s-maxage=CDN_MAX_AGE`` (``home.page_cache``): what a purge could not
  name (a partner listed on an edition page, a deleted page) is stale no longer than that.

Nothing is configured (``WAGTAILFRONTENDCACHE`` empty): nothing is noted or enqueued.
"""

import functools
import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.db import connection, transaction
from wagtail.contrib.frontend_cache.apps import WagtailFrontendCacheAppConfig
from wagtail.contrib.frontend_cache.backends import CloudflareBackend as BaseCloudflareBackend
from wagtail.contrib.frontend_cache.backends import CloudfrontBackend as BaseCloudfrontBackend

logger = logging.getLogger(__name__)


class FrontendCacheConfig(WagtailFrontendCacheAppConfig):
    """wagtail.contrib.frontend_cache without its purge on publish (see above)."""

    def ready(self):
        pass


class CloudflareBackend(BaseCloudflareBackend):
    """Cloudflare, purged whole: one API call whatever changed."""

    def purge_everything(self):
        import requests

        headers = {"Authorization": f"Bearer {self.cloudflare_token}"}
        if not self.cloudflare_token:
            headers = {
                "X-Auth-Email": self.cloudflare_email,
                "X-Auth-Key": self.cloudflare_api_key,
            }
        response = requests.post(
            self.cloudflare_purge_endpoint_url,
            json={"purge_everything": True},
            headers=headers,
            timeout=30,
        )
        if not response.ok:
            logger.error("Cloudflare refused to purge everything: %s", response.text[:500])


class CloudfrontBackend(BaseCloudfrontBackend):
    """CloudFront, invalidated whole: ``/*`` counts as one path."""

    def purge_everything(self):
        self._create_invalidation(self.cloudfront_distribution_id, ["/*"])


# --- Noting changes ------------------------------------------------------------------------


class _Pending(set):
    """Paths of the pages changed in the current transaction (a set, flushed once)."""

    def flush(self):
        from .tasks import purge_frontend_cache

        purge_frontend_cache.enqueue(sorted(self))


def _registered(pending):
    return any(
        isinstance(func, functools.partial) and func.args == (pending,)
        for _sids, func, _robust in connection.run_on_commit
    )


def note_change(*, page=None):
    """A change the public can see; ``page`` is the page it touched, if it is one."""
    if not settings.WAGTAILFRONTENDCACHE:
        return
    path = getattr(page, "path", None)
    if not connection.in_atomic_block:
        _Pending({path} if path else ()).flush()
        return
    pending = getattr(connection, "_frontend_cache_pending", None)
    # A rolled-back transaction drops its callback: start again for the next one.
    if pending is None or not _registered(pending):
        pending = connection._frontend_cache_pending = _Pending()
        transaction.on_commit(functools.partial(_Pending.flush, pending), robust=True)
    if path:
        pending.add(path)


# --- Purging (in the task) -----------------------------------------------------------------


def urls_for(*, page_paths):
    """Full URLs of the changed pages, their ancestors and every home page, in all languages."""
    from wagtail.contrib.frontend_cache.utils import PurgeBatch
    from wagtail.models import Page, Site

    steplen = Page.steplen
    paths = {
        path[:end] for path in page_paths for end in range(2 * steplen, len(path) + 1, steplen)
    }
    keys = set(Page.objects.filter(path__in=paths).values_list("translation_key", flat=True))
    keys |= set(Site.objects.values_list("root_page__translation_key", flat=True))
    batch = PurgeBatch()
    batch.add_pages(Page.objects.filter(translation_key__in=keys).specific().order_by("path"))
    return sorted(batch.urls)


def purge(*, page_paths):
    from wagtail.contrib.frontend_cache.utils import get_backends

    urls = None
    for name, backend in get_backends().items():
        if hasattr(backend, "purge_everything"):
            logger.info("[%s] Purging everything", name)
            backend.purge_everything()
            continue
        if urls is None:
            urls = urls_for(page_paths=page_paths)
        mine = [url for url in urls if backend.invalidates_hostname(urlsplit(url).netloc)]
        logger.info("[%s] Purging %d URLs", name, len(mine))
        backend.purge_batch(mine)
