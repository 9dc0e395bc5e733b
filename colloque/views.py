"""Calendar files at /colloque/<year>/programme.ics and /colloque/<year>/programme/<id>.ics.

Wagtail's page routes all end with a slash, so these two addresses are plain Django views
that find the edition through Wagtail's own routing (live, public, current language).
"""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET
from wagtail.models import Site

from .models import EditionPage
from .services import calendar_response


def _edition_at(request, path):
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    root = site.root_page.localized.specific
    components = [component for component in path.split("/") if component]
    page, _args, _kwargs = root.route(request, components)
    page = page.specific
    if not isinstance(page, EditionPage) or page.get_view_restrictions().exists():
        raise Http404
    return page


@require_GET
def programme_calendar(request, path):
    edition = _edition_at(request, path)
    return calendar_response(edition=edition, items=edition.get_programme(), request=request)


@require_GET
def item_calendar(request, path, item_id):
    edition = _edition_at(request, path)
    item = get_object_or_404(edition.get_programme(), pk=item_id)
    return calendar_response(edition=edition, items=[item], request=request)
