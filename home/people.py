"""One person across years: their registrations and candidatures in every community and
edition, found by email; records of the same person under another address or spelling,
merged onto one; then the export or erasure on request (home.personal_data) finds them all.

The base knows no domain app: apps register a PeopleSource with the
`register_people_source` hook, each shown only to those who may read its records.
"""

import unicodedata
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from wagtail import hooks

from .personal_data import normalize

HOOK = "register_people_source"


@dataclass
class PersonRecord:
    """One record held about someone, as the people view lists it."""

    source: str  # the source's name
    pk: int
    about: str  # the community, or the candidature and its edition
    year: int
    state: str
    name: str
    email: str
    submitted_at: object
    url: str = ""

    @property
    def key(self):
        return f"{self.source}:{self.pk}"


class MergeRefused(Exception):
    pass


@dataclass
class PeopleSource:
    """find(emails) and near(names, exclude) give PersonRecords; merge(pks, email, name, by)
    gives them one address and one name (raises MergeRefused); is_shown(user) says who may
    read them, may_merge(user) who may change them (reading is not changing)."""

    name: str
    label: str
    is_shown: object
    find: object
    near: object
    merge: object
    may_merge: object


def sources(*, user):
    found = [hook() for hook in hooks.get_hooks(HOOK)]
    return [source for source in found if source.is_shown(user)]


def can_see(*, user):
    return user.is_active and bool(sources(user=user))


def name_key(name):
    """How two spellings of one name compare: no accents, case or extra spaces."""
    decomposed = unicodedata.normalize("NFKD", name or "")
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.split()).casefold()


@dataclass
class Person:
    email: str
    records: list = field(default_factory=list)  # found at this address
    near: list = field(default_factory=list)  # same name, another address
    labels: dict = field(default_factory=dict)  # source name → label

    @property
    def names(self):
        """The spellings found, the most frequent first."""
        counts = {}
        for record in self.records + self.near:
            counts[record.name] = counts.get(record.name, 0) + 1
        return sorted(counts, key=lambda name: (-counts[name], name))

    @property
    def addresses(self):
        return sorted({record.email for record in self.records + self.near})

    @property
    def by_year(self):
        return sorted(self.records, key=lambda r: (-r.year, r.submitted_at or 0, r.key))

    @property
    def needs_merge(self):
        """Whether the records found disagree on the address or the name, or others look alike."""
        return bool(self.near) or len(self.addresses) > 1 or len(self.names) > 1


def find_person(*, email, user):
    """Every record the user may read at this address (any case), and those under another
    address with a name spelled the same (accents and case aside)."""
    wanted = normalize(email)
    person = Person(email=wanted)
    if not wanted:
        return person
    for source in sources(user=user):
        person.labels[source.name] = source.label
        person.records += source.find(emails={wanted})
    keys = {name_key(record.name) for record in person.records if record.name}
    for source in sources(user=user):
        person.near += source.near(names=keys, exclude={wanted})
    return person


def merge(*, email, name, keys, user):
    """Give the records `keys` ("source:pk") the address `email` and the name `name`, in one
    transaction (all or none). Returns how many changed; raises MergeRefused."""
    email = normalize(email)
    name = " ".join((name or "").split())
    if not email or not name:
        raise MergeRefused(_("Choose the address and the name to keep."))
    chosen = {}
    for key in keys:
        source_name, _sep, pk = key.partition(":")
        if pk.isdigit():
            chosen.setdefault(source_name, []).append(int(pk))
    by_name = {source.name: source for source in sources(user=user) if source.may_merge(user)}
    if set(chosen) - set(by_name):
        raise MergeRefused(_("You may not change some of these records."))
    changed = 0
    with transaction.atomic():
        for source_name, pks in chosen.items():
            changed += by_name[source_name].merge(pks=pks, email=email, name=name, by=user)
    return changed
