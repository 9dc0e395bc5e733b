"""Locales looked up once per request.

Wagtail asks the database for the active and the default ``Locale`` every time it localises a
page, finds a translation or builds a menu: the same one-row query up to ten times per page.
Within one request the answer cannot change, so the middleware gives each request a small
memo that ``LocaleManager.get_for_language`` consults. Outside a request (commands, tasks,
tests calling services) nothing is memoised. Wagtail offers no hook for this lookup, hence
the wrapper installed once at start-up.
"""

import contextvars
import functools

from wagtail.models.i18n import LocaleManager

_memo = contextvars.ContextVar("request_locales", default=None)


def request_memo():
    """This request's memo (a dict other per-request lookups may share), or None outside one."""
    return _memo.get()


def install():
    original = LocaleManager.get_for_language
    if getattr(original, "memoised", False):
        return

    @functools.wraps(original)
    def get_for_language(self, language_code):
        memo = _memo.get()
        if memo is None:
            return original(self, language_code)
        key = (self.model, language_code)
        if key not in memo:
            memo[key] = original(self, language_code)  # a missing locale raises, not kept
        return memo[key]

    get_for_language.memoised = True
    LocaleManager.get_for_language = get_for_language


class LocaleMemoMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _memo.set({})
        try:
            return self.get_response(request)
        finally:
            _memo.reset(token)
