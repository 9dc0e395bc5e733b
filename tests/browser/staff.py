"""The staff pages of issue 24 in a real browser, on a phone where the work happens there:
attendance, registrations by phone and on someone's behalf, messages, the calendar, next
year's edition, one person across years. Each is audited with axe-core (what the page adds
to Wagtail's admin: its main content).

Run from the one transactional browser test (test_visitor_journey.py): a second one would
start after the first's flush, without the site and locales the demo needs.
"""

import datetime
import re

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3, "is_mobile": True}


def _sign_in(chromium, demo_site, username, password, **options):
    context = chromium.new_context(locale="fr-CA", **options)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(demo_site + "/admin/login/")
    page.locator("[name=username]").fill(username)
    page.locator("[name=password]").fill(password)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/admin/$"))
    return context, page


# Wagtail's messages, once their fade-in has ended.
SETTLED = """() => [...document.querySelectorAll(".messages, .messages *")].every(
    (element) => element.getAnimations().every((a) => a.playState !== "running")
)"""


def _audit(axe, page):
    # Wagtail's messages fade in: audit the colours they settle on, not a frame of the fade
    # (white text on a still-pale background measured 1.06:1 once).
    page.wait_for_function(SETTLED)
    results = axe.run(page, context="#main")
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def staff_journey(demo_site, chromium, axe):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from colloque.models import EditionPage
    from communities import services
    from communities.models import Attendance, CommunityPage, CommunitySession, Registration
    from home.models import OutboxEmail

    users = get_user_model().objects
    facilitator = users.create_user("animation-24", password="journey-pass-24")
    facilitator.groups.add(Group.objects.get(name="Animation"))
    editor = users.create_user("communications-24", password="journey-pass-24")
    editor.groups.add(Group.objects.get(name="Communications"))

    # A community that met last week, with a confirmed participant.
    community = CommunityPage.objects.filter(locale__language_code="fr-ca").order_by("pk").first()
    past = CommunitySession.objects.create(
        community=community,
        date=timezone.localdate() - datetime.timedelta(days=7),
        start_time=datetime.time(16),
        end_time=datetime.time(17, 30),
        topic="Rencontre passée",
        sort_order=99,
    )
    participant = Registration.objects.filter(community=community, state="confirmed").first()
    if participant is None:
        participant = Registration.objects.filter(community=community, state="selected").first()
        services.confirm_seat(registration=participant)

    # Animation, on a phone: the roll of last week's session.
    context, page = _sign_in(chromium, demo_site, "animation-24", "journey-pass-24", **PHONE)
    page.goto(demo_site + f"/admin/communautes/seances/{past.pk}/presences/")
    assert page.get_by_role("group", name=participant.name).count() == 1
    _audit(axe, page)
    choice = page.get_by_role("group", name=participant.name).get_by_label("Présence", exact=True)
    box = choice.locator("xpath=..").bounding_box()
    assert box["height"] >= 44  # a target a thumb can hit (WCAG 2.5.8)
    choice.check()
    page.get_by_role("button", name="Enregistrer les présences").click()
    page.wait_for_url(re.compile(r"/presences/$"))
    assert "Présences enregistrées" in page.content()
    assert Attendance.objects.get(session=past, registration=participant).status == "present"
    # The attestation is now on the participant's private page.
    token = services.token_of(participant)
    private = community.url + community.reverse_subpage("registration", kwargs={"token": token})
    page.goto(demo_site + private)
    assert page.get_by_role("link", name="Télécharger mon attestation (PDF)").count() == 1

    # Someone phones: registered by the same rules, told by email with their link.
    page.goto(demo_site + f"/admin/inscriptions/new/?community={community.pk}")
    _audit(axe, page)
    page.locator("[name=name]").fill("Julie Bell")
    page.locator("[name=email]").fill("julie.bell@example.org")
    page.locator("[name=role]").select_option("teacher")
    page.locator("[name=organisation]").fill("École des Ramilles")
    page.locator("[name=region]").select_option("06")
    page.locator("[name=school_level]").select_option(index=1)
    page.locator("[name=project]").fill("Un club de lecture au secondaire.")
    page.locator("[name=consent]").check()
    page.locator("form#w-editor-form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/admin/inscriptions/inspect/\d+/$"))
    phoned = Registration.objects.get(email="julie.bell@example.org")
    assert phoned.consent_method == "phone" and phoned.consent_recorded_by == facilitator
    assert OutboxEmail.objects.filter(to="julie.bell@example.org").exists()
    _audit(axe, page)

    # She gives up her seat (or place) on the phone: done on her behalf, through the
    # transitions her state allows only.
    gives_up = "declined" if phoned.state == "selected" else "withdrawn"
    page.goto(demo_site + f"/admin/inscriptions/etat/{phoned.pk}/")
    _audit(axe, page)
    assert page.locator("[name=state][value=confirmed]").count() == (phoned.state == "selected")
    page.locator(f"[name=state][value={gives_up}]").check()
    page.locator("[name=comment]").fill("Elle change d’école.")
    page.get_by_role("button", name="Changer l’état").click()
    page.wait_for_url(re.compile(r"/admin/inscriptions/inspect/\d+/$"))
    phoned.refresh_from_db()
    assert phoned.state == gives_up

    # A message to the confirmed participants: counted and previewed, then sent.
    page.goto(demo_site + f"/admin/communautes/{community.pk}/message/")
    _audit(axe, page)
    page.locator("[name=audience][value=confirmed]").check()
    page.locator("[name=subject]").fill("Merci {nom}")
    page.locator("[name=body]").fill("Bonjour {nom},\n\nVotre page : {lien}")
    page.get_by_role("button", name="Aperçu").click()
    page.wait_for_selector(".message-preview")
    _audit(axe, page)
    page.locator("button[value=send]").click()
    page.wait_for_url(re.compile(r"/message/$"))
    assert OutboxEmail.objects.filter(subject__startswith="Merci ").exists()

    # The week's calendar and one person across years, on the phone too.
    page.goto(demo_site + "/admin/calendrier/?vue=semaine")
    _audit(axe, page)
    page.goto(demo_site + "/admin/personnes/")
    page.locator("[name=email]").fill(participant.email)
    page.locator("button[value=lookup]").click()
    page.wait_for_selector("table.listing")
    _audit(axe, page)
    context.close()

    # Communications: the month's calendar, and next year's edition.
    context, page = _sign_in(chromium, demo_site, "communications-24", "journey-pass-24")
    page.goto(demo_site + "/admin/calendrier/")
    _audit(axe, page)
    edition = EditionPage.objects.filter(locale__language_code="fr-ca").order_by("-year").first()
    page.goto(demo_site + f"/admin/colloque/editions/{edition.pk}/suivante/")
    _audit(axe, page)
    page.get_by_role("button", name=f"Préparer l’édition {edition.year + 1}").click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/$"))
    created = EditionPage.objects.get(year=edition.year + 1, locale=edition.locale)
    assert created.status == "preparation" and not created.live
    context.close()
