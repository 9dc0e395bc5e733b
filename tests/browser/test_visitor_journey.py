"""Visitors in a real browser, with an accessibility audit on every page they see."""

import re

import pytest
from django.core.management import call_command
from django.db import connection
from icalendar import Calendar
from playwright.sync_api import expect

from home.demo_utils import demo_dates
from tests.demo_database import process_demo

from .conftest import database_put_back, keep_database, queries_between_requests
from .previews import preview_journey
from .staff import staff_journey

# One transactional test for the whole browser suite: the flush after it wipes the data that
# migrations made (site, locales, groups). On SQLite in memory the database is put back as
# it was and the test runs first; elsewhere pytest-django runs it last (conftest.py).
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_site(transactional_db, live_server, chromium_browser, settings, tmp_path_factory):
    with queries_between_requests(live_server):
        if database_put_back():
            # The test process's demo, which its other modules then copy rather than load.
            keep_database()
            settings.MEDIA_ROOT = process_demo(connection, tmp_path_factory)
        else:
            call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
        yield live_server.url
    # The flush after the test must not meet a request still being answered (PostgreSQL
    # then finds a deadlock): the pages left open stop asking (the admin's editors ping the
    # server), then the request in progress, if any, ends.
    for context in chromium_browser.contexts:
        context.close()
    with live_server.thread.httpd.app_lock:
        pass


def test_visitor_journeys(demo_site, chromium, browser_page, assert_accessible, axe):
    phone_journey(demo_site, chromium, assert_accessible)  # first: the call is still open
    visitor_journey(demo_site, chromium, browser_page, assert_accessible)
    colloque_journey(demo_site, browser_page, assert_accessible)
    partners_journey(demo_site, browser_page, assert_accessible)
    candidature_journey(demo_site, chromium, browser_page, assert_accessible)
    community_journey(demo_site, chromium, assert_accessible)
    staff_journey(demo_site, chromium, axe)
    admin_editor_journey(demo_site, chromium)
    preview_journey(demo_site, chromium)
    # Every page above ran under its Content-Security-Policy without a refusal.
    chromium.assert_no_csp_violation()


def visitor_journey(demo_site, chromium, browser_page, assert_accessible):
    page = browser_page
    page.goto(demo_site + "/")
    assert page.locator("html").get_attribute("lang") == "fr-ca"
    assert page.get_by_role("link", name="Aller au contenu").count() == 1
    assert_accessible(page)

    # The home page announces the next edition with its status, from content.
    assert "Recherche d’un milieu hôte" in page.locator(".featured .status").inner_text()

    # Follow the news from the main menu, then open one item.
    page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Actualités"
    ).click()
    page.wait_for_url(re.compile(r"/actualites/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Actualités"
    assert_accessible(page)

    first_item = page.locator(".card__title a").first
    title = first_item.inner_text()
    first_item.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    assert_accessible(page)

    # Search from the header form.
    page.get_by_role("searchbox", name="Rechercher dans le site").fill("colloque")
    page.get_by_role("button", name="Rechercher").first.click()
    page.wait_for_url(re.compile(r"/recherche/\?q=colloque"))
    assert re.search(r"\d+ résultats? pour", page.locator("#results-title").inner_text())
    assert page.locator(".search-results li").count() > 0
    assert_accessible(page)

    # An empty search explains what to do, in French, without losing the page.
    page.get_by_role("searchbox", name="Mots à rechercher").fill("")
    page.locator(".search-form button").click()
    expect(page.get_by_text("Tapez un ou plusieurs mots à rechercher.")).to_be_visible()
    assert_accessible(page)

    # The privacy policy, from the footer of any page; the header shows the logo, named.
    assert page.locator(".site-header__logo").get_attribute("alt") == "ACLAM"
    page.get_by_role("contentinfo").get_by_role("link", name="Politique de confidentialité").click()
    page.wait_for_url(re.compile(r"/confidentialite/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Politique de confidentialité"
    assert "Nathalie Bergeron" in page.locator("address").first.inner_text()
    assert_accessible(page)

    # Back home, then to English through the language switcher.
    page.goto(demo_site + "/")
    page.get_by_role("navigation", name="Langues").get_by_role("link", name="English").click()
    page.wait_for_url(re.compile(r"/en/$"))
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("link", name="Skip to content").count() == 1
    assert_accessible(page)

    page.get_by_role("navigation", name="Main menu").get_by_role("link").first.click()
    assert "/en/" in page.url
    assert_accessible(page)

    # Reading and filtering work without JavaScript.
    context = chromium.new_context(java_script_enabled=False, locale="fr-CA")
    page = context.new_page()
    page.goto(demo_site + "/actualites/")
    tags = page.locator(".tag-filter a")
    assert tags.count() > 1
    tag_name = tags.nth(1).inner_text()
    tags.nth(1).click()
    expect(page.locator(".tag-filter [aria-current]")).to_have_text(tag_name)
    page.goto(demo_site + "/recherche/?q=colloque")
    assert page.locator(".search-results li").count() > 0
    context.close()


def colloque_journey(demo_site, page, assert_accessible):
    """Open the 2024 edition, filter its programme to workshops, download the calendar."""
    page.goto(demo_site + "/colloque/")
    page.get_by_role("link", name="Colloque 2024").click()
    page.wait_for_url(re.compile(r"/colloque/2024/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Colloque 2024"
    assert "Terminée" in page.locator(".page__header .status").inner_text()
    assert_accessible(page)

    page.get_by_role("navigation", name="Cette édition").get_by_role(
        "link", name="Programmation", exact=True
    ).click()
    page.wait_for_url(re.compile(r"/colloque/2024/programme/$"))
    assert_accessible(page)
    all_items = page.locator(".programme-item").count()

    page.get_by_role("link", name=re.compile(r"^Atelier \(\d+\)$")).click()  # with its count
    page.wait_for_url(re.compile(r"\?kind=workshop$"))
    workshops = page.locator(".programme-item")
    assert 0 < workshops.count() < all_items
    for index in range(workshops.count()):
        assert "Atelier" in workshops.nth(index).locator(".programme-item__meta").inner_text()
    assert_accessible(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Ajouter toute la programmation à votre agenda (ICS)").click()
    download = download_info.value
    assert download.suggested_filename == "programme-2024.ics"
    calendar = Calendar.from_ical(open(download.path(), "rb").read())  # noqa: SIM115
    assert len(calendar.walk("VEVENT")) == all_items

    page.get_by_role("link", name="Intervenants").first.click()
    page.wait_for_url(re.compile(r"/colloque/2024/intervenants/$"))
    assert page.get_by_role("heading", name="Équipe d'ACLAM").count() == 1
    assert_accessible(page)


def partners_journey(demo_site, page, assert_accessible):
    """The 2024 edition shows its approved partners by tier; the partners page lists them
    with past editions'; the partner still awaiting approval appears nowhere."""
    page.goto(demo_site + "/colloque/2024/")
    partners = page.locator("section[aria-labelledby='partners-title']")
    assert partners.get_by_role("heading", name="Partenaire présentateur").count() == 1
    assert partners.get_by_role("img", name="ACLAM").count() == 1
    assert "Réseau des bibliothèques scolaires" not in page.content()

    partners.get_by_role("link", name="Tous nos partenaires").click()
    page.wait_for_url(re.compile(r"/partenaires/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Partenaires"
    current = page.locator("section[aria-labelledby='current-title']")
    assert current.get_by_role("heading", name="Observatoire québécois du loisir").count() == 1
    # Its pending change is not public: the approved description is.
    assert "en présente les suites" not in page.content()
    past = page.locator("section[aria-labelledby='past-title']")
    assert past.get_by_role("heading", name="Semaine ECLORE 2019").count() == 1
    assert past.get_by_role("img", name="Canopé").count() == 1
    assert "Réseau des bibliothèques scolaires" not in page.content()
    assert_accessible(page)

    page.goto(demo_site + "/en/partners/")
    assert page.get_by_role("heading", name="Partners — Colloque 2024").count() == 1
    assert page.get_by_role("heading", name="Regional community radio").count() == 1
    assert_accessible(page)


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
ATTACHMENT = {"name": "plan-des-salles.pdf", "mimeType": "application/pdf", "buffer": PDF}
# The demo's upcoming edition, and its call, follow the day it is loaded.
DATES = demo_dates()
UPCOMING = DATES.upcoming_year

ANSWERS = {
    "institution_name": "École secondaire Jeanne-Mance",
    "address": "4240, rue de Bordeaux",
    "town": "Montréal",
    "postal_code": "H2H 1Z5",
    "contact_name": "Claire Fortin",
    "contact_role": "Animatrice culturelle",
    "contact_email": "claire.fortin@example.org",
    "contact_phone": "514 555-0111",
    "proposed_start_date": DATES.november_days(3)[0].isoformat(),
    "proposed_end_date": DATES.november_days(3)[1].isoformat(),
    "plenary_capacity": "400",
    "workshop_rooms": "12",
    "catering": "Cafétéria et traiteur partenaire.",
    "technical_equipment": "Auditorium, projecteurs, Wi-Fi.",
    "accommodation_transport": "Métro Papineau à 5 minutes.",
    "motivation": "Faire rayonner nos projets artistiques.",
}


def candidature_journey(demo_site, chromium, browser_page, assert_accessible):
    """An institution applies; the committee scores and approves; the edition names its host."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from host_applications.models import HostApplication

    page = browser_page
    # The home page's call to action leads to the call.
    page.goto(demo_site + "/")
    page.locator(".featured").get_by_role(
        "link", name="Soumettre une candidature comme milieu hôte"
    ).click()
    page.wait_for_url(re.compile(rf"/colloque/{UPCOMING}/candidature/$"))
    assert_accessible(page)

    # Sending the form empty explains every answer to give, with an accessible summary whose
    # links lead to the fields (selectors, not text: the French catalogue is still moving).
    form = page.locator("form.application-form")
    form.locator("button[type=submit]").click()
    summary = page.locator(".error-summary[role=alert]")
    summary.wait_for()
    assert summary.locator('a[href="#id_institution_name"]').count() == 1
    assert summary.locator('a[href="#id_consent"]').count() == 1
    assert page.locator("#id_institution_name").get_attribute("aria-invalid") == "true"
    assert_accessible(page)

    # Everything but consent: the answers come back as typed; only the file must be re-attached.
    for name, value in ANSWERS.items():
        form.locator(f"[name={name}]").fill(value)
    form.locator("[name=institution_type]").select_option("secondary")
    form.locator("[name=region]").select_option("06")
    form.locator("[name=accessibility][value=full]").check()
    form.locator("[name=attachments]").set_input_files([ATTACHMENT])
    form.locator("button[type=submit]").click()
    # Same URL as the page with every error: wait until the summary lists only consent.
    expect(summary.locator("li")).to_have_count(1)
    assert summary.locator('a[href="#id_consent"]').count() == 1
    for name, value in ANSWERS.items():
        assert form.locator(f"[name={name}]").input_value() == value, name
    assert form.locator("[name=region]").input_value() == "06"
    assert form.locator("[name=accessibility][value=full]").is_checked()
    assert form.locator("[name=website]").input_value() == ""  # the honeypot stays empty

    form.locator("[name=attachments]").set_input_files([ATTACHMENT])
    form.locator("[name=consent]").check()
    form.locator("button[type=submit]").click()
    # (The browser keeps the form's #fragment across the redirect.)
    page.wait_for_url(re.compile(rf"/colloque/{UPCOMING}/candidature/suivi/[\w-]+/(#.*)?$"))
    reference = re.search(
        rf"CAND-{UPCOMING}-\d{{3}}", page.get_by_role("heading", level=1).inner_text()
    ).group()
    assert reference in page.locator(".messages").inner_text()
    assert "status--received" in page.locator("p.status").get_attribute("class")
    private_link = page.url.split("#")[0]
    assert_accessible(page)

    # Communications screens it (in Python: that step is not what this journey is about).
    application = HostApplication.objects.get(reference=reference)
    assert application.institution_name == ANSWERS["institution_name"]
    assert application.files.get().original_name == "plan-des-salles.pdf"
    users = get_user_model().objects
    screener = users.create_user("ecran", password="journey-pass-1")
    screener.groups.add(Group.objects.get(name="Communications"))
    task_state = application.current_workflow_task_state
    task_state.task.specific.on_action(task_state, screener, "approve")

    # A committee member logs in, scores each criterion, then approves.
    member = users.create_user("comite", password="journey-pass-2", first_name="Louise")
    member.groups.add(Group.objects.get(name="Comité de sélection"))
    page.goto(demo_site + "/admin/login/")
    page.locator("[name=username]").fill("comite")
    page.locator("[name=password]").fill("journey-pass-2")
    page.locator("form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/admin/$"))
    assert reference in page.locator("main").inner_text()  # the dashboard panel: awaiting you

    page.goto(demo_site + f"/admin/candidatures/{application.pk}/scores/")
    selects = page.locator("select[name^=score_]")
    assert selects.count() > 0
    for index in range(selects.count()):
        selects.nth(index).select_option("4")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/inspect/{application.pk}/$"))
    assert re.search(r"4[,.]00 / 5", page.locator("main").inner_text())

    page.goto(
        demo_site + f"/admin/snippets/host_applications/hostapplication/edit/{application.pk}/"
    )
    # Wagtail's action menu: open the dropdown, then "Approve" (without a comment).
    page.locator("footer [data-w-dropdown-target=toggle]").first.click()
    page.locator(
        'button[data-workflow-action-name="approve"]:not([data-workflow-action-modal-url])'
    ).click()
    page.wait_for_url(re.compile(r"/admin/snippets/host_applications/hostapplication/$"))
    page.wait_for_load_state()
    application.refresh_from_db()
    assert application.status == "selected"

    # The applicant, who has no account, opens the private link: it says "selected"; the
    # edition page names the host for every visitor.
    context = chromium.new_context(locale="fr-CA")
    applicant = context.new_page()
    applicant.goto(private_link)
    assert "status--selected" in applicant.locator("p.status").get_attribute("class")
    assert_accessible(applicant)
    applicant.goto(demo_site + f"/colloque/{UPCOMING}/")
    assert ANSWERS["institution_name"] in applicant.locator("dl.facts").inner_text()
    context.close()


def community_journey(demo_site, chromium, assert_accessible):
    """A teacher registers and confirms by email; a facilitator runs a draw in the admin."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from communities.models import CommunityPage, Lottery, Registration
    from home.models import OutboxEmail

    context = chromium.new_context(locale="fr-CA")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(demo_site + "/communautes/")
    assert_accessible(page)
    # The level filter is a plain link; the community with seats left is among the results.
    page.locator(".programme-filters a[href='?niveau=secondary']").click()
    page.wait_for_url(re.compile(r"niveau=secondary"))
    page.locator("a[href$='/copv-carrefours-mise-en-place/']").first.click()
    page.wait_for_url(re.compile(r"/communautes/copv-carrefours-mise-en-place/$"))
    assert "example.org/visio" not in page.content()  # the meeting link stays private
    assert_accessible(page)

    page.locator("header a[href$='/inscription/']").click()
    page.wait_for_url(re.compile(r"/inscription/$"))
    assert_accessible(page)
    form = page.locator("form.registration-form")
    form.locator("button[type=submit]").click()
    summary = page.locator(".error-summary[role=alert]")
    summary.wait_for()
    assert summary.locator('a[href="#id_email"]').count() == 1
    assert page.locator("#id_name").get_attribute("aria-invalid") == "true"
    assert_accessible(page)

    email = "chloe.tremblay@example.org"
    form.locator("[name=name]").fill("Chloé Tremblay")
    form.locator("[name=email]").fill(email)
    form.locator("[name=role]").select_option("teacher")
    form.locator("[name=organisation]").fill("École Saint-Jean-Baptiste")
    form.locator("[name=region]").select_option("06")
    form.locator("[name=school_level]").select_option("secondary")
    form.locator("[name=project]").fill("Ouvrir la bibliothèque aux élèves du midi.")
    form.locator("[name=consent]").check()
    form.locator("button[type=submit]").click()
    # (The browser keeps the form's #fragment across the redirect.)
    page.wait_for_url(re.compile(r"/inscription/[A-Za-z0-9_-]{20,}/(#.*)?$"))
    assert "status--selected" in page.locator("p.status").get_attribute("class")
    assert_accessible(page)
    context.close()

    # The email (read from the outbox) carries the private link; the teacher confirms there.
    message = OutboxEmail.objects.filter(to=email).latest("pk")
    link = re.search(r"https?://\S+/inscription/[A-Za-z0-9_-]{20,}/", message.body).group(0)
    context = chromium.new_context(locale="fr-CA")
    page = context.new_page()
    page.goto(link.replace(re.match(r"https?://[^/]+", link).group(0), demo_site))
    page.locator("form input[value=confirm] ~ button[type=submit]").click()
    page.wait_for_selector("p.status.status--confirmed")
    assert Registration.objects.get(email=email).state == "confirmed"
    assert_accessible(page)
    context.close()

    # A facilitator (Animation group) runs the English-language sector's draw.
    community = CommunityPage.objects.get(slug="bien-etre-secteur-anglophone")
    facilitator = get_user_model().objects.create_user("animation", password="journey-pass-3")
    facilitator.groups.add(Group.objects.get(name="Animation"))
    context = chromium.new_context(locale="fr-CA")
    page = context.new_page()
    page.goto(demo_site + "/admin/login/")
    page.locator("[name=username]").fill("animation")
    page.locator("[name=password]").fill("journey-pass-3")
    page.locator("form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/admin/$"))
    page.goto(demo_site + f"/admin/inscriptions/?community={community.pk}")
    page.locator(f"a[href$='/admin/communautes/{community.pk}/tirage/']").first.click()
    page.wait_for_url(re.compile(r"/tirage/$"))
    page.locator("[name=seed]").fill("2026")
    page.locator("form input[value=draw] ~ button[type=submit]").click()
    # The draw is final: a confirmation page says what follows and asks again.
    page.locator("form input[name=confirm] ~ button[type=submit]").click()
    page.wait_for_selector("code")
    lottery = Lottery.objects.get(community=community)
    assert lottery.seed == 2026 and lottery.ran_by == facilitator
    assert "2026" in page.locator("main code").inner_text()
    context.close()


def admin_editor_journey(demo_site, chromium):
    """The admin's page editor, its preview panel and the userbar work under their policy."""
    from django.contrib.auth import get_user_model

    from home.models import NewsPage

    get_user_model().objects.create_superuser("redaction", "r@example.org", "journey-pass-4")
    news = NewsPage.objects.live().filter(locale__language_code="fr-ca").first()
    context = chromium.new_context(locale="fr-CA")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(demo_site + "/admin/login/")
    page.locator("[name=username]").fill("redaction")
    page.locator("[name=password]").fill("journey-pass-4")
    page.locator("form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/admin/$"))

    page.goto(demo_site + f"/admin/pages/{news.pk}/edit/")
    page.wait_for_load_state("networkidle")
    title = page.locator("#id_title")
    expect(title).to_have_value(news.title)
    # Inline scripts ran: the StreamField editor and the side panels are built by JavaScript.
    page.locator("[data-side-panel-toggle=preview]").click()
    # The preview is framed by the admin (frame-src, frame-ancestors 'self').
    expect(page.frame_locator("#w-preview-iframe").locator("h1")).to_be_visible()

    # The public page, signed in: Wagtail's userbar loads under the public policy.
    page.goto(demo_site + news.url)
    expect(page.locator("wagtail-userbar")).to_have_count(1)
    page.wait_for_load_state("networkidle")
    context.close()


# Every public page type, and the two forms blank and refused (WCAG 1.4.10: nothing scrolls
# sideways at 320 CSS px). Paths of the demo (load_demo).
PHONE_PAGES = [
    "/",
    "/a-propos/",
    "/actualites/",
    f"/actualites/appel-milieu-hote-{UPCOMING}/",
    "/colloque/",
    "/colloque/2024/",
    "/colloque/2024/programme/",
    "/colloque/2024/intervenants/",
    f"/colloque/{UPCOMING}/candidature/",
    "/communautes/",
    "/communautes/copv-carrefours-mise-en-place/",
    "/communautes/copv-carrefours-mise-en-place/inscription/",
    "/partenaires/",
    "/recherche/?q=colloque",
    "/page-qui-n-existe-pas/",
    "/en/",
    "/en/communities/",
]
SIDEWAYS = """() => ({
    scrolls: document.documentElement.scrollWidth > window.innerWidth,
    wider: [...document.querySelectorAll("body *")]
        .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
        .slice(0, 3).map((e) => `${e.tagName}.${e.className}#${e.id}`),
})"""


def assert_fits(page, what):
    found = page.evaluate(SIDEWAYS)
    assert not found["scrolls"], f"{what} scrolls sideways at 320 px: {found['wider']}"


def phone_journey(demo_site, chromium, assert_accessible):
    """A 320 px phone, then a 390 × 844 one: no sideways scrolling on any page or form, a
    header under 200 px, and the menu behind a disclosure that opens without a script."""
    context = chromium.new_context(viewport={"width": 320, "height": 640}, locale="fr-CA")
    page = context.new_page()
    for path in PHONE_PAGES:
        page.goto(demo_site + path)
        assert_fits(page, path)
    for path, button in (
        (f"/colloque/{UPCOMING}/candidature/", "Envoyer notre candidature"),
        ("/communautes/copv-carrefours-mise-en-place/inscription/", "Envoyer mon inscription"),
    ):
        page.goto(demo_site + path)
        page.get_by_role("button", name=button).click()
        # Refused: the errors are shown (waited for, as the answer is a new page load).
        expect(page.locator(".errorlist").first).to_be_visible()
        assert_fits(page, f"{path} with its errors")
    context.close()

    # The disclosure is HTML's own: it opens without a script.
    context = chromium.new_context(
        viewport={"width": 390, "height": 844}, locale="fr-CA", java_script_enabled=False
    )
    page = context.new_page()
    page.goto(demo_site + "/actualites/")
    assert page.get_by_role("navigation", name="Menu principal").count() == 0  # until asked
    page.locator(".site-menu summary").click()
    links = page.get_by_role("navigation", name="Menu principal").get_by_role("link")
    assert "Communautés de pratique" in links.all_inner_texts()
    assert page.get_by_role("searchbox", name="Rechercher dans le site").is_visible()
    links.filter(has_text="Communautés de pratique").click()
    page.wait_for_url(re.compile(r"/communautes/$"))
    context.close()

    # Measured and audited with scripts on (axe runs in the page).
    context = chromium.new_context(viewport={"width": 390, "height": 844}, locale="fr-CA")
    page = context.new_page()
    page.goto(demo_site + "/actualites/")
    header = page.locator(".site-header").bounding_box()
    assert header["height"] <= 200, header
    page.locator(".site-menu summary").click()
    assert_accessible(page)
    context.close()
