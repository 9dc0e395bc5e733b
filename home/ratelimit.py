"""A fixed-window rate limit counted in the cache every worker shares."""

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


def hit(*, scope, ident, limit, window=3600):
    """Count one hit; True while the caller is within `limit` hits per `window` seconds."""
    cache = caches["shared"]
    key = f"ratelimit:{scope}:{ident}"
    if cache.add(key, 1, timeout=window):
        return limit >= 1
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= limit
