"""A Permissions-Policy header on every response: the site uses no camera, microphone,
location, payment or device API, so no page (nor anything it frames or that is injected
into it) may ask for them.

Outermost middleware: the health check, redirects, errors, stored pages and the admin get
it too. Features the embedded video players use (fullscreen, autoplay, picture-in-picture,
encrypted media) are left to the browser's defaults, so embeds keep working.
"""

from django.conf import settings


def header_value(policy):
    """``{"camera": []}`` → ``camera=()``; origins are quoted, ``self`` is not."""
    parts = []
    for feature, allowed in policy.items():
        origins = " ".join(
            origin if origin in ("self", "*") else f'"{origin}"' for origin in allowed
        )
        parts.append(f"{feature}=({origins})")
    return ", ".join(parts)


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.value = header_value(settings.PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        if self.value:
            response.headers.setdefault("Permissions-Policy", self.value)
        return response
