"""Content-Security-Policy with Django's own middleware, two policies.

The public site gets ``SECURE_CSP``: no inline script or style at all, everything from this
origin (and the media origin when MEDIA_URL is absolute). It carries no nonce, so a page
served from the page cache is as correct for the next visitor as for the first: this
middleware sits outside the page cache and adds the header to every answer, stored or not.

The Wagtail admin gets ``SECURE_CSP_ADMIN`` (config/settings/base.py says why it is looser).

``frame-ancestors`` follows the X-Frame-Options header of the answer: 'none' for DENY,
'self' for the views Wagtail lets the admin frame (SAMEORIGIN: previews), so both headers
always say the same thing.

A preview is rendered by Wagtail through a second, simulated request to the page's own URL
(``make_preview_request``, ``request.is_dummy``): that inner pass chooses the public policy,
but only the admin view that answers (X-Frame-Options SAMEORIGIN) may say how it is framed,
so the header is written once, by the outer pass.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.middleware import csp
from django.utils.csp import CSP

FRAME_ANCESTORS = {"DENY": [CSP.NONE], "SAMEORIGIN": [CSP.SELF]}


def origin(url):
    """scheme://host[:port] of an absolute URL (or protocol-relative), None for a path."""
    parts = urlsplit(url or "")
    if not parts.netloc:
        return None
    return f"{parts.scheme or 'https'}://{parts.netloc}"


def with_origins(sources, *urls):
    """``sources`` plus the origins of those of ``urls`` that live elsewhere (a CDN, storage)."""
    extra = [value for value in (origin(url) for url in urls) if value]
    return [*sources, *(value for value in extra if value not in sources)]


def with_file_origins(config):
    """Images and media may come from the media storage or a CDN; styles from static files."""
    media = with_origins(settings.CSP_MEDIA_ORIGINS, settings.MEDIA_URL)
    static = with_origins([], settings.STATIC_URL)
    config = dict(config)
    for directive, extra in (
        ("img-src", [*media, *static]),
        ("media-src", media),
        ("style-src", static),
        ("script-src", static),
        ("font-src", static),
    ):
        if extra and directive in config:
            config[directive] = with_origins(config[directive], *extra)
    return config


def is_admin_path(path):
    return path.startswith(tuple(settings.SECURE_CSP_ADMIN_PATHS))


class ContentSecurityPolicyMiddleware(csp.ContentSecurityPolicyMiddleware):
    def process_response(self, request, response):
        # A view's own choice (csp_override) wins; otherwise the admin's or the site's.
        config = getattr(response, "_csp_config", None)
        if config is None:
            config = (
                settings.SECURE_CSP_ADMIN if is_admin_path(request.path) else settings.SECURE_CSP
            )
        if getattr(request, "is_dummy", False):
            # The preview's inner pass: keep the policy, let the admin view's pass write it.
            response._csp_config = config
            return response
        if config:
            config = with_file_origins(config)
            framing = response.get("X-Frame-Options", settings.X_FRAME_OPTIONS).upper()
            config = {**config, "frame-ancestors": FRAME_ANCESTORS.get(framing, [CSP.NONE])}
        response._csp_config = config
        return super().process_response(request, response)
