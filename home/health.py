"""``/health/`` for load balancers: 200 when the database answers, 503 otherwise.

A middleware first in the list rather than a view: the probe is answered before the HTTPS
redirect, the Host check (a load balancer often probes with the machine's address, which is
not in ALLOWED_HOSTS), sessions and the page cache. The body never depends on the request or
the error, so answering any Host is safe; what went wrong is logged, never returned.
"""

import logging

from django.db import connection
from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)

PATH = "/health/"


def database_answers():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.exception("Health check: the database did not answer")
        return False


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path != PATH or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        if database_answers():
            response = HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
        else:
            response = HttpResponse(
                "unavailable\n", status=503, content_type="text/plain; charset=utf-8"
            )
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex"
        return response
