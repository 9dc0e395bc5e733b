"""Files beside an edition's pages: its calendars at /colloque/<year>/programme.ics and
/colloque/<year>/programme/<id>.ics, its printable programme at /colloque/<year>/programme.pdf.

Wagtail's page routes all end with a slash, so these addresses are plain Django views
that find the edition through Wagtail's own routing (live, public, current language).
"""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from home.services import routed_page

from .models import EditionPage
from .services import calendar_response, programme_pdf_response


def _edition_at(request, path):
    """The live, public edition at this path (its main view, not a sub-route: the programme
    at …/programme/programme.pdf would be a second address of the same file)."""
    page, route = routed_page(request, path)
    if not isinstance(page, EditionPage):
        raise Http404
    # A routable page answers with (view, args, kwargs): only its main view is the edition.
    view, view_args, view_kwargs = route
    if getattr(view, "__name__", "") != "edition" or view_args or view_kwargs:
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


@require_GET
def programme_pdf(request, path):
    edition = _edition_at(request, path)
    items = list(edition.get_programme())
    if not items:  # nothing to print yet: the programme page says it is coming
        raise Http404
    return programme_pdf_response(edition=edition, items=items, request=request)
