"""Choices several apps share."""

import functools
import zoneinfo

from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.TextChoices):
    # Québec's seventeen administrative regions: proper names, the same in both languages.
    BAS_SAINT_LAURENT = "01", "Bas-Saint-Laurent"
    SAGUENAY = "02", "Saguenay–Lac-Saint-Jean"
    CAPITALE_NATIONALE = "03", "Capitale-Nationale"
    MAURICIE = "04", "Mauricie"
    ESTRIE = "05", "Estrie"
    MONTREAL = "06", "Montréal"
    OUTAOUAIS = "07", "Outaouais"
    ABITIBI = "08", "Abitibi-Témiscamingue"
    COTE_NORD = "09", "Côte-Nord"
    NORD_DU_QUEBEC = "10", "Nord-du-Québec"
    GASPESIE = "11", "Gaspésie–Îles-de-la-Madeleine"
    CHAUDIERE_APPALACHES = "12", "Chaudière-Appalaches"
    LAVAL = "13", "Laval"
    LANAUDIERE = "14", "Lanaudière"
    LAURENTIDES = "15", "Laurentides"
    MONTEREGIE = "16", "Montérégie"
    CENTRE_DU_QUEBEC = "17", "Centre-du-Québec"


# The IANA regions whose zones are places (Europe/Paris), not conventions (Etc/GMT+5, EST).
TIME_ZONE_REGIONS = {
    "Africa": _("Africa"),
    "America": _("America"),
    "Antarctica": _("Antarctica"),
    "Arctic": _("Arctic"),
    "Asia": _("Asia"),
    "Atlantic": _("Atlantic"),
    "Australia": _("Australia"),
    "Europe": _("Europe"),
    "Indian": _("Indian Ocean"),
    "Pacific": _("Pacific"),
}


@functools.cache  # reads the zone database's files: once per process
def _zones_by_region():
    groups = {}
    for key in sorted(zoneinfo.available_timezones()):
        region, _slash, place = key.partition("/")
        if region in TIME_ZONE_REGIONS and place:
            groups.setdefault(region, []).append((key, place.replace("_", " ").replace("/", " / ")))
    return groups


def time_zone_choices():
    """Every IANA zone named after a place, grouped by region (Europe: Paris…), for a model
    field's ``choices``: a callable, so migrations name it rather than copy ~400 zones that
    change with each release of the zone database."""
    groups = _zones_by_region()
    return [
        (label, groups[region]) for region, label in TIME_ZONE_REGIONS.items() if region in groups
    ]
