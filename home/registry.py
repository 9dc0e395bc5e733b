"""What the base does for every app, and what each app gives it to do so.

The base (``home``) imports no domain app. Where it must act for all of them — a person's
data on request and its retention (Québec Law 25), the site-wide search, the API — each app
registers what it holds from its ``AppConfig.ready()``, as apps register with Django's
admin or Wagtail's hooks. The base then asks every registered app, in ``order``.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.utils.functional import Promise


@dataclass(frozen=True)
class PersonalDataSource:
    """One kind of record about a person, found by email address.

    - ``find(address)``: the records tied to a normalised (case-folded) address, in the
      order the export lists them;
    - ``export(record)``: what the person reads about one record, ``{label: value}``, called
      with French active;
    - ``erase(record)``: erases or anonymises it, inside the erasure's transaction;
    - ``counts(records)``: ``{kind: number}`` for the admin, this kind and those that go
      with it (a candidature's files, reviews...), labelled by ``labels``;
    - ``files(record)``: ``(path in the export, stored file)`` pairs copied into the export.
    """

    name: str
    label: Promise
    find: Callable[[str], list]
    export: Callable[[object], dict]
    erase: Callable[[object], None]
    counts: Callable[[list], dict] | None = None
    labels: dict = field(default_factory=dict)
    files: Callable[[object], Iterable] | None = None
    order: int = 100

    def count(self, records):
        return self.counts(records) if self.counts else {self.name: len(records)}

    def kind_labels(self):
        return {self.name: self.label, **self.labels}


@dataclass(frozen=True)
class RetentionReport:
    """What a retention purge erased (or would erase): one line per record or group, a
    summary, and what to say when there was nothing to erase (None: say nothing). Texts
    already translated."""

    lines: list
    summary: str | None = None
    nothing: str | None = None


@dataclass(frozen=True)
class RetentionPurge:
    """Erases what an app keeps past its retention delay: ``run(dry_run=...)`` returns a
    ``RetentionReport``."""

    name: str
    run: Callable[..., RetentionReport]
    order: int = 100


@dataclass(frozen=True)
class SearchSection:
    """Results of another kind than pages, shown beside them on the first page of results:
    ``template`` renders ``section`` (its ``items`` and ``context``)."""

    template: str
    items: list
    context: dict = field(default_factory=dict)


_personal_data: dict[str, PersonalDataSource] = {}
_retention: dict[str, RetentionPurge] = {}
_search: dict[str, Callable] = {}
_api_endpoints: dict[str, type] = {}


def register_personal_data(source):
    _personal_data[source.name] = source


def register_retention(purge):
    _retention[purge.name] = purge


def register_search(name, provider):
    """``provider(*, query, locale)`` returns a ``SearchSection``, or None when it has
    nothing for that query."""
    _search[name] = provider


def register_api_endpoint(name, viewset):
    """An endpoint of the read-only API at ``/api/v2/<name>/``: a viewset built on
    ``home.api.PublicModelAPIViewSet``, exposing public content only."""
    _api_endpoints[name] = viewset


def personal_data_sources():
    return sorted(_personal_data.values(), key=lambda source: source.order)


def retention_purges():
    return sorted(_retention.values(), key=lambda purge: purge.order)


def search_sections(*, query, locale):
    sections = (provider(query=query, locale=locale) for provider in _search.values())
    return [section for section in sections if section is not None and section.items]


def api_endpoints():
    """``{name: viewset}`` of the endpoints the apps registered, in registration order."""
    return dict(_api_endpoints)
