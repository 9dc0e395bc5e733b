"""Wagtail's read-only API v2: public pages, images and documents."""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Collection, CollectionViewRestriction

from .services import fts_safe


def public_collections():
    restricted = CollectionViewRestriction.objects.values_list("collection__path", flat=True)
    collections = Collection.objects.all()
    for path in restricted:
        collections = collections.exclude(path__startswith=path)
    return collections


MAX_SQL_INTEGER = 2**63 - 1


class SafeParametersMixin:
    """A NUL in a query parameter is a bad request (400), not a database error (PostgreSQL
    refuses NUL in text: a 500); `search` goes through the same guard as the site search,
    and an unknown `search_operator` or an offset past what SQL can count are bad requests too
    (Wagtail lets them raise a 500)."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        for key, values in request.GET.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                raise BadRequestError("query parameters cannot contain NUL characters")
        for name in ("offset", "limit"):  # past a 64-bit integer, SQL itself fails (a 500)
            value = request.GET.get(name, "").strip()
            # (the length first: Python refuses to read an integer of over 4,300 digits)
            if (
                value.isascii()
                and value.isdigit()
                and (len(value) > 19 or int(value) > MAX_SQL_INTEGER)
            ):
                raise BadRequestError(f"{name} is too large")
        operator = request.GET.get("search_operator")
        if operator is not None and operator.lower() not in ("and", "or"):
            raise BadRequestError("search_operator must be 'and' or 'or'")
        if "search" in request.GET:
            params = request._request.GET.copy()
            params["search"] = fts_safe(params["search"])
            if not params["search"].strip():  # nothing left to search for: the whole listing
                del params["search"]
            request._request.GET = params


class PublicPagesAPIViewSet(SafeParametersMixin, PagesAPIViewSet):
    pass


class PublicDocumentsAPIViewSet(SafeParametersMixin, DocumentsAPIViewSet):
    """Documents in a privacy-restricted collection stay out of the API."""

    def get_queryset(self):
        return super().get_queryset().filter(collection__in=public_collections())


class PublicImagesAPIViewSet(SafeParametersMixin, ImagesAPIViewSet):
    def get_queryset(self):
        return super().get_queryset().filter(collection__in=public_collections())


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
api_router.register_endpoint("images", PublicImagesAPIViewSet)
api_router.register_endpoint("documents", PublicDocumentsAPIViewSet)
