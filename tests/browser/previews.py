"""The admin's preview side panel shows the page or the partner being edited."""

import re

# Run from the one transactional browser test (test_visitor_journey.py): a second one would
# start after the first's flush, without the site and locales the demo needs.


# The page types whose editors the browser opens. Every page type's preview is rendered
# without a browser (tests/home/test_csp.py); what only a browser shows is the side panel
# and its frame, which these four (and a partner) cover.
BROWSED_TYPES = {"EditionPage", "NewsPage", "CommunityPage", "HostCallPage"}


def editors(demo_site):
    """(what, editor URL, the title the preview shows): one page of each browsed type, a
    partner."""
    from colloque.models import Partner
    from tests.pages import one_page_of_each_type

    found = []
    for page in one_page_of_each_type():
        if type(page).__name__ not in BROWSED_TYPES:
            continue
        # The title the page's template gives the document (base.html).
        title = page.seo_title or page.title
        found.append((type(page).__name__, f"/admin/pages/{page.pk}/edit/", title))
    partner = Partner.objects.filter(live=True, locale__language_code="fr-ca").first()
    found.append(("Partner", f"/admin/snippets/colloque/partner/edit/{partner.pk}/", partner.name))
    return found


def preview_journey(demo_site, chromium):
    from django.contrib.auth import get_user_model
    from playwright.sync_api import expect

    get_user_model().objects.create_superuser("apercu", "a@example.org", "preview-pass-4")
    found = editors(demo_site)
    assert {f[0] for f in found} == BROWSED_TYPES | {"Partner"}

    context = chromium.new_context(locale="fr-CA")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(demo_site + "/admin/login/")
    page.locator("[name=username]").fill("apercu")
    page.locator("[name=password]").fill("preview-pass-4")
    page.locator("form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/admin/$"))

    for kind, url, title in found:
        page.goto(demo_site + url)
        page.wait_for_load_state("networkidle")
        page.locator("[data-side-panel-toggle=preview]").click()
        # The public template, not Wagtail's "preview is not available" page nor a refusal.
        expect(page.frame_locator("#w-preview-iframe").locator("main#main"), kind).to_be_visible()
        frame = page.locator("#w-preview-iframe").element_handle().content_frame()
        assert title in frame.title(), kind
    context.close()
    # The framing was allowed (frame-ancestors 'self'), nothing else refused either.
    chromium.assert_no_csp_violation()
