"""The printable programme: a PDF per edition and language at /colloque/<year>/programme.pdf,
from the programme page's data, linked from that page, cached and invalidated like it."""

import datetime
import io
import re

import pytest
from pypdf import PdfReader

from colloque import services
from factories.colloque import (
    EditionPageFactory,
    ProgrammeItemFactory,
    SpeakerFactory,
    VenueFactory,
    translate_edition,
)
from home.models import SiteSettings
from tests.pages import QUERY_BUDGET, count_queries

pytestmark = pytest.mark.django_db

URL = "/colloque/2024/programme.pdf"


def read(content):
    """(text of every page, reader): the words as a reader's PDF viewer finds them."""
    assert content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages), reader


@pytest.fixture
def organisation(site):
    settings = SiteSettings.for_site(site)
    settings.organisation_name = "Réseau des écoles expressives"
    settings.save()
    return settings.organisation_name


@pytest.fixture
def english_edition(english_home, edition, programme):
    return translate_edition(
        edition, english_home.locale, title="Colloque 2024 (EN)", theme="Expressive schools"
    )


def test_the_french_programme_prints_from_the_programme_pages_data(
    client, edition, programme, organisation
):
    edition.host_institution = "Cégep de Rimouski"
    edition.save_revision().publish()
    response = client.get(URL)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="colloque-2024-programme.pdf"'
    text, _reader = read(response.content)
    # The edition: its title, theme, dates, host and venues.
    assert "Programmation — Colloque 2024" in text
    assert "Des écoles expressives" in text
    assert "Du 21 au 22 novembre 2024" in text
    assert "Cégep de Rimouski" in text
    assert "École Alpha, 1 rue Principale, Montréal" in text
    assert organisation in text
    # Day by day, in programme order, with French times (their non-breaking spaces read
    # back as spaces: the font draws both with one glyph).
    thursday, friday = text.index("Jeudi 21 novembre 2024"), text.index("Vendredi 22 novembre 2024")
    assert thursday < text.index("Ouverture") < text.index("Atelier théâtre") < friday
    assert friday < text.index("Métacognition")
    assert "De 9 h à 9 h 30" in text
    assert "De 10 h à 11 h 30" in text
    assert "De 13 h à 14 h" in text
    # Kind, room and venue; speakers with their organisation.
    assert "Atelier · Salle 2, École Alpha" in text
    assert "Pecha Kucha · Auditorium, École Alpha" in text
    assert "Bibliothèque Beta" in text
    assert "Julie Ayroles (Université)" in text
    # The footer: where the programme lives online.
    assert "http://testserver/colloque/2024/programme/" in text


def test_metadata_say_what_and_whose_it_is(client, programme, organisation):
    _text, reader = read(client.get(URL).content)
    metadata = reader.metadata
    assert metadata.title == "Programmation — Colloque 2024"
    assert metadata.author == organisation
    assert metadata.subject == "Des écoles expressives"
    assert reader.trailer["/Root"]["/Lang"] == "fr-CA"
    assert reader.trailer["/Root"]["/ViewerPreferences"]["/DisplayDocTitle"]


def test_french_typography_and_text_typed_by_people_print_as_typed(client, edition, programme):
    item = edition.programme_items.get(pk=programme["workshop"].pk)
    item.title = "Théâtre : « jouer » l’école <b>&amp; Œuvre?"
    item.description = "Pourquoi jouer ? Parce que ; voilà !"
    item.save()
    text, _reader = read(client.get(URL).content)
    # Guillemets, colons, ? ; ! get their non-breaking spaces (read back as spaces); the
    # narrow ones are drawn as ordinary ones (the font has no glyph for U+202F).
    assert "Théâtre : « jouer » l’école <b>&amp; Œuvre ?" in text
    assert "Pourquoi jouer ? Parce que ; voilà !" in text


def test_the_english_edition_prints_in_english(client, english_edition, organisation):
    response = client.get("/en/colloque/2024/programme.pdf")
    assert response["Content-Disposition"] == 'inline; filename="colloque-2024-programme.pdf"'
    text, reader = read(response.content)
    assert "Programme — Colloque 2024 (EN)" in text
    assert "Expressive schools" in text
    assert "November 21 to 22, 2024" in text
    assert text.index("Thursday, November 21, 2024") < text.index("Friday, November 22, 2024")
    assert "9 to 9:30 a.m." in text
    assert "1 to 2 p.m." in text
    assert "Workshop · Salle 2, École Alpha" in text
    assert "Page 1 of 1" in text
    assert "http://testserver/en/colloque/2024/programme/" in text
    assert "Jeudi" not in text and "Programmation" not in text
    assert reader.metadata.title == "Programme — Colloque 2024 (EN)"
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_every_page_is_numbered_out_of_the_total(client, edition, english_edition):
    venue = VenueFactory(name="Grande salle")
    for index in range(40):
        ProgrammeItemFactory(
            edition=english_edition,
            title=f"Session {index}",
            venue=venue,
            description="A long description of what happens there. " * 8,
            start_time=datetime.time(8 + index % 10),
            end_time=datetime.time(9 + index % 10),
        )
    text, reader = read(client.get("/en/colloque/2024/programme.pdf").content)
    count = len(reader.pages)
    assert count > 2
    for number, page in enumerate(reader.pages, start=1):
        assert f"Page {number} of {count}" in page.extract_text()
    assert "Session 39" in text


def test_the_french_footer_numbers_pages_too(client, programme):
    _text, reader = read(client.get(URL).content)
    footer = reader.pages[0].extract_text()
    # « Page 1 de 1 » once the catalogue translates it; the numbers are there either way.
    assert re.search(r"Page 1 \w+ 1", footer)


def test_no_pdf_for_an_unknown_or_draft_edition_or_an_empty_programme(client, series, edition):
    assert client.get(URL).status_code == 404  # published, but nothing on its programme yet
    assert client.get("/colloque/2099/programme.pdf").status_code == 404
    draft = EditionPageFactory(parent=series, year=2025, live=False)
    ProgrammeItemFactory(edition=draft)
    assert client.get("/colloque/2025/programme.pdf").status_code == 404
    assert b"%PDF" not in client.get("/colloque/2025/programme.pdf").content


def test_one_address_per_file(client, programme):
    """The edition's files answer at the edition's address only, not under its sub-pages."""
    assert client.get(URL).status_code == 200
    for path in (
        "programme/programme.pdf",
        "intervenants/programme.pdf",
        "programme/programme.ics",
    ):
        response = client.get(f"/colloque/2024/{path}")
        assert response.status_code == 404 and b"%PDF" not in response.content


def test_the_programme_page_links_to_it_once_there_is_a_programme(
    client, edition, programme, english_edition
):
    html = client.get("/colloque/2024/programme/").content.decode()
    link = (
        '<a href="/colloque/2024/programme.pdf" type="application/pdf">'
        "Programme à imprimer (PDF)</a>"
    )
    # The catalogue is regenerated after this change: accept its English source meanwhile.
    assert link in html or link.replace("Programme à imprimer", "Printable programme") in html
    # Filters narrow the page, not what there is to print.
    filtered = client.get("/colloque/2024/programme/", {"kind": "workshop"}).content.decode()
    assert 'href="/colloque/2024/programme.pdf"' in filtered
    english = client.get("/en/colloque/2024/programme/").content.decode()
    assert (
        '<a href="/en/colloque/2024/programme.pdf" type="application/pdf">'
        "Printable programme (PDF)</a>"
    ) in english


def test_no_link_without_a_programme(client, edition):
    html = client.get("/colloque/2024/programme/").content.decode()
    assert "programme.ics" in html  # the calendar links are there, the PDF's is not
    assert "programme.pdf" not in html


def test_queries_do_not_grow_with_the_programme(client, edition):
    venue, speaker = VenueFactory(), SpeakerFactory()
    first = ProgrammeItemFactory(edition=edition, venue=venue)
    first.speakers.add(speaker)
    first.save()
    one = count_queries(client, URL)
    for index in range(49):
        item = ProgrammeItemFactory(
            edition=edition,
            venue=venue,
            room=f"Salle {index}",
            day=edition.start_date + datetime.timedelta(days=index % 2),
            start_time=datetime.time(8 + index % 10),
            end_time=datetime.time(9 + index % 10),
        )
        item.speakers.add(SpeakerFactory(name=f"Intervenante {index}"))
        item.save()
    assert count_queries(client, URL) == one <= QUERY_BUDGET
    assert "Intervenante 48" in read(client.get(URL).content)[0]


def test_the_service_prints_without_a_request(edition, programme, organisation):
    text, reader = read(services.programme_pdf(edition=edition, items=edition.get_programme()))
    assert "Métacognition" in text and reader.metadata.author == organisation


def cached_text(client):
    """The PDF's text as a visitor gets it once stored (GET twice, as ``cached_get``)."""
    client.get(URL)
    response = client.get(URL)
    assert response["X-Page-Cache"] == "hit"
    return read(response.content)[0]


def test_a_cached_pdf_follows_its_programme(client, page_cache, edition, programme):
    """Served from the page cache like the calendar, and printed again once an item, a
    speaker or the programme changes."""
    assert "Atelier théâtre" in cached_text(client)
    item = edition.programme_items.get(pk=programme["workshop"].pk)
    item.title = "Atelier de théâtre forum"
    item.save()
    assert "Atelier de théâtre forum" in read(client.get(URL).content)[0]

    cached_text(client)
    speaker = programme["speaker"]
    speaker.organisation = "Université du Québec"
    speaker.save()
    assert "Julie Ayroles (Université du Québec)" in read(client.get(URL).content)[0]

    cached_text(client)
    edition.programme_items.add(ProgrammeItemFactory.build(edition=edition, title="Table ronde"))
    edition.save_revision().publish()
    assert "Table ronde" in read(client.get(URL).content)[0]
