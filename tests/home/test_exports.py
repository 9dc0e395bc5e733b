"""One way to write values in exports and inspect views (home.exports)."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from home.exports import EMPTY, display_value, export_value

# 00:00 UTC is 19:00 the day before in Montréal (EST, UTC−5).
MIDNIGHT_UTC = datetime.datetime(2026, 3, 5, 0, 0, 0, 123456, tzinfo=datetime.UTC)


def test_csv_datetimes_are_local_iso_8601_with_offset_to_the_second():
    assert export_value(MIDNIGHT_UTC, "csv") == "2026-03-04T19:00:00-05:00"
    summer = datetime.datetime(2026, 7, 1, 12, 30, tzinfo=datetime.UTC)
    assert export_value(summer, "csv") == "2026-07-01T08:30:00-04:00"


def test_xlsx_datetimes_are_naive_local_datetimes():
    value = export_value(MIDNIGHT_UTC, "xlsx")
    assert value == datetime.datetime(2026, 3, 4, 19, 0, 0, 123456)
    assert value.tzinfo is None


def test_another_time_zone_can_be_asked_for():
    value = export_value(MIDNIGHT_UTC, "csv", time_zone=ZoneInfo("America/Vancouver"))
    assert value == "2026-03-04T16:00:00-08:00"


def test_dates_stay_dates():
    day = datetime.date(2026, 3, 4)
    assert export_value(day, "xlsx") == day
    assert export_value(day, "csv") == "2026-03-04"


def test_booleans_are_words_in_the_active_language():
    assert export_value(True, "csv") == "Oui"
    assert export_value(False, "xlsx") == "Non"
    with translation.override("en"):
        assert export_value(True, "csv") == "Yes"
        assert export_value(False, "csv") == "No"


@pytest.mark.parametrize(
    ("value", "csv", "xlsx"),
    [
        (12, 12, 12),
        (Decimal("3.50"), "3,50", Decimal("3.50")),
        (2.5, "2,5", 2.5),
        (None, "", ""),
    ],
)
def test_numbers_read_as_in_a_french_spreadsheet(value, csv, xlsx):
    assert export_value(value, "csv") == csv
    assert export_value(value, "xlsx") == xlsx


def test_text_is_still_defused():
    assert export_value("=1+1", "csv") == "'=1+1"
    assert export_value(["a", "b"], "csv") == "a, b"


def test_display_values_for_people():
    assert display_value(None) == EMPTY
    assert display_value("") == EMPTY
    assert display_value(True) == "Oui"
    assert display_value(False) == "Non"
    assert display_value(MIDNIGHT_UTC) == "4 mars 2026 à 19\u00a0h"
    with translation.override("en"):
        assert display_value(False) == "No"
