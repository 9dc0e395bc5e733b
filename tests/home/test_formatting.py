"""Dates, times and French typography (home.formatting): OQLF French, Canadian English."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from icalendar import Calendar

from communities import services as community_services
from communities.models import CommunityPage
from factories.colloque import ColloqueIndexPageFactory, EditionPageFactory, ProgrammeItemFactory
from factories.communities import CommunityIndexPageFactory, create_community, person, session
from home.admin.messages import MessageForm
from home.blocks import BodyBlock
from home.formatting import (
    format_date,
    format_date_range,
    format_datetime,
    format_month,
    format_session,
    format_time,
    format_time_range,
    typography,
)
from home.mail import one_line, render_email
from home.models import OutboxEmail

NBSP, NNBSP = "\u00a0", "\u202f"
T = datetime.time
D = datetime.date
TORONTO = ZoneInfo("America/Toronto")


def spaced(text):
    """Write expectations with "~" for U+00A0 and "^" for U+202F."""
    return text.replace("~", NBSP).replace("^", NNBSP)


def visible(html):
    """The text a reader sees: no markup, nor data blocks (JSON-LD writes ISO times)."""
    html = re.sub(r"<script\b.*?</script>", "", html, flags=re.S)
    return re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", "", html))  # keeps U+00A0


# Times -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "french", "english"),
    [
        (T(16), "16~h", "4~p.m."),
        (T(16, 30), "16~h~30", "4:30~p.m."),
        (T(16, 5), "16~h~05", "4:05~p.m."),
        (T(9), "9~h", "9~a.m."),
        (T(12), "12~h", "noon"),
        (T(0), "0~h", "midnight"),
        (T(0, 15), "0~h~15", "12:15~a.m."),
        (T(12, 45), "12~h~45", "12:45~p.m."),
    ],
)
def test_times(value, french, english):
    assert format_time(value, language="fr-ca") == spaced(french)
    assert format_time(value, language="en") == spaced(english)


@pytest.mark.parametrize(
    ("start", "end", "french", "english"),
    [
        (T(16), T(17, 30), "de 16~h à 17~h~30", "4 to 5:30~p.m."),
        (T(16, 30), T(17, 30), "de 16~h~30 à 17~h~30", "4:30 to 5:30~p.m."),
        (T(11), T(13), "de 11~h à 13~h", "11~a.m. to 1~p.m."),
        (T(10), T(12), "de 10~h à 12~h", "10~a.m. to noon"),
        (T(12), T(13, 30), "de 12~h à 13~h~30", "noon to 1:30~p.m."),
        (T(9), T(10, 15), "de 9~h à 10~h~15", "9 to 10:15~a.m."),
    ],
)
def test_time_ranges(start, end, french, english):
    assert format_time_range(start, end, language="fr") == spaced(french)
    assert format_time_range(start, end, language="en") == spaced(english)


def test_a_range_without_an_end_is_its_start():
    assert format_time_range(T(16), None, language="fr") == spaced("16~h")


def test_the_active_language_is_the_default():
    with translation.override("en"):
        assert format_time(T(16, 30)) == spaced("4:30~p.m.")
    with translation.override("fr-ca"):
        assert format_time(T(16, 30)) == spaced("16~h~30")


# Dates -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "french", "english"),
    [
        (D(2027, 2, 1), "1er février 2027", "February 1, 2027"),
        (D(2027, 2, 11), "11 février 2027", "February 11, 2027"),
        (D(2027, 2, 21), "21 février 2027", "February 21, 2027"),
        (D(2027, 3, 31), "31 mars 2027", "March 31, 2027"),
        (D(2026, 8, 1), "1er août 2026", "August 1, 2026"),
    ],
)
def test_dates_with_the_ordinal_on_the_first_only(day, french, english):
    assert format_date(day, language="fr") == french
    assert format_date(day, language="en") == english


def test_dates_with_a_weekday_or_without_the_year():
    monday = D(2027, 2, 1)
    assert format_date(monday, language="fr", weekday=True) == "lundi 1er février 2027"
    assert format_date(monday, language="en", weekday=True) == "Monday, February 1, 2027"
    assert format_date(monday, language="fr", year=False) == "1er février"
    assert format_date(monday, language="en", year=False) == "February 1"
    assert format_month(monday, language="fr") == "février 2027"
    assert format_month(monday, language="en") == "February 2027"
    assert format_date(None) == ""


@pytest.mark.parametrize(
    ("start", "end", "french", "english"),
    [
        (D(2027, 2, 1), D(2027, 2, 3), "du 1er au 3 février 2027", "February 1 to 3, 2027"),
        (
            D(2027, 1, 30),
            D(2027, 2, 2),
            "du 30 janvier au 2 février 2027",
            "January 30 to February 2, 2027",
        ),
        (
            D(2026, 12, 30),
            D(2027, 1, 1),
            "du 30 décembre 2026 au 1er janvier 2027",
            "December 30, 2026, to January 1, 2027",
        ),
        (D(2027, 2, 1), D(2027, 2, 1), "1er février 2027", "February 1, 2027"),
        (D(2027, 2, 1), None, "1er février 2027", "February 1, 2027"),
    ],
)
def test_date_ranges(start, end, french, english):
    assert format_date_range(start, end, language="fr") == french
    assert format_date_range(start, end, language="en") == english


def test_aware_datetimes_are_shown_in_toronto_time_naive_ones_as_they_are():
    winter = datetime.datetime(2027, 2, 1, 21, 30, tzinfo=datetime.UTC)  # EST, UTC-5
    summer = datetime.datetime(2027, 7, 1, 20, 0, tzinfo=datetime.UTC)  # EDT, UTC-4
    late = datetime.datetime(2027, 2, 2, 3, 0, tzinfo=datetime.UTC)  # still the 1st in Québec
    assert format_datetime(winter, language="fr") == spaced("1er février 2027 à 16~h~30")
    assert format_datetime(winter, language="en") == spaced("February 1, 2027, at 4:30~p.m.")
    assert format_datetime(summer, language="fr") == spaced("1er juillet 2027 à 16~h")
    assert format_date(late, language="fr") == "1er février 2027"
    assert format_time(late, language="en") == "10\u00a0p.m."
    naive = datetime.datetime(2027, 2, 1, 16, 30)
    assert format_datetime(naive, language="fr") == spaced("1er février 2027 à 16~h~30")
    local = datetime.datetime(2027, 2, 1, 16, 30, tzinfo=TORONTO)
    assert format_time_range(local, local + datetime.timedelta(hours=1), language="en") == (
        spaced("4:30 to 5:30~p.m.")
    )


def test_a_session_on_one_day():
    assert format_session(D(2027, 2, 2), T(16), T(17, 30), language="fr") == spaced(
        "Mardi 2 février 2027, de 16~h à 17~h~30"
    )
    assert format_session(D(2027, 2, 2), T(16), T(17, 30), language="en") == spaced(
        "Tuesday, February 2, 2027, 4 to 5:30~p.m."
    )


# Typography ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Inscription : ouverte", "Inscription~: ouverte"),
        ("Inscription: ouverte", "Inscription~: ouverte"),
        ("Merci ! Vraiment ? Oui ; non.", "Merci^! Vraiment^? Oui^; non."),
        ("Merci!", "Merci^!"),
        ("Quoi ?!", "Quoi^?!"),
        ("« Atelier »", "«~Atelier~»"),
        ("«Atelier»", "«~Atelier~»"),
        ("Titre « Atelier » : salle 2", "Titre «~Atelier~»~: salle 2"),
        ("Rencontres :\n- une", "Rencontres~:\n- une"),
        ("Heure : 16:30, ratio 1:2", "Heure~: 16:30, ratio 1:2"),
        ("Lien : https://exemple.ca/a?b=1&c=2#x:y", "Lien~: https://exemple.ca/a?b=1&c=2#x:y"),
        ("Voir www.exemple.ca/?q=1 !", "Voir www.exemple.ca/?q=1^!"),
        ("Courriel : info@exemple.ca", "Courriel~: info@exemple.ca"),
        ("%(label)s : %(count)d !", "%(label)s~: %(count)d^!"),
        ("Sourire ;) et :-)", "Sourire ;) et :-)"),
        ("AT&amp;T : oui", "AT&amp;T~: oui"),
    ],
)
def test_french_typography(text, expected):
    result = typography(text, language="fr")
    assert result == spaced(expected)
    assert typography(result, language="fr") == result  # idempotent


def test_typography_leaves_markup_alone():
    html = (
        '<p><a href="https://exemple.ca/?q=1" title="Note : oui ?">Lien</a>: voir '
        "<code>a : b ?</code> <strong>Attention</strong> !</p>"
        "<!-- note : rien --><script>x ? y : z;</script>"
    )
    result = typography(mark_safe(html), language="fr")
    assert isinstance(result, SafeString)
    assert result == spaced(
        '<p><a href="https://exemple.ca/?q=1" title="Note : oui ?">Lien</a>~: voir '
        "<code>a : b ?</code> <strong>Attention</strong>^!</p>"
        "<!-- note : rien --><script>x ? y : z;</script>"
    )
    assert typography(result, language="fr") == result


def test_english_has_no_french_typography():
    assert typography("Note: yes! « x »", language="en") == "Note: yes! « x »"
    with translation.override("en"):
        assert typography("Note : oui !") == "Note : oui !"


def test_the_catalogue_writes_french_with_its_spaces():
    with translation.override("fr-ca"):
        assert translation.gettext("Registration:") == spaced("Inscriptions~:")
        assert translation.gettext("Who can take part?") == spaced("Qui peut participer^?")


# Templates -------------------------------------------------------------------------------


def render(source, language, **context):
    with translation.override(language):
        return Template("{% load formatting %}" + source).render(Context(context))


def test_template_filters_in_both_languages():
    source = (
        "{{ day|format_date }}|{{ day|format_date:'weekday' }}|{{ day|format_date:'no-year' }}|"
        "{{ start|format_time }}|{{ start|time_range:end }}|{{ moment|format_datetime }}|"
        "{{ day|date_range:last }}|{{ day|format_month }}"
    )
    context = {
        "day": D(2027, 2, 1),
        "last": D(2027, 2, 3),
        "start": T(16),
        "end": T(17, 30),
        "moment": datetime.datetime(2027, 2, 1, 21, 30, tzinfo=datetime.UTC),
    }
    assert render(source, "fr-ca", **context).split("|") == [
        "1er février 2027",
        "lundi 1er février 2027",
        "1er février",
        spaced("16~h"),
        spaced("de 16~h à 17~h~30"),
        spaced("1er février 2027 à 16~h~30"),
        "du 1er au 3 février 2027",
        "février 2027",
    ]
    assert render(source, "en", **context).split("|") == [
        "February 1, 2027",
        "Monday, February 1, 2027",
        "February 1",
        spaced("4~p.m."),
        spaced("4 to 5:30~p.m."),
        spaced("February 1, 2027, at 4:30~p.m."),
        "February 1 to 3, 2027",
        "February 2027",
    ]


def test_time_range_html_marks_each_time():
    source = "{% time_range_html day start end capfirst=True %}"
    html = render(source, "fr-ca", day=D(2027, 2, 1), start=T(16), end=T(17, 30))
    assert html == spaced(
        'De <time datetime="2027-02-01T16:00">16~h</time> à '
        '<time datetime="2027-02-01T17:30">17~h~30</time>'
    )
    html = render(source, "en", day=D(2027, 2, 1), start=T(16), end=T(17, 30))
    assert html == spaced(
        '<time datetime="2027-02-01T16:00">4</time> to '
        '<time datetime="2027-02-01T17:30">5:30~p.m.</time>'
    )


def test_typography_filter_in_templates():
    source = "{% filter typography %}<b>Note</b>: {{ text }}{% endfilter %}"
    assert render(source, "fr-ca", text="<i>oui</i> !") == spaced(
        "<b>Note</b>~: &lt;i&gt;oui&lt;/i&gt;^!"
    )
    assert render(source, "en", text="yes!") == "<b>Note</b>: yes!"


# Email -----------------------------------------------------------------------------------


def test_email_subjects_keep_their_non_breaking_spaces():
    assert (
        one_line(" Inscription\u00a0:\n  Lire\tau primaire \n")
        == "Inscription\u00a0: Lire au primaire"
    )
    form = MessageForm(
        data={"audience": "all", "subject": "Rappel\u00a0:\n pour {nom}", "body": "x"},
        audiences=[("all", "Tous")],
        placeholders="",
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["subject"] == "Rappel\u00a0: pour {nom}"


@pytest.mark.django_db
def test_staff_text_in_a_french_email_gets_french_typography(home_page):
    index = CommunityIndexPageFactory(parent=home_page)
    community = create_community(index)
    context = {
        "community": community,
        "registration": None,
        "body": "Bonjour Amélie,\n\nVotre page : https://exemple.ca/?a=1 !",
        "subject": "Rappel : demain",
        "status_url": "https://exemple.ca/x",
    }
    subject, body = render_email(
        template="communities/emails/staff_message", context=context, language="fr-ca"
    )
    assert subject == spaced("Rappel~: demain")
    assert spaced("Votre page~: https://exemple.ca/?a=1^!") in body
    subject, body = render_email(
        template="communities/emails/staff_message", context=context, language="en"
    )
    assert subject == "Rappel : demain"  # English text is left as typed


# Pages, emails and calendars -------------------------------------------------------------


@pytest.fixture
def community(home_page):
    index = CommunityIndexPageFactory(parent=home_page)
    return create_community(
        index,
        sessions=[
            session(20, (16, 30), (18, 0), topic="Lancement", meeting_url="https://visio.ex/1"),
            session(27, (9, 0), (12, 0), topic="Bilan", meeting_url="https://visio.ex/2"),
        ],
    )


@pytest.mark.django_db
def test_community_page_times_in_french_and_english(client, community, english, english_home):
    html = visible(client.get(community.url).content.decode())
    first = community.get_sessions()[0]
    assert spaced("de 16~h~30 à 18~h") in html
    assert spaced("de 9~h à 12~h") in html
    assert format_date(first.date, language="fr", weekday=True).capitalize() in html
    assert "16:30" not in html

    index = community.get_parent()
    index.specific.copy_for_translation(english).save_revision().publish()
    translated = community.copy_for_translation(english)
    translated.save_revision().publish()
    html = visible(client.get(CommunityPage.objects.get(pk=translated.pk).url).content.decode())
    assert spaced("4:30 to 6~p.m.") in html
    assert spaced("9~a.m. to noon") in html
    assert format_date(first.date, language="en", weekday=True) in html


@pytest.mark.django_db
def test_programme_page_times_in_french(client, home_page):
    series = ColloqueIndexPageFactory(parent=home_page)
    edition = EditionPageFactory(parent=series, year=2024)
    ProgrammeItemFactory(
        edition=edition, title="Ouverture", start_time=T(9), end_time=T(9, 30)
    ).save()
    ProgrammeItemFactory(
        edition=edition, title="Atelier", start_time=T(16, 30), end_time=T(17)
    ).save()
    edition.save_revision().publish()
    html = client.get("/colloque/2024/programme/").content.decode()
    assert '<time datetime="2024-11-21T16:30-05:00">16\u00a0h\u00a030</time>' in html
    text = visible(html)
    assert spaced("De 9~h à 9~h~30") in text
    assert spaced("De 16~h~30 à 17~h") in text
    assert "Jeudi 21 novembre 2024" in text


@pytest.mark.django_db
def test_confirmation_emails_list_sessions_in_each_language(community):
    community_services.register(community=community, data=person(1), language="fr-ca")
    community_services.register(community=community, data=person(2), language="en")
    french = OutboxEmail.objects.get(to="personne1@example.org")
    english = OutboxEmail.objects.get(to="personne2@example.org")
    first = community.get_sessions()[0]
    assert (
        "- " + format_session(first.date, first.start_time, first.end_time, language="fr")
        in french.body
    )
    assert spaced(", de 16~h~30 à 18~h — Lancement") in french.body
    assert spaced("Une place est à vous~: ") in french.subject
    assert spaced(", 4:30 to 6~p.m. — Launch") not in english.body  # topics are not translated
    assert spaced(", 4:30 to 6~p.m. — Lancement") in english.body
    assert "A seat is yours: " in english.subject


@pytest.mark.django_db
def test_ics_descriptions_in_french_typography(community):
    sessions = community_services.public_sessions(community=community)
    calendar = community_services.build_calendar(
        community=community, sessions=sessions, meeting_links=True
    )
    events = list(Calendar.from_ical(calendar.to_ical()).walk("VEVENT"))
    description = str(events[0]["DESCRIPTION"])
    assert description == "Lancement\n\n" + spaced("Lien de la rencontre~: https://visio.ex/1")
    assert str(events[0]["SUMMARY"]) == f"{community.title} — rencontre 1"
    with translation.override("en"):
        calendar = community_services.build_calendar(
            community=community, sessions=sessions, meeting_links=True
        )
    events = list(Calendar.from_ical(calendar.to_ical()).walk("VEVENT"))
    assert str(events[0]["DESCRIPTION"]) == "Lancement\n\nMeeting link: https://visio.ex/1"


@pytest.mark.django_db
def test_rich_text_blocks_get_french_typography_without_touching_markup():
    body = BodyBlock()
    value = body.to_python(
        [
            {
                "type": "paragraph",
                "value": '<p>Inscription : <a href="https://exemple.ca/?a=1">ici</a> !</p>',
            },
            {"type": "quote", "value": {"quote": "Former ? Outiller !", "attribution": ""}},
        ]
    )
    with translation.override("fr-ca"):
        french = str(value.render_as_block())
    assert spaced('Inscription~: <a href="https://exemple.ca/?a=1">ici</a>^!') in french
    assert spaced("Former^? Outiller^!") in french
    with translation.override("en"):
        english = str(value.render_as_block())
    assert 'Inscription : <a href="https://exemple.ca/?a=1">ici</a> !' in english
