"""The CDN in front (Wagtail's frontend cache), purged by the same tags as the store.

Each page the CDN may keep is noted under each of its tags; a write purges the pages noted
under the tags it invalidates and nothing else: a registration purges the pages that show
that community's seats, never the whole CDN. Off unless ``WAGTAILFRONTENDCACHE`` is set.
"""

import os
import uuid
from pathlib import Path

from django.conf import settings
from wagtail.contrib.frontend_cache.apps import WagtailFrontendCacheAppConfig
from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache


class FrontendCacheConfig(WagtailFrontendCacheAppConfig):
    """wagtail.contrib.frontend_cache without its own purge on publish: ours follows tags."""

    def ready(self):
        pass


def _redis():
    from .store import RedisStamps, store  # noqa: PLC0415 (the store reads settings: once Django is ready)

    stamps = store().stamps
    return (stamps.redis, stamps.tags) if isinstance(stamps, RedisStamps) else (None, None)


def _directory():
    directory = Path(settings.CACHE_DIR) / "cdn"
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def record(url, tags, start):
    """Note that the CDN may keep ``url``, which shows ``tags``; False when one of them was
    invalidated since the render started (a purge may have missed it: not to be kept)."""
    from .store import store  # noqa: PLC0415 (the store reads settings: once Django is ready)

    redis, prefix = _redis()
    if redis is not None:
        with redis.pipeline(transaction=False) as pipe:
            for tag in tags:
                pipe.sadd(f"{prefix}:cdn:{tag}", url)
            pipe.execute()
    else:
        directory = _directory()
        for tag in tags:  # one short append each: atomic between processes
            descriptor = os.open(directory / tag, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            os.write(descriptor, url.encode() + b"\n")
            os.close(descriptor)
    stamps = store().stamps
    return stamps.now()[0] == start[0] and all(s <= start[1] for s in stamps.stamps(tags))


def purge(tags):
    """Purge, in a task, every page noted under these tags, and forget them."""
    if not settings.WAGTAILFRONTENDCACHE or not tags:
        return
    urls = set()
    redis, prefix = _redis()
    if redis is not None:
        keys = [f"{prefix}:cdn:{tag}" for tag in tags]
        with redis.pipeline(transaction=True) as pipe:
            for key in keys:
                pipe.smembers(key)
            pipe.delete(*keys)
            *found, _deleted = pipe.execute()
        urls = {url.decode() for members in found for url in members}
    else:
        directory = _directory()
        for tag in tags:
            taken = directory / f".{uuid.uuid4().hex}"
            try:
                os.rename(directory / tag, taken)  # appends from now on start a new list
            except FileNotFoundError:
                continue
            urls.update(taken.read_text().split())
            taken.unlink()
    if urls:
        purge_urls_from_cache(sorted(urls))
