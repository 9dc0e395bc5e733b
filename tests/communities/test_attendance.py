"""Attendance: facilitators mark each confirmed participant present, absent or excused at a
session; the roll works on a phone without JavaScript; the export and dashboard show it."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from communities import services
from communities.attendance import session_roll
from communities.models import Attendance
from factories.communities import session
from tests.pages import count_queries

from .conftest import register

pytestmark = pytest.mark.django_db


@pytest.fixture
def under_way(make_community):
    """A community whose first two sessions took place (7 and 14 days ago), the third ahead;
    Personne 1 and 2 confirmed, Personne 3 offered a seat (not confirmed)."""
    community = make_community(
        slug="en-cours",
        capacity_max=3,
        sessions=[
            session(-14, topic="Lancement"),
            session(-7, (9, 0), (12, 30), topic="Atelier"),
            session(14, topic="Bilan"),
        ],
    )
    people = [register(community, n).registration for n in (1, 2, 3)]
    for person in people[:2]:
        services.confirm_seat(registration=person)
    sessions = list(community.get_sessions())
    return community, sessions, people


def roll_url(session):
    return reverse("communities_session_roll", args=[session.pk])


def test_record_attendance_is_importable_from_services_and_corrects_a_mark(under_way, animation):
    _community, (first, _second, _third), (alice, _bruno, _chloe) = under_way
    from communities.services import record_attendance

    mark = record_attendance(session=first, registration=alice, status="absent", by=animation)
    assert (mark.status, mark.recorded_by) == ("absent", animation)
    mark = record_attendance(session=first, registration=alice, status="present", by=animation)
    assert Attendance.objects.get(session=first, registration=alice).status == "present"
    assert Attendance.objects.count() == 1


@pytest.mark.parametrize(
    ("who", "status", "message"),
    [
        (2, "present", "n’est pas une personne participante confirmée"),  # offered, not confirmed
        (0, "maybe", "Choisissez présence, absence ou absence motivée"),
    ],
)
def test_record_attendance_refuses_people_who_are_not_participants(
    under_way, animation, who, status, message
):
    _community, (first, *_), people = under_way
    with pytest.raises(services.AttendanceRefused, match=message):
        services.record_attendance(
            session=first, registration=people[who], status=status, by=animation
        )
    assert not Attendance.objects.exists()


def test_a_future_session_takes_only_excused_absences(under_way, animation):
    _community, (_first, _second, upcoming), (alice, bruno, _chloe) = under_way
    with pytest.raises(services.AttendanceRefused, match="pas encore commencé"):
        services.record_attendance(
            session=upcoming, registration=alice, status="present", by=animation
        )
    services.record_attendance(session=upcoming, registration=bruno, status="excused", by=animation)
    assert Attendance.objects.get().status == "excused"


def test_someone_from_another_community_is_refused(under_way, make_community, animation):
    _community, (first, *_), _people = under_way
    other = make_community(slug="autre")
    stranger = register(other, 9).registration
    services.confirm_seat(registration=stranger)
    with pytest.raises(
        services.AttendanceRefused, match="n’est pas inscrite à la communauté de cette rencontre"
    ):
        services.record_attendance(
            session=first, registration=stranger, status="present", by=animation
        )


def test_a_withdrawn_participant_keeps_and_may_correct_past_marks(under_way, animation):
    _community, (first, *_), (alice, _bruno, _chloe) = under_way
    services.record_attendance(session=first, registration=alice, status="absent", by=animation)
    services.withdraw(registration=alice)
    roll = session_roll(session=first)
    assert [line.registration.name for line in roll] == ["Personne 1", "Personne 2"]
    services.record_attendance(session=first, registration=alice, status="present", by=animation)
    assert Attendance.objects.get(registration=alice).status == "present"


def test_animation_takes_the_roll_of_a_session(client, under_way, animation):
    _community, (first, *_), (alice, bruno, chloe) = under_way
    client.force_login(animation)

    html = client.get(roll_url(first)).content.decode()
    # One fieldset per confirmed participant, named by its legend; the offered seat is not there.
    assert html.count('class="roll__choices"') == 2
    assert "<legend" in html and "Personne 1" in html and "Personne 2" in html
    assert "Personne 3" not in html
    assert f'name="mark_{alice.pk}" value="present"' in html
    assert "<script" not in html.split('id="main"')[-1].split("</main>")[0]

    response = client.post(
        roll_url(first), {f"mark_{alice.pk}": "present", f"mark_{bruno.pk}": "excused"}
    )
    assert response.status_code == 302
    marks = dict(Attendance.objects.values_list("registration_id", "status"))
    assert marks == {alice.pk: "present", bruno.pk: "excused"}
    assert Attendance.objects.filter(recorded_by=animation).count() == 2
    page = client.get(roll_url(first)).content.decode()
    assert "Présences enregistrées\u00a0: 2 changements." in page
    assert f'name="mark_{alice.pk}" value="present" checked' in page
    assert chloe.name not in page


def test_a_refused_mark_saves_nothing_and_keeps_every_choice(client, under_way, animation):
    _community, (_first, _second, upcoming), (alice, bruno, _chloe) = under_way
    client.force_login(animation)
    response = client.post(
        roll_url(upcoming), {f"mark_{alice.pk}": "present", f"mark_{bruno.pk}": "excused"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Rien n’a été enregistré" in html
    assert f'aria-describedby="mark-error-{alice.pk}"' in html
    assert f'name="mark_{bruno.pk}" value="excused" checked' in html
    assert not Attendance.objects.exists()


def test_the_attendance_page_lists_each_session_with_its_counts(client, under_way, animation):
    community, (first, second, _upcoming), (alice, bruno, _chloe) = under_way
    services.record_attendance(session=first, registration=alice, status="present", by=animation)
    services.record_attendance(session=first, registration=bruno, status="absent", by=animation)
    client.force_login(animation)
    html = client.get(reverse("communities_attendance", args=[community.pk])).content.decode()
    assert "Présences\u00a0: 1 · absences\u00a0: 1 · absences motivées\u00a0: 0" in html
    assert "Présences pas encore prises" in html  # the second session, started, unmarked
    assert roll_url(second) in html


def test_export_and_listing_show_attendance(client, under_way, animation):
    community, (first, second, _upcoming), (alice, bruno, _chloe) = under_way
    services.record_attendance(session=first, registration=alice, status="present", by=animation)
    services.record_attendance(session=second, registration=alice, status="present", by=animation)
    services.record_attendance(session=first, registration=bruno, status="excused", by=animation)
    client.force_login(animation)

    listing = client.get(reverse("registrations:index"), {"community": community.pk})
    html = listing.content.decode()
    assert "Présences\u00a0: 2 · absences\u00a0: 0 · motivées\u00a0: 0" in html
    assert "Présences\u00a0: 0 · absences\u00a0: 0 · motivées\u00a0: 1" in html

    response = client.get(reverse("registrations:index"), {"export": "csv"})
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    header, *rows = list(csv.reader(io.StringIO(content)))
    by_name = {row[header.index("Nom")]: row for row in rows}
    attended = header.index("Rencontres suivies")
    excused = header.index("Rencontres manquées, absence motivée")
    assert by_name["Personne 1"][attended] == "2"
    assert by_name["Personne 2"][excused] == "1"
    assert by_name["Personne 3"][attended] == "0"


def test_dashboard_shows_the_last_session_attendance(client, under_way, animation):
    _community, (_first, second, _upcoming), (alice, _bruno, _chloe) = under_way
    client.force_login(animation)
    html = client.get("/admin/").content.decode()
    assert "à prendre" in html
    services.record_attendance(session=second, registration=alice, status="present", by=animation)
    html = client.get("/admin/").content.decode()
    assert "présences\u00a0: 1, absences\u00a0: 0, motivées\u00a0: 0" in html
    assert "1 sans indication" in html
    assert roll_url(second) in html


def test_the_roll_costs_the_same_for_two_or_twenty_participants(client, make_community, animation):
    small = make_community(slug="petite", capacity_max=30, sessions=[session(-3)])
    big = make_community(slug="grande", capacity_max=30, sessions=[session(-3)])
    for n in range(2):
        services.confirm_seat(registration=register(small, n).registration)
    for n in range(20):
        services.confirm_seat(registration=register(big, 100 + n).registration)
    client.force_login(animation)
    small_session, big_session = small.sessions.get(), big.sessions.get()
    assert count_queries(client, roll_url(small_session)) == count_queries(
        client, roll_url(big_session)
    )


def test_listing_with_attendance_costs_the_same_for_one_or_many(client, make_community, animation):
    community = make_community(slug="liste", capacity_max=40, sessions=[session(-3), session(-2)])
    first = register(community, 0).registration
    services.confirm_seat(registration=first)
    client.force_login(animation)
    url = reverse("registrations:index")
    one = count_queries(client, url)
    now = timezone.now()
    for n in range(1, 25):
        person = register(community, n, now=now - datetime.timedelta(minutes=n)).registration
        services.confirm_seat(registration=person)
        for item in community.sessions.all():
            services.record_attendance(
                session=item, registration=person, status="present", by=animation
            )
    assert count_queries(client, url) == one


def test_attendance_is_in_the_export_on_request(under_way, animation):
    from home.personal_data import export_personal_data

    _community, (first, *_), (alice, _bruno, _chloe) = under_way
    services.record_attendance(session=first, registration=alice, status="present", by=animation)
    document = export_personal_data(email=alice.email)
    (registration,) = document["Inscriptions aux communautés"]
    assert registration["Présences"] == [
        {
            "Rencontre": first.date.isoformat(),
            "État": "Présence",
            "Notée le": registration["Présences"][0]["Notée le"],
        }
    ]
