"""A cache for one machine: each process's memory first, then files every process shares.

Values kept under the content version (``home.cache.versioned``: routes, page context,
picture HTML, listings) and Wagtail's renditions are the same for every worker process.
In memory alone each process computes them again after every change; with Redis
(``CACHE_URL``) they are shared, but a single machine need not run Redis for that.
``MachineCache`` reads its own memory (no I/O once warm), then a directory of Django's
file cache that every process of the machine reads and writes. A page rendered once, by
any process (a worker, or the task that warms a page when it is published,
``home.warming``), is then cheap in all of them.

Keys are immutable in practice (they carry the content version), so a copy in memory is
never stale for longer than it would be in Redis; a deletion reaches the files and this
process's memory, as it would reach Redis and nothing else.
"""

import pickle
import time
import zlib

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.locmem import LocMemCache

_MISSING = object()


class SharedFileCache(FileBasedCache):
    """Django's file cache, culled by expiry at most once a minute per process.

    Django's own cull lists the whole directory on every write, which would make each
    write cost as much as the cache is large; expired entries (old content versions) are
    instead removed in one sweep now and then, and random culling is only the last resort.
    """

    cull_interval = 60

    def __init__(self, dir, params):
        super().__init__(dir, params)
        self._next_cull = 0.0

    def get_with_expiry(self, key, version=None):
        """(value, expiry as a Unix time or None), or (_MISSING, None)."""
        fname = self._key_to_file(key, version)
        try:
            with open(fname, "rb") as f:
                expiry = pickle.load(f)
                if expiry is not None and expiry < time.time():
                    f.close()
                    self._delete(fname)
                    return _MISSING, None
                return pickle.loads(zlib.decompress(f.read())), expiry
        except (FileNotFoundError, EOFError):
            return _MISSING, None

    def _cull(self):
        now = time.monotonic()
        if now < self._next_cull:
            return
        self._next_cull = now + self.cull_interval
        for fname in self._list_cache_files():
            try:
                with open(fname, "rb") as f:
                    self._is_expired(f)  # deletes the file when it has expired
            except (FileNotFoundError, EOFError):
                pass
        super()._cull()


class MachineCache(BaseCache):
    """LocMemCache in front of SharedFileCache (see the module's docstring).

    LOCATION is the shared directory; OPTIONS: MAX_ENTRIES for each process's memory,
    SHARED_MAX_ENTRIES for the files.
    """

    def __init__(self, location, params):
        super().__init__(params)
        options = params.get("OPTIONS", {})
        timeout = params.get("TIMEOUT", 300)
        self.local = LocMemCache(
            f"machine:{location}",
            {"TIMEOUT": timeout, "OPTIONS": {"MAX_ENTRIES": options.get("MAX_ENTRIES", 300)}},
        )
        self.shared = SharedFileCache(
            location,
            {
                "TIMEOUT": timeout,
                "OPTIONS": {"MAX_ENTRIES": options.get("SHARED_MAX_ENTRIES", 100_000)},
            },
        )

    def _remember(self, key, value, expiry, version):
        """Copy what the files hold into memory, for no longer than it lives there."""
        if expiry is None:
            self.local.set(key, value, None, version)
        else:
            self.local.set(key, value, max(1, int(expiry - time.time())), version)

    def get(self, key, default=None, version=None):
        value = self.local.get(key, _MISSING, version)
        if value is _MISSING:
            value, expiry = self.shared.get_with_expiry(key, version)
            if value is _MISSING:
                return default
            self._remember(key, value, expiry, version)
        return value

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self.shared.set(key, value, timeout, version)
        self.local.set(key, value, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        if not self.shared.add(key, value, timeout, version):
            return False
        self.local.set(key, value, timeout, version)
        return True

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        self.local.touch(key, timeout, version)
        return self.shared.touch(key, timeout, version)

    def delete(self, key, version=None):
        in_memory = self.local.delete(key, version)
        return self.shared.delete(key, version) or in_memory

    def has_key(self, key, version=None):
        return self.local.has_key(key, version) or self.shared.has_key(key, version)

    def clear(self):
        self.local.clear()
        self.shared.clear()
