"""Site-wide rules: what a visitor may find, in which language."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from wagtail.models import Locale, Page

SEARCH_RESULTS_PER_PAGE = 10


def paginate(items, *, page_number, per_page):
    """One page of ``items``; a missing or bad number gives the first page, too big the last."""
    paginator = Paginator(items, per_page)
    try:
        return paginator.page(page_number or 1)
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)


def search_pages(*, query, page_number=1, locale=None, per_page=SEARCH_RESULTS_PER_PAGE):
    """Search the live, public pages of one language; returns a page of results."""
    locale = locale or Locale.get_active()
    results = Page.objects.live().public().filter(locale=locale).specific().search(query)
    return paginate(results, page_number=page_number, per_page=per_page)
