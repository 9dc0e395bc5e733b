"""Rate limits and the admin login lockout, counted in the database every worker shares."""

import datetime
import functools
import hashlib
import ipaddress
import time

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext

from .models import Counter


def _address(value):
    """``value`` as an IP address (IPv4-mapped IPv6 as IPv4), or None for anything else."""
    try:
        address = ipaddress.ip_address(value.strip())
    except ValueError:
        return None
    if address.version == 6 and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


@functools.cache
def _networks(addresses):
    return tuple(ipaddress.ip_network(value, strict=False) for value in addresses)


def _is_trusted_proxy(address):
    if address is None:
        return True  # a Unix socket has no address: its peer is on this machine
    return any(address in network for network in _networks(tuple(settings.TRUSTED_PROXY_ADDRESSES)))


def client_ip(request):
    """The caller's address: always a valid IP address (or "" when there is none).

    X-Forwarded-For is read only from a proxy we trust (REMOTE_ADDR in
    TRUSTED_PROXY_ADDRESSES, loopback by default), right to left, at most
    TRUSTED_PROXY_COUNT hops, each hop only while the previous one was a trusted proxy: a
    visitor who reaches gunicorn directly, or sends a header of their own, is counted under
    the address they connect from, whatever they write. A forwarded value that is not an
    address (any text, any length) ends the walk at the last address we trust.
    """
    remote = _address(request.META.get("REMOTE_ADDR", ""))
    client = remote
    hops = settings.TRUSTED_PROXY_COUNT
    if hops and _is_trusted_proxy(remote):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").rsplit(",", hops)[-hops:]
        while hops and forwarded and _is_trusted_proxy(client):
            candidate = _address(forwarded.pop())
            if candidate is None:
                break
            client = candidate
            hops -= 1
    return str(client) if client is not None else ""


def add_one(key, *, expires_at):
    """One more hit under ``key`` (counted afresh once ``expires_at`` of the last count has
    passed); returns the count. One atomic statement, whatever the number of processes and
    machines: the database's INSERT … ON CONFLICT DO UPDATE … RETURNING (SQLite 3.35+,
    PostgreSQL)."""
    table, quote = Counter._meta.db_table, connection.ops.quote_name
    key_column, hits, expiry = quote("key"), quote("hits"), quote("expires_at")
    digest = hashlib.sha256(key.encode()).hexdigest()  # any text, a fixed length
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(table)} ({key_column}, {hits}, {expiry}) VALUES (%s, 1, %s) "
            f"ON CONFLICT ({key_column}) DO UPDATE SET "
            f"{hits} = CASE WHEN {quote(table)}.{expiry} <= %s THEN 1 "
            f"ELSE {quote(table)}.{hits} + 1 END, {expiry} = EXCLUDED.{expiry} "
            f"RETURNING {hits}",
            [digest, expires_at, timezone.now()],
        )
        return cursor.fetchone()[0]


def count_of(key):
    """The hits counted under ``key`` that have not expired."""
    digest = hashlib.sha256(key.encode()).hexdigest()
    found = Counter.objects.filter(key=digest, expires_at__gt=timezone.now()).first()
    return found.hits if found else 0


def forget(key):
    Counter.objects.filter(key=hashlib.sha256(key.encode()).hexdigest()).delete()


def _count(key, window):
    """Add one to the counter under `key` for a fixed window of `window` seconds."""
    start = int(time.time() // window) * window
    ends = datetime.datetime.fromtimestamp(start + window, datetime.UTC)
    return add_one(f"{key}:{start}", expires_at=ends)


def hit(*, scope, ident, limit, window=3600):
    """Count one hit; True while the caller is within `limit` hits per `window` seconds."""
    return _count(f"ratelimit:{scope}:{ident}", window) <= limit


def private_link_allowed(request):
    """One action through a private link (candidature or registration), per address."""
    return hit(
        scope="private-link", ident=client_ip(request), limit=settings.PRIVATE_LINK_RATE_LIMIT
    )


def too_many_actions_message():
    return gettext(
        "We received too many requests from your connection in the last hour: nothing was "
        "changed. Your answers are below: please send them again in an hour."
    )


# Admin login lockout ------------------------------------------------------------------------
# A username, or an address, that fails ADMIN_LOGIN_FAILURE_LIMIT (per address:
# ADMIN_LOGIN_IP_FAILURE_LIMIT) times within the cool-off is locked out for the cool-off,
# whatever the password. Counted in the database, so every worker sees the same lock.


def _login_keys(*, username, ip):
    user = hashlib.sha256(username.strip().lower().encode()).hexdigest()
    return (
        (f"login:user:{user}", settings.ADMIN_LOGIN_FAILURE_LIMIT),
        (f"login:ip:{ip}", settings.ADMIN_LOGIN_IP_FAILURE_LIMIT),
    )


def login_locked(*, username, ip):
    return any(count_of(key) >= limit for key, limit in _login_keys(username=username, ip=ip))


def record_login_failure(*, username, ip):
    """Count a failed login; True when it locks the username or the address out. Each
    failure gives its counter the whole cool-off again; once locked, attempts are not
    counted (``home.auth``), so the lock lasts the cool-off from the last failure."""
    expires_at = timezone.now() + datetime.timedelta(minutes=settings.ADMIN_LOGIN_COOLOFF_MINUTES)
    locked = False
    for key, limit in _login_keys(username=username, ip=ip):
        locked |= add_one(key, expires_at=expires_at) >= limit
    return locked


def reset_login_failures(*, username):
    """A successful login forgets that username's failures (not its address's)."""
    forget(_login_keys(username=username, ip="")[0][0])


def purge_expired():
    """Counters past their window or cool-off (the daily purge)."""
    return Counter.objects.filter(expires_at__lte=timezone.now()).delete()[0]
