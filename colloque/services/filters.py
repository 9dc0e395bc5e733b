"""How visitors filter an edition's programme: plain links by day, kind, theme, venue, room."""

import itertools
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.utils.translation import gettext_lazy

from home.formatting import format_date


@dataclass
class FilterOption:
    value: str
    label: str
    query: str
    selected: bool
    count: int = 0  # items shown once chosen, the other filters kept


# Each filter: its GET parameter, heading, and how many options make it worth showing
# (a single venue is no choice at all).
FILTER_GROUPS = (
    ("day", gettext_lazy("Day"), 2),
    ("kind", gettext_lazy("Kind"), 1),
    ("theme", gettext_lazy("Theme"), 1),
    ("venue", gettext_lazy("Venue"), 2),
    ("room", gettext_lazy("Room"), 2),
)
FILTER_NAMES = tuple(name for name, _heading, _minimum in FILTER_GROUPS)


def _facets(item):
    """{filter: {value: label}} for one programme item: what each filter can find it by."""
    from ..models import ProgrammeItemKind  # noqa: PLC0415 (colloque.models imports this module)

    return {
        "day": {item.day.isoformat(): format_date(item.day, weekday=True, year=False)},
        "kind": {item.kind: ProgrammeItemKind(item.kind).label},
        "theme": {theme.slug: theme.name for theme in item.themes.all()},
        "venue": {str(item.venue_id): item.venue.name} if item.venue_id else {},
        "room": {item.room: item.room} if item.room else {},
    }


@dataclass
class ProgrammeFilters:
    chosen: dict = field(default_factory=dict)  # {filter: value}, only those in use
    options: dict = field(default_factory=dict)

    @property
    def groups(self):
        """(name, heading, options) for each filter worth showing, in display order."""
        return [
            (name, heading, self.options[name])
            for name, heading, minimum in FILTER_GROUPS
            if len(self.options.get(name, ())) >= minimum or name in self.chosen
        ]

    @property
    def active(self):
        return bool(self.chosen)

    def matches(self, item, *, facets=None, ignoring=None):
        facets = facets or _facets(item)
        return all(value in facets[name] for name, value in self.chosen.items() if name != ignoring)


def programme_filters(*, items, params):
    """Filters offered as plain links, each with the number of items it would show: only
    values present in the programme, each link keeping the other filters and toggling its
    own. Several filters combine (a day and a room); an unknown value is ignored."""
    facets = [(item, _facets(item)) for item in items]
    values = {name: {} for name in FILTER_NAMES}
    for _item, found in facets:
        for name, labels in found.items():
            values[name].update(labels)
    chosen = {name: (params.get(name) or "").strip() for name in FILTER_NAMES}
    filters = ProgrammeFilters(
        chosen={name: value for name, value in chosen.items() if value in values[name]}
    )
    for name in FILTER_NAMES:
        # What each value would show with the other filters as they are.
        counts = Counter(
            value
            for item, found in facets
            if filters.matches(item, facets=found, ignoring=name)
            for value in found[name]
        )
        by_label = sorted(values[name].items(), key=lambda pair: str(pair[1]))
        ordered = sorted(values[name].items()) if name == "day" else by_label
        options = []
        for value, label in ordered:
            selected = filters.chosen.get(name) == value
            if not counts[value] and not selected:
                continue  # a link to an empty programme is no choice
            query = {k: v for k, v in filters.chosen.items() if k != name}
            if not selected:
                query[name] = value
            options.append(
                FilterOption(value, str(label), urlencode(query), selected, counts[value])
            )
        filters.options[name] = options
    return filters


def filter_programme(*, items, filters):
    """The items that match, grouped by day then ordered by time: [(day, [items])]."""
    matching = [item for item in items if filters.matches(item)]
    return [(day, list(group)) for day, group in itertools.groupby(matching, key=lambda i: i.day)]
