"""Wagtail's read-only API v2: public pages, images and documents, and the endpoints the
domain apps register (``home.registry.register_api_endpoint``): programme items, speakers,
community sessions. Never cached: ``/api/`` is outside the page cache."""

from django.core.exceptions import ValidationError
from django.db import models
from rest_framework.fields import Field
from wagtail.api.v2.filters import FieldsFilter, OrderingFilter
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Collection, CollectionViewRestriction, Locale

from .registry import api_endpoints
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
    (Wagtail lets them raise a 500), as is a word for `find/?id=`."""

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

    def find_object(self, queryset, request):
        positive_integer(request, "id")  # Wagtail's `find/?id=` raises on a word (a 500)
        return super().find_object(queryset, request)


class PublicPagesAPIViewSet(SafeParametersMixin, PagesAPIViewSet):
    pass


class PublicDocumentsAPIViewSet(SafeParametersMixin, DocumentsAPIViewSet):
    """Documents in a privacy-restricted collection stay out of the API."""

    def get_queryset(self):
        return super().get_queryset().filter(collection__in=public_collections())


class PublicImagesAPIViewSet(SafeParametersMixin, ImagesAPIViewSet):
    def get_queryset(self):
        return super().get_queryset().filter(collection__in=public_collections())


class SafeFieldsFilter(FieldsFilter):
    """Wagtail's filters by field (``?day=2024-11-21``), where a value the field cannot read
    (a day that is no date, a word for an id) is a bad request, not a 500."""

    def filter_queryset(self, request, queryset, view):
        try:
            for name in getattr(view, "filter_fields", ()):
                if name in request.GET:
                    self.check_range(queryset.model, name, request.GET[name])
            return super().filter_queryset(request, queryset, view)
        except (ValueError, ValidationError) as error:
            raise BadRequestError("field filter error: a value does not suit its field") from error

    @staticmethod
    def check_range(model, name, value):
        """A number the database cannot hold (``?community=99…9``) fails only once the query
        runs, past this filter: it is refused here, with the field's own range validators."""
        target = model._meta.get_field(name)
        while getattr(target, "target_field", None) not in (None, target):
            target = target.target_field  # a foreign key: the id it points to (a page's too)
        if isinstance(target, models.IntegerField):
            try:
                number = int(value)
            except ValueError:
                return  # not a number at all: Wagtail's filter refuses it
            target.run_validators(number)


def requested_locale(request):
    """The ``locale`` parameter's Locale (``fr``, ``fr-ca`` or ``en``, as Wagtail's API takes
    it), or None when not given; an unknown language is a bad request."""
    code = request.GET.get("locale")
    if code is None:
        return None
    try:
        return Locale.objects.get_for_language(code)
    except (LookupError, Locale.DoesNotExist) as error:
        raise BadRequestError("locale: unknown language") from error


def positive_integer(request, name):
    """The ``name`` parameter as a whole number, or None when not given; anything else (or
    more digits than SQL counts) is a bad request."""
    value = request.GET.get(name)
    if value is None:
        return None
    if not (value.isascii() and value.isdigit()) or len(value) > 19:
        raise BadRequestError(f"{name} must be a whole number")
    return int(value)


class ISODateTimeField(Field):
    """An aware datetime as its model gives it, in ISO 8601 with its offset (DRF's own
    field would move it to the server's zone)."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        return value.isoformat()


class ComputedField(Field):
    """A value ``function(instance, context)`` computes from the whole row (nested objects,
    absolute links)."""

    def __init__(self, function, **kwargs):
        self.function = function
        kwargs["read_only"] = True
        kwargs["source"] = "*"
        super().__init__(**kwargs)

    def to_representation(self, instance):
        return self.function(instance, self.context)


class PublicModelAPIViewSet(SafeParametersMixin, BaseAPIViewSet):
    """An endpoint of a domain app's rows (not pages), with Wagtail's listing and detail,
    ``fields``, ``order``, ``limit`` and ``offset`` (at most WAGTAILAPI_LIMIT_MAX).

    Filters and ``order`` take the fields named in ``filter_fields`` only, never every
    column: filtering on a private one (a meeting link) would let anyone guess it."""

    filter_backends = [SafeFieldsFilter, OrderingFilter]
    filter_fields = ("id",)

    @classmethod
    def get_available_fields(cls, model, db_fields_only=False):
        if db_fields_only:  # what filters and `order` accept
            return list(cls.filter_fields)
        return super().get_available_fields(model)


class PublicAPIRouter(WagtailAPIRouter):
    """Wagtail's endpoints, then those the domain apps registered from their
    ``AppConfig.ready()`` (the base imports no domain app). The URLs are built after every
    app is ready, at the first request."""

    def _add_registered(self):
        for name, viewset in api_endpoints().items():
            self._endpoints.setdefault(name, viewset)

    def get_model_endpoint(self, model):
        self._add_registered()
        return super().get_model_endpoint(model)

    def get_urlpatterns(self):
        self._add_registered()
        return super().get_urlpatterns()


api_router = PublicAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
api_router.register_endpoint("images", PublicImagesAPIViewSet)
api_router.register_endpoint("documents", PublicDocumentsAPIViewSet)
