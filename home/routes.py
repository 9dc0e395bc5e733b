"""Addresses in the visitor's language: sub-pages of routable pages, search and calendar
files are /…/intervenants/ and /recherche/ in French, /en/…/speakers/ and /en/search/ in
English. Their fragments are translatable strings (English msgids, French in the
catalogue), as Django's own translated URL patterns are.

Under an English page, a French address (a link shared before the page was translated)
redirects to the English one.
"""

import re

from django.conf import settings
from django.http import HttpResponsePermanentRedirect
from django.urls import Resolver404, reverse
from django.utils import translation
from django.utils.functional import lazy
from wagtail.contrib.routable_page.models import RoutablePageMixin


def _regex(template, fragments):
    return template % tuple(re.escape(str(fragment)) for fragment in fragments)


def translated_regex(template, *fragments):
    """``template`` (a regular expression with ``%s`` holes) with each translated
    ``fragment`` escaped into its hole, in the language active when a URL is resolved."""
    return lazy(_regex, str)(template, fragments)


def _permanent_redirect(target):
    def view(request, *args, **kwargs):
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(target + (f"?{query}" if query else ""))

    return view


def in_default_language(view_name):
    """A view for a French address asked under /en/: to the address in the visitor's
    language (in French the translated pattern, listed first, answers instead)."""

    def view(request, **kwargs):
        return _permanent_redirect(reverse(view_name, kwargs=kwargs))(request)

    return view


class TranslatedRoutesMixin(RoutablePageMixin):
    """Routes resolved and reversed in the page's own language, whatever language is active
    (an email or an admin view in another language still links to the right address)."""

    @classmethod
    def answers(cls, path, *, language):
        """Whether a sub-page route of this page type answers ``path`` in ``language`` (or,
        to redirect it, in the default language)."""
        for code in dict.fromkeys((language, settings.LANGUAGE_CODE)):
            with translation.override(code):
                try:
                    cls.get_resolver().resolve(path)
                    return True
                except Resolver404:
                    pass
        return False

    def in_own_language(self, text):
        """``text`` (a lazy translation, such as a file name in an address) in the page's
        language."""
        with translation.override(self.locale.language_code):
            return str(text)

    def subpage_url_in(
        self, translated, name, *, args=None, request=None, full=False, language=None
    ):
        """The address of sub-page ``name`` of ``translated`` (this page in ``language``,
        read from its locale if not given), with that language's fragments: a sub-page's
        hreflang alternates."""
        with translation.override(language or translated.locale.language_code):
            path = self.get_resolver().reverse(name, *(args or ()))
        base = translated.get_full_url(request) if full else translated.get_url(request)
        return base + path

    def live_translations_by_language(self):
        """This page and its live translations, by language code (a sitemap's alternates)."""
        found = self.get_translations(inclusive=True).live().select_related("locale")
        return {page.locale.language_code: page for page in found}

    def sitemap_entry(self, name, *, args_by_page, languages, lastmod, request=None):
        """The sitemap entry of sub-page ``name`` of this page, with the same sub-page in
        its other languages as hreflang alternates. ``languages``: {language code: this page
        in that language}; ``args_by_page``: {page id: the route's arguments in that page,
        absent where the sub-page has no translation}."""
        alternates = [
            {
                "lang_code": code,
                "location": self.subpage_url_in(
                    page, name, args=args, request=request, full=True, language=code
                ),
            }
            for code, page in languages.items()
            if (args := args_by_page.get(page.pk)) is not None
        ]
        own_language = next(code for code, page in languages.items() if page.pk == self.pk)
        return {
            "location": self.subpage_url_in(
                self,
                name,
                args=args_by_page[self.pk],
                request=request,
                full=True,
                language=own_language,
            ),
            "lastmod": lastmod,
            "alternates": alternates if len(alternates) > 1 else [],
        }

    def reverse_subpage(self, name, args=None, kwargs=None):
        with translation.override(self.locale.language_code):
            return super().reverse_subpage(name, args=args, kwargs=kwargs)

    def resolve_subpage(self, path):
        language = self.locale.language_code
        with translation.override(language):
            try:
                return super().resolve_subpage(path)
            except Resolver404:
                if language == settings.LANGUAGE_CODE:
                    raise
        with translation.override(settings.LANGUAGE_CODE):
            match = self.get_resolver().resolve(path)
        target = self.url + self.reverse_subpage(
            match.url_name, args=match.args, kwargs=match.kwargs
        )
        match.func = _permanent_redirect(target)
        return match
