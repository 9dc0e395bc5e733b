"""Site-wide template tags: navigation, language switcher, SEO helpers."""

import hashlib

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info
from wagtail.models import Page, Site

from home.cache import versioned
from home.routing import public_pages

register = template.Library()


def _site_root(request):
    """The home page in the current language; header, menu and footer share one lookup."""
    language = get_language()
    cache_key = f"_site_root_{language}"
    if not hasattr(request, cache_key):
        site = Site.find_for_request(request)
        root = None
        if site is not None:
            # The same for every visitor: kept under the content version.
            root = versioned(
                f"site-root:{site.pk}:{language}", lambda: site.root_page.localized.specific
            )
        setattr(request, cache_key, root)
    return getattr(request, cache_key)


@register.simple_tag(takes_context=True)
def site_root(context):
    request = context.get("request")
    return _site_root(request) if request else None


@register.simple_tag(takes_context=True)
def main_menu(context):
    """The home page's children that editors marked "show in menus", in the current language."""
    request = context.get("request")
    root = _site_root(request) if request else None
    if root is None:
        return []
    return versioned(
        f"main-menu:{root.pk}",
        lambda: list(public_pages().child_of(root).live().public().in_menu()),
    )


@register.simple_tag(takes_context=True)
def language_links(context):
    """One link per language: the translated page when there is one, else that language's home.

    Each entry says whether the page really exists in that language, so `hreflang`
    alternates are only given for true translations.
    """
    request = context.get("request")
    page = context.get("page")
    current = get_language()
    links = []
    translations = {}
    if isinstance(page, Page) and page.pk:
        translations = {
            p.locale.language_code: p
            for p in page.get_translations(inclusive=True).live().select_related("locale")
        }
    root = _site_root(request) if request and translations else None
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        translated = translations.get(code)
        if translated is not None:
            url, exact = translated.get_url(request), True
        elif translations and root is not None:
            home = (
                root.get_translations(inclusive=True)
                .filter(locale__language_code=code)
                .live()
                .first()
            )
            url, exact = (home.get_url(request) if home else translate_url("/", code)), False
        else:
            url, exact = translate_url(request.get_full_path() if request else "/", code), True
        links.append(
            {
                "code": code,
                "name": info["name_local"],
                "url": url,
                "exact": exact,
                "is_current": code == current,
            }
        )
    return links


@register.simple_tag
def content_version():
    from home.cache import content_version as current

    return current()


@register.filter
def absolute(url, request):
    """Absolute URL for social cards and feeds."""
    if not url or url.startswith(("http://", "https://")):
        return url
    return request.build_absolute_uri(url)


class BlankFormNode(template.Node):
    def __init__(self, form, nodelist):
        self.form = form
        self.nodelist = nodelist

    def render(self, context):
        form = self.form.resolve(context)
        if form is None or form.is_bound or form.initial:
            return self.nodelist.render(context)
        # The same for every visitor of this form's shape, in this language.
        shape = repr(
            (type(form).__qualname__, [(name, f.required) for name, f in form.fields.items()])
        )
        digest = hashlib.blake2b(shape.encode(), digest_size=16).hexdigest()
        name = f"blank-form:{self.origin.name}:{self.token.lineno}:{get_language()}:{digest}"
        return versioned(name, lambda: self.nodelist.render(context))


@register.tag
def blankform(parser, token):
    """``{% blankform form %}…{% endblankform %}``: the fields of a form nobody has filled
    in yet are the same for every visitor, so their HTML (most of a form page's rendering)
    is kept under the content version. A bound form (errors, answers given back) or one
    with initial data renders as usual. Keep the CSRF token outside the block."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("{% blankform form %} takes one form")
    nodelist = parser.parse(("endblankform",))
    parser.delete_first_token()
    return BlankFormNode(parser.compile_filter(bits[1]), nodelist)
