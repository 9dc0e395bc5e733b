"""Rate limits and the admin login lockout, counted in the cache every worker shares."""

import hashlib
import time

from django.conf import settings
from django.core.cache import caches


def client_ip(request):
    """The caller's address, trusting only as many X-Forwarded-For hops as we have proxies."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def _add_one(cache, key, timeout):
    """Add one to the counter under `key`, which then lives `timeout` more seconds."""
    if cache.add(key, 1, timeout=timeout):
        return 1
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=timeout)
        return 1
    # The database cache's incr() is a get and a set with the default timeout (5 minutes):
    # give the counter back its own.
    cache.touch(key, timeout)
    return count


def _count(key, window):
    """Add one to the counter under `key` for a fixed window of `window` seconds."""
    now = time.time()
    start = int(now // window) * window
    return _add_one(caches["shared"], f"{key}:{start}", max(1, int(start + window - now) + 1))


def hit(*, scope, ident, limit, window=3600):
    """Count one hit; True while the caller is within `limit` hits per `window` seconds."""
    return _count(f"ratelimit:{scope}:{ident}", window) <= limit


def private_link_allowed(request):
    """One action through a private link (candidature or registration), per address."""
    return hit(
        scope="private-link", ident=client_ip(request), limit=settings.PRIVATE_LINK_RATE_LIMIT
    )


def too_many_actions_message():
    from django.utils.translation import gettext

    return gettext(
        "We received too many requests from your connection in the last hour: nothing was "
        "changed. Your answers are below: please send them again in an hour."
    )


# Admin login lockout ------------------------------------------------------------------------
# A username, or an address, that fails ADMIN_LOGIN_FAILURE_LIMIT (per address:
# ADMIN_LOGIN_IP_FAILURE_LIMIT) times within the cool-off is locked out for the cool-off,
# whatever the password. Counted in the shared cache, so every worker sees the same lock.


def _login_keys(*, username, ip):
    user = hashlib.sha256(username.strip().lower().encode()).hexdigest()
    return (
        (f"login:user:{user}", settings.ADMIN_LOGIN_FAILURE_LIMIT),
        (f"login:ip:{ip}", settings.ADMIN_LOGIN_IP_FAILURE_LIMIT),
    )


def _cooloff():
    return settings.ADMIN_LOGIN_COOLOFF_MINUTES * 60


def login_locked(*, username, ip):
    cache = caches["shared"]
    return any(cache.get(f"{key}:locked") for key, _limit in _login_keys(username=username, ip=ip))


def record_login_failure(*, username, ip):
    """Count a failed login; True when it locks the username or the address out."""
    cache = caches["shared"]
    locked = False
    for key, limit in _login_keys(username=username, ip=ip):
        failures = _add_one(cache, f"{key}:failures", _cooloff())
        if failures >= limit:
            cache.set(f"{key}:locked", True, timeout=_cooloff())
            cache.delete(f"{key}:failures")
            locked = True
    return locked


def reset_login_failures(*, username):
    """A successful login forgets that username's failures (not its address's)."""
    user_key, _limit = _login_keys(username=username, ip="")[0]
    caches["shared"].delete(f"{user_key}:failures")
