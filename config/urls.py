from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from colloque import views as colloque_views
from communities import views as communities_views
from home import localize as home_localize
from home import routes
from home import views as home_views
from home.api import api_router
from home.sitemaps import MultilingualSitemap

urlpatterns = [
    # Shadows wagtail-localize's own view at the same address (see home.localize).
    path(
        "admin/localize/update/<int:translation_source_id>/",
        home_localize.update_translations,
    ),
    # Rate-limited (home.views), at the address of Wagtail's own view.
    path(
        "admin/password_reset/",
        home_views.PasswordResetView.as_view(),
        name="wagtailadmin_password_reset",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": MultilingualSitemap}}),
    path("robots.txt", home_views.robots_txt, name="robots_txt"),
    path("i18n/", include("django.conf.urls.i18n")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# French at the root, English under /en/, each with its own addresses (home.routes); the
# French addresses of translated patterns, asked under /en/, redirect to the English ones.
# Wagtail's catch-all comes last.
PAGE_PATH = r"^(?P<path>(?:[\w-]+/)+)"
TOKEN = r"(?P<token>[A-Za-z0-9_-]{20,100})"
REGISTRATION, SESSIONS = _("registration/"), _("sessions.ics")
urlpatterns += i18n_patterns(
    path(_("search/"), home_views.search, name="search"),
    path("recherche/", routes.in_default_language("search")),
    re_path(
        PAGE_PATH + r"programme\.ics$",
        colloque_views.programme_calendar,
        name="programme_calendar",
    ),
    re_path(
        PAGE_PATH + r"programme\.pdf$",
        colloque_views.programme_pdf,
        name="programme_pdf",
    ),
    re_path(
        PAGE_PATH + r"programme/(?P<item_id>\d+)\.ics$",
        colloque_views.item_calendar,
        name="item_calendar",
    ),
    # Before the public calendar: its path pattern would also match a private link.
    re_path(
        routes.translated_regex(PAGE_PATH + "%s" + TOKEN + "/%s$", REGISTRATION, SESSIONS),
        communities_views.personal_calendar,
        name="community_personal_calendar",
    ),
    re_path(
        routes.translated_regex(PAGE_PATH + "%s" + TOKEN + r"/attestation\.pdf$", REGISTRATION),
        communities_views.attestation,
        name="community_attestation",
    ),
    re_path(
        routes.translated_regex(PAGE_PATH + "%s$", SESSIONS),
        communities_views.community_calendar,
        name="community_calendar",
    ),
    re_path(
        PAGE_PATH + "inscription/" + TOKEN + r"/seances\.ics$",
        routes.in_default_language("community_personal_calendar"),
    ),
    re_path(
        PAGE_PATH + "inscription/" + TOKEN + r"/attestation\.pdf$",
        routes.in_default_language("community_attestation"),
    ),
    re_path(PAGE_PATH + r"seances\.ics$", routes.in_default_language("community_calendar")),
    # Rate-limited (home.views), at the address of Wagtail's own view.
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        home_views.authenticate_with_password,
        name="wagtailcore_authenticate_with_password",
    ),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
