"""Rules of the colloque: the programme (what the admin refuses, how visitors filter it, its
calendar export, its printable PDF), editions, speakers across editions, and partners (what
the public sees, and their approval).

Views, forms, the admin, the models' routes and the demo call these functions. One module per
concept, each importing only those below it (the layers contract in pyproject.toml); the
public API is re-exported here, where callers look for it.
"""

from .calendars import build_calendar, calendar_response
from .editions import choices_in_language, edition_year_taken, split_editions
from .filters import (
    FILTER_GROUPS,
    FILTER_NAMES,
    FilterOption,
    ProgrammeFilters,
    filter_programme,
    programme_filters,
)
from .partner_workflow import (
    PartnerProblem,
    PartnerState,
    approve_partner,
    filter_by_partner_state,
    partner_state,
    partners_for_admin,
    propose_partner,
    reject_partner,
    with_partner_state,
)
from .partners import (
    PAST_EDITIONS_PER_PAGE,
    PartnerGroup,
    edition_partner_groups,
    group_partner_listings,
    partner_search_section,
    partners_page,
    partners_page_listing,
    search_partners,
)
from .printable import programme_pdf, programme_pdf_response
from .programme import (
    PROGRAMME_TIME_ZONE,
    ProgrammeSlot,
    day_neighbours,
    edition_speakers,
    item_in_translation,
    item_slug,
    item_time_zone,
    programme_problems,
    programmes_by_edition,
    public_editions,
    public_programme_items,
    public_speakers,
)
from .search import programme_search_section, reindex_speakers_of
from .speakers import (
    SpeakerEditions,
    series_editions,
    series_speakers,
    speaker_in_translations,
    speaker_pages_by_series,
    speaker_programme,
    speaker_slug,
    speakers_series,
)

__all__ = [
    "FILTER_GROUPS",
    "FILTER_NAMES",
    "PAST_EDITIONS_PER_PAGE",
    "PROGRAMME_TIME_ZONE",
    "FilterOption",
    "PartnerGroup",
    "PartnerProblem",
    "PartnerState",
    "ProgrammeFilters",
    "ProgrammeSlot",
    "SpeakerEditions",
    "approve_partner",
    "build_calendar",
    "calendar_response",
    "choices_in_language",
    "day_neighbours",
    "edition_partner_groups",
    "edition_speakers",
    "edition_year_taken",
    "filter_by_partner_state",
    "filter_programme",
    "group_partner_listings",
    "item_in_translation",
    "item_slug",
    "item_time_zone",
    "partner_search_section",
    "partner_state",
    "partners_for_admin",
    "partners_page",
    "partners_page_listing",
    "programme_filters",
    "programme_pdf",
    "programme_pdf_response",
    "programme_problems",
    "programme_search_section",
    "programmes_by_edition",
    "propose_partner",
    "public_editions",
    "public_programme_items",
    "public_speakers",
    "reindex_speakers_of",
    "reject_partner",
    "search_partners",
    "series_editions",
    "series_speakers",
    "speaker_in_translations",
    "speaker_pages_by_series",
    "speaker_programme",
    "speaker_slug",
    "speakers_series",
    "split_editions",
    "with_partner_state",
]
