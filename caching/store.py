"""Where the tags' stamps and the stored pages live: Redis, or the files of one machine.

A *stamp* orders invalidations: a counter raised at each one, and per tag the counter's
value when it was last invalidated. A page records the counter when its render started; it
is fresh while every one of its tags' stamps is at most that. Stamps are read before
anything else, and raised after a write commits, so a render that may have read a row
from before the write always started before its stamp. The counter comes with an *epoch*:
stamps that were reset (their files deleted, Redis emptied) vouch for nothing stored before.
"""

import fcntl
import functools
import os
import threading
import time
from collections import OrderedDict, namedtuple
from pathlib import Path

from django.conf import settings
from django.core.cache import caches


class FileStamps:
    """Stamps shared by the processes of one machine: each is a file's size, which one
    stat() reads and a lock raises (the files are sparse: they take no disk space). The
    counter's file starts with its epoch."""

    def __init__(self, directory):
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.counter = self.directory / "counter"

    @staticmethod
    def _size(path):
        try:
            return os.stat(path).st_size
        except FileNotFoundError:
            return 0

    @staticmethod
    def _raise(path, to=None):
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)  # released by close()
            size = os.fstat(descriptor).st_size
            value = size + 1 if to is None else max(size, to)
            os.ftruncate(descriptor, value)
            return value
        finally:
            os.close(descriptor)

    def now(self):
        """(epoch, counter): the random bytes the counter file starts with, and its size."""
        try:
            descriptor = os.open(self.counter, os.O_RDONLY)
        except FileNotFoundError:
            try:  # a new epoch: exclusive, so that two processes agree on it
                descriptor = os.open(self.counter, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
                os.write(descriptor, os.urandom(8).hex().encode())
                os.close(descriptor)
            except FileExistsError:
                pass
            descriptor = os.open(self.counter, os.O_RDONLY)
        try:
            return os.pread(descriptor, 16, 0), os.fstat(descriptor).st_size
        finally:
            os.close(descriptor)

    def stamps(self, tags):
        return [self._size(self.directory / tag) for tag in tags]

    def invalidate(self, tags):
        self.now()  # the counter's file and its epoch exist
        stamp = self._raise(self.counter)
        for tag in tags:
            self._raise(self.directory / tag, stamp)


class RedisStamps:
    """Stamps in Redis, for several machines: a counter, and a sorted set of tags whose
    scores only grow (``ZADD GT``)."""

    def __init__(self, url, prefix):
        import redis  # noqa: PLC0415 (needed only with CACHE_URL=redis://)

        self.redis = redis.Redis.from_url(url)
        self.epoch, self.counter, self.tags = f"{prefix}:epoch", f"{prefix}:stamp", f"{prefix}:tags"

    def now(self):
        epoch, counter = self.redis.mget(self.epoch, self.counter)
        if epoch is None:  # a new or emptied Redis
            self.redis.set(self.epoch, os.urandom(8).hex(), nx=True)
            epoch, counter = self.redis.mget(self.epoch, self.counter)
        return epoch, int(counter or 0)

    def stamps(self, tags):
        tags = list(tags)
        return [int(score or 0) for score in self.redis.zmscore(self.tags, tags)] if tags else []

    def invalidate(self, tags):
        stamp = self.redis.incr(self.counter)
        if tags:
            self.redis.zadd(self.tags, dict.fromkeys(tags, stamp), gt=True)


# A stored answer: what it shows was tagged while it rendered, from ``start`` (the epoch and
# counter then); ``until`` is when it expires (a Unix time).
Entry = namedtuple("Entry", "content headers start tags until")


class Pages:
    """Stored pages, in the cache every process shares (``PAGE_CACHE_ALIAS``) with a copy
    in this process's memory. No copy is ever stale: each is checked against its tags'
    stamps, once for every change of the counter."""

    def __init__(self, stamps):
        self.stamps, self.local, self.lock = stamps, OrderedDict(), threading.Lock()

    def get(self, key):
        now = self.stamps.now()
        memo = self.local.get(key)
        if memo is None or not self._fresh(memo, now):
            memo = [caches[settings.PAGE_CACHE_ALIAS].get(key), None]
            if memo[0] is None or not self._fresh(memo, now):
                self.local.pop(key, None)
                return None
        self._keep(key, memo)
        return memo[0]

    def set(self, key, entry, timeout):
        caches[settings.PAGE_CACHE_ALIAS].set(key, entry, timeout)
        self._keep(key, [entry, entry.start])

    def _fresh(self, memo, now):
        entry, checked = memo
        if entry.until <= time.time() or entry.start[0] != now[0]:
            return False
        if now in (entry.start, checked):  # nothing invalidated since it was last checked
            return True
        if all(stamp <= entry.start[1] for stamp in self.stamps.stamps(entry.tags)):
            memo[1] = now
            return True
        return False

    def _keep(self, key, memo):
        with self.lock:
            self.local[key] = memo
            self.local.move_to_end(key)
            while len(self.local) > settings.PAGE_CACHE_MAX_ENTRIES:
                self.local.popitem(last=False)


@functools.cache
def store():
    if settings.CACHE_URL.startswith(("redis://", "rediss://")):
        return Pages(RedisStamps(settings.CACHE_URL, settings.CACHE_KEY_PREFIX))
    return Pages(FileStamps(Path(settings.CACHE_DIR) / "tags"))
