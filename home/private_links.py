"""Private links: a secret in the URL that opens one person's record without an account."""

import hashlib

from django.utils.cache import add_never_cache_headers


def hash_token(token):
    # Only a digest is stored: a copy of the database does not hand out private links.
    return hashlib.sha256(token.encode()).hexdigest()


def private_response(response):
    """Never cached, indexed, or sent to another site as a referrer.

    ("no-referrer" would make browsers send "Origin: null" with the page's own forms, which
    Django's CSRF check rightly refuses.)
    """
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "same-origin"
    return response
