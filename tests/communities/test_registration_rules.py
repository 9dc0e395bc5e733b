"""Communities: seats, waitlist, draws, reminders, private links and retention."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from icalendar import Calendar
from wagtail.models import Site

from communities import services
from communities.models import (
    CommunityIndexPage,
    CommunityPage,
    CommunitySession,
    Lottery,
    Registration,
    ReservedSeats,
    SessionReminder,
)
from home.models import OutboxEmail
from tests.pages import count_queries

pytestmark = pytest.mark.django_db

NOW = timezone.now()
T = datetime.time


def make_index():
    home = Site.objects.get(is_default_site=True).root_page
    existing = CommunityIndexPage.objects.filter(slug="communautes").first()
    if existing:
        return existing
    index = CommunityIndexPage(
        title="Communautés de pratique", slug="communautes", privacy_notice="<p>Avis.</p>"
    )
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


def make_community(
    slug="copv",
    *,
    capacity=3,
    method="first-come",
    waitlist=True,
    opens=None,
    closes=None,
    sessions=None,
    reserved=(),
    levels=("secondary", "preschool-primary", "english"),
):
    index = make_index()
    community = CommunityPage(
        title=f"Communauté {slug}",
        slug=slug,
        kind="virtual",
        intro="Un groupe pour avancer ensemble.",
        description="<p>Description.</p>",
        school_levels=list(levels),
        audience_roles=["teacher"],
        capacity_max=capacity,
        waitlist_enabled=waitlist,
        selection_method=method,
        registration_opens_at=opens or NOW - datetime.timedelta(days=5),
        registration_closes_at=closes or NOW + datetime.timedelta(days=5),
    )
    day = timezone.localdate() + datetime.timedelta(days=20)
    community.sessions = sessions or [
        CommunitySession(
            date=day + datetime.timedelta(days=7 * n),
            start_time=T(16),
            end_time=T(17, 30),
            meeting_url=f"https://visio.example.org/{slug}-{n}",
            sort_order=n,
        )
        for n in range(3)
    ]
    community.reserved_seats = [
        ReservedSeats(school_level=level, seats=seats) for level, seats in reserved
    ]
    index.add_child(instance=community)
    community.save_revision().publish()
    return CommunityPage.objects.get(pk=community.pk)


def data(n, **overrides):
    return {
        "name": f"Personne {n}",
        "email": f"personne{n}@example.org",
        "role": "teacher",
        "organisation": "École Saint-Pierre",
        "region": "06",
        "school_level": "secondary",
        "project": "Un projet",
        "colleagues": "",
        **overrides,
    }


def register(community, n, now=None, **overrides):
    return services.register(
        community=community, data=data(n, **overrides), language="fr-ca", now=now
    )


def states(community):
    return list(
        Registration.objects.filter(community=community)
        .order_by("pk")
        .values_list("state", "waitlist_position")
    )


# First come, first served -------------------------------------------------------------------


def test_seats_in_order_then_waitlist_then_promotion():
    community = make_community(capacity=2)
    people = [register(community, n).registration for n in range(4)]
    assert states(community) == [
        ("selected", None),
        ("selected", None),
        ("waitlisted", 1),
        ("waitlisted", 2),
    ]
    services.confirm_seat(registration=people[0])
    services.decline_seat(registration=people[1])
    people[2].refresh_from_db()
    assert people[2].state == "selected"  # the first on the waitlist is offered the seat
    assert OutboxEmail.objects.filter(to=people[2].email, subject__icontains="").count() >= 2
    # Withdrawing a confirmed seat promotes the next one; withdrawing from the waitlist does not.
    services.withdraw(registration=people[0])
    people[3].refresh_from_db()
    assert people[3].state == "selected"
    with pytest.raises(services.TransitionRefused):
        services.confirm_seat(registration=Registration.objects.get(pk=people[1].pk))


def test_no_waitlist_refuses_when_full_and_closed_window_refuses():
    community = make_community(capacity=1, waitlist=False)
    register(community, 1)
    with pytest.raises(services.RegistrationRefused):
        register(community, 2)
    closed = make_community("fermee", closes=NOW - datetime.timedelta(hours=1))
    with pytest.raises(services.RegistrationRefused):
        register(closed, 3)
    assert not Registration.objects.filter(community=closed).exists()


def test_double_registration_answers_with_the_existing_link():
    community = make_community()
    first = register(community, 1)
    second = register(community, 1, email="PERSONNE1@example.org")
    assert second.created is False
    assert second.registration.pk == first.registration.pk
    assert second.token == first.token
    assert Registration.objects.filter(community=community).count() == 1
    resent = OutboxEmail.objects.filter(to="personne1@example.org").latest("pk")
    assert first.token in resent.body


def test_repeat_registrations_send_the_link_at_most_once_an_hour():
    community = make_community()
    first = register(community, 1, now=NOW)
    for minutes in (1, 2, 30, 59):
        register(community, 1, now=NOW + datetime.timedelta(minutes=minutes))
    emails = OutboxEmail.objects.filter(to="personne1@example.org").order_by("pk")
    assert emails.count() == 2  # the acknowledgement, then the link once
    register(community, 1, now=NOW + datetime.timedelta(minutes=62))
    assert emails.count() == 3
    assert first.token in emails.last().body
    assert Registration.objects.filter(community=community).count() == 1


# Draw -------------------------------------------------------------------------------------


def drawn_community(n_eligible=5, capacity=2, reserved=(), levels=None):
    opens = NOW - datetime.timedelta(days=10)
    community = make_community(
        "tirage",
        capacity=capacity,
        method="draw",
        opens=opens,
        closes=NOW - datetime.timedelta(days=1),
        reserved=reserved,
    )
    during = opens + datetime.timedelta(days=1)
    people = [
        register(
            community, n, now=during, school_level=(levels or ["secondary"] * n_eligible)[n]
        ).registration
        for n in range(n_eligible)
    ]
    outsider = register(community, 99, now=during).registration
    services.set_eligibility(registrations=people, eligible=True)
    services.set_eligibility(registrations=[outsider], eligible=False)
    return community, people, outsider


def test_draw_is_stored_reproducible_and_emails_everyone():
    community, people, outsider = drawn_community()
    assert all(r.state == "pending" for r in Registration.objects.filter(community=community))
    lottery = services.draw_lottery(community=community, seed=42)
    assert lottery.seed == 42 and lottery.order == services.draw_order(
        eligible_ids=list(reversed(lottery.eligible_ids)), seed=42
    )
    assert services.replay(lottery=lottery)
    assert sorted(lottery.eligible_ids) == sorted(p.pk for p in people)
    assert lottery.winner_ids == lottery.order[:2]
    rows = {r.pk: r for r in Registration.objects.filter(community=community)}
    assert [rows[pk].state for pk in lottery.order] == ["selected", "selected"] + ["waitlisted"] * 3
    assert [rows[pk].waitlist_position for pk in lottery.order[2:]] == [1, 2, 3]
    assert rows[outsider.pk].state == "not-selected"
    assert OutboxEmail.objects.filter(to=outsider.email).count() == 2  # received + result
    with pytest.raises(services.LotteryRefused):
        services.draw_lottery(community=community, seed=1)
    # The public page says when it took place and how many applied for how many seats.
    html = make_client().get(community.url).content.decode()
    assert "6" in html and str(lottery.seats) in html and "Personne" not in html


def make_client():
    from django.test import Client

    return Client()


def test_draw_refused_before_closing_and_with_unassessed_registrations():
    community = make_community("ouverte", method="draw")
    register(community, 1)
    with pytest.raises(services.LotteryRefused):
        services.draw_lottery(community=community, seed=1)
    late, people, _outsider = drawn_community()
    Registration.objects.filter(pk=people[0].pk).update(eligible=None)
    with pytest.raises(services.LotteryRefused, match="1"):
        services.draw_lottery(community=late, seed=1)
    assert not Lottery.objects.exists()


def test_draw_is_fair_and_honours_reserved_seats():
    ids = list(range(1, 6))
    wins = dict.fromkeys(ids, 0)
    for seed in range(300):
        for pk in services.pick_winners(
            order=services.draw_order(eligible_ids=ids, seed=seed),
            level_of=dict.fromkeys(ids, "secondary"),
            seats=2,
            reserved=[],
        ):
            wins[pk] += 1
    assert all(count > 0 for count in wins.values())
    assert services.draw_order(eligible_ids=ids, seed=1) != services.draw_order(
        eligible_ids=ids, seed=2
    ) or services.draw_order(eligible_ids=ids, seed=3) != services.draw_order(
        eligible_ids=ids, seed=1
    )
    # One seat reserved for the English-language sector: its only candidate always wins.
    levels = {1: "secondary", 2: "secondary", 3: "secondary", 4: "english"}
    for seed in range(50):
        order = services.draw_order(eligible_ids=list(levels), seed=seed)
        winners = services.pick_winners(
            order=order, level_of=levels, seats=2, reserved=[("english", 1)]
        )
        assert 4 in winners and len(winners) == 2


def test_draw_command_replays_the_seed():
    community, _people, outsider = drawn_community()
    out = StringIO()
    call_command("draw_lottery", community.slug, "--seed", "7", stdout=out)
    lottery = Lottery.objects.get(community=community)
    assert lottery.order == services.draw_order(eligible_ids=lottery.eligible_ids, seed=7)
    assert outsider.pk not in lottery.winner_ids
    assert "7" in out.getvalue()


# Reminders --------------------------------------------------------------------------------


def confirmed_participant(community, n=1):
    registration = register(community, n).registration
    services.confirm_seat(registration=registration)
    return registration


def test_reminders_once_per_person_and_session_even_after_a_move():
    community = make_community()
    participant = confirmed_participant(community)
    waiting = register(community, 2).registration  # selected, not confirmed: no link
    session = community.get_sessions().first()
    too_early = session.starts_at - datetime.timedelta(hours=30)
    assert services.send_session_reminders(now=too_early) == 0
    due = session.starts_at - datetime.timedelta(hours=23)
    assert services.send_session_reminders(now=due) == 1
    assert services.send_session_reminders(now=due) == 0
    call_command("send_session_reminders", stdout=StringIO())
    assert SessionReminder.objects.filter(registration=participant).count() == 1
    assert not SessionReminder.objects.filter(registration=waiting).exists()
    email = OutboxEmail.objects.filter(to=participant.email, attachments__isnull=False).latest("pk")
    assert session.meeting_url in email.body
    invitation = Calendar.from_ical(email.attachments[0]["content"])
    event = next(iter(invitation.walk("VEVENT")))
    assert str(event["dtstart"].dt.tzinfo) == "America/Toronto"
    assert session.meeting_url in str(event["description"])

    # The second session is moved three days later: its reminder follows, still once.
    second = community.get_sessions()[1]
    CommunitySession.objects.filter(pk=second.pk).update(
        date=second.date + datetime.timedelta(days=3)
    )
    second.refresh_from_db()
    old_due = second.starts_at - datetime.timedelta(days=3, hours=2)
    assert services.send_session_reminders(now=old_due) == 0
    new_due = second.starts_at - datetime.timedelta(hours=2)
    assert services.send_session_reminders(now=new_due) == 1
    assert services.send_session_reminders(now=new_due) == 0


# Pages, private links, calendars ----------------------------------------------------------


def test_public_pages_and_calendar_never_show_the_meeting_link(client):
    community = make_community()
    page = client.get(community.url).content.decode()
    assert "visio.example.org" not in page
    index = client.get("/communautes/").content.decode()
    assert community.title in index
    calendar = client.get(community.url + "seances.ics")
    assert calendar["Content-Type"].startswith("text/calendar")
    parsed = Calendar.from_ical(calendar.content)
    assert len(list(parsed.walk("VEVENT"))) == 3
    assert b"visio.example.org" not in calendar.content


def test_private_link_is_personal(client):
    community = make_community()
    other = make_community("autre")
    result = register(community, 1)
    url = community.url + f"inscription/{result.token}/"
    response = client.get(url)
    assert "Personne 1" in response.content.decode()
    assert "no-store" in response["Cache-Control"] and "noindex" in response["X-Robots-Tag"]
    assert client.get(other.url + f"inscription/{result.token}/").status_code == 404
    assert client.get(community.url + "inscription/" + "x" * 43 + "/").status_code == 404
    # Confirming through the link, then the personal calendar carries the meeting links.
    assert client.get(url + "seances.ics").status_code == 404
    client.post(url, {"action": "confirm"})
    result.registration.refresh_from_db()
    assert result.registration.state == "confirmed"
    feed = client.get(url + "seances.ics")
    assert b"visio.example.org" in feed.content
    # Withdrawing needs the box ticked.
    client.post(url, {"action": "withdraw"})
    result.registration.refresh_from_db()
    assert result.registration.state == "confirmed"
    client.post(url, {"action": "withdraw", "withdraw-confirm": "on"})
    result.registration.refresh_from_db()
    assert result.registration.state == "withdrawn"


def test_form_bad_input_keeps_answers_and_saves_nothing(client):
    community = make_community()
    url = community.url + "inscription/"
    answers = data(1, email="pas-une-adresse")
    response = client.post(url, answers)
    html = response.content.decode()
    assert response.status_code == 200 and "error-summary" in html
    assert 'aria-invalid="true"' in html
    assert "Un projet" in html and "Personne 1" in html
    assert "Entrez une adresse courriel comme prenom.nom@exemple.qc.ca." in html
    assert "Votre consentement est nécessaire pour vous inscrire." in html
    empty = client.post(url, {}).content.decode()
    assert "Cette réponse est obligatoire." in empty
    assert not Registration.objects.exists()
    # Honeypot, then a closed window: answers come back, nothing is recorded.
    client.post(url, {**data(2), "consent": "on", "website": "spam"})
    assert not Registration.objects.exists()
    community.registration_closes_at = NOW - datetime.timedelta(minutes=1)
    community.save_revision().publish()
    response = client.post(url, {**data(3), "consent": "on"})
    assert response.status_code == 409 and "Personne 3" in response.content.decode()
    assert not Registration.objects.exists()


def test_mail_server_down_loses_nothing(client, monkeypatch, django_capture_on_commit_callbacks):
    from django.core.mail import EmailMessage

    from home.mail import send_pending

    def broken(self, *args, **kwargs):
        raise ConnectionRefusedError("SMTP down")

    community = make_community()
    monkeypatch.setattr(EmailMessage, "send", broken)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(community.url + "inscription/", {**data(1), "consent": "on"})
    assert response.status_code == 302
    registration = Registration.objects.get()
    email = OutboxEmail.objects.get(to=registration.email)
    assert email.sent_at is None and "SMTP down" in email.last_error
    monkeypatch.undo()
    assert send_pending(include_not_due=True) == (1, 0)


def test_index_and_community_queries_do_not_grow(client):
    first = make_community("premiere")
    index_one = count_queries(client, "/communautes/")
    page_one = count_queries(client, first.url)
    for n in range(5):
        community = make_community(f"autre-{n}")
        for person in range(4):
            register(community, person + 10 * n)
    for person in range(6):
        register(first, 100 + person)
    first.sessions = [
        CommunitySession(
            date=timezone.localdate() + datetime.timedelta(days=30 + n),
            start_time=T(16),
            end_time=T(17),
            sort_order=n,
        )
        for n in range(10)
    ]
    first.save_revision().publish()
    assert count_queries(client, "/communautes/") == index_one
    assert count_queries(client, first.url) == page_one


# Retention --------------------------------------------------------------------------------


def test_purge_erases_registrations_of_communities_long_over(settings):
    settings.COMMUNITY_RETENTION_DAYS = 30
    old_day = timezone.localdate() - datetime.timedelta(days=60)
    old = make_community(
        "ancienne",
        opens=NOW - datetime.timedelta(days=100),
        closes=NOW - datetime.timedelta(days=90),
        sessions=[CommunitySession(date=old_day, start_time=T(9), end_time=T(12))],
    )
    recent = make_community("recente")
    during = NOW - datetime.timedelta(days=95)
    gone = register(old, 1, now=during).registration
    kept = register(recent, 2).registration
    out = StringIO()
    call_command("purge_personal_data", "--dry-run", stdout=out)
    gone.refresh_from_db()
    assert gone.name == "Personne 1"
    call_command("purge_personal_data", stdout=out)
    gone.refresh_from_db()
    kept.refresh_from_db()
    assert gone.name == gone.email == gone.project == "" and gone.personal_data_purged_at
    assert (gone.role, gone.region, gone.school_level) == ("teacher", "06", "secondary")
    assert kept.name == "Personne 2"
    assert "1 registration" in out.getvalue() or "1 inscription" in out.getvalue()
