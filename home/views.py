from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from wagtail import views as wagtail_views
from wagtail.admin.views import account
from wagtail.forms import PasswordViewRestrictionForm
from wagtail.models import Locale, Page, PageViewRestriction

from .forms import SearchForm
from .ratelimit import client_ip, hit
from .registry import search_sections
from .routing import chrome, site_root
from .services import record_search_hit, search_pages, site_url


def _password_form_allowed(request):
    return hit(
        scope="password-form", ident=client_ip(request), limit=settings.PASSWORD_FORM_RATE_LIMIT
    )


def _too_many_tries():
    return _(
        "Too many attempts from your connection in the last hour. "
        "Please wait an hour before trying again."
    )


@require_GET
def search(request):
    form = SearchForm(request.GET or None)
    results = None
    sections = []
    query = ""
    if form.is_bound and form.is_valid():
        query = form.cleaned_data["q"]
        page_number = form.cleaned_data.get("page") or 1
        results = search_pages(query=query, page_number=page_number)
        if page_number == 1:  # what the apps find besides pages (partners...)
            # The menu first, which the page shows anyway: the sections find the pages
            # they link to in it (the partners page) rather than with a query each.
            root = site_root(request)
            if root is not None:
                chrome(root)
            sections = search_sections(query=query, locale=Locale.get_active())
        # Feeds Wagtail's "popular searches" report for editors.
        record_search_hit(query=query)
    return TemplateResponse(
        request,
        "home/search.html",
        {
            "form": form,
            "search_query": query,
            "search_results": results,
            "search_sections": sections,
        },
    )


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Disallow: {reverse('search')}",
        f"Sitemap: {site_url('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


class PasswordResetView(account.PasswordResetView):
    """Wagtail's admin password reset, limited per address: each try sends an email."""

    def post(self, request, *args, **kwargs):
        if _password_form_allowed(request):
            return super().post(request, *args, **kwargs)
        form = self.get_form()
        form.is_valid()  # only to show what was typed; nothing is sent
        form.add_error(None, _too_many_tries())
        return self.render_to_response(self.get_context_data(form=form), status=429)


def authenticate_with_password(request, page_view_restriction_id, page_id):
    """Wagtail's form for a password-protected page, limited per address against guessing."""
    if request.method != "POST" or _password_form_allowed(request):
        return wagtail_views.authenticate_with_password(request, page_view_restriction_id, page_id)
    restriction = get_object_or_404(PageViewRestriction, id=page_view_restriction_id)
    page = get_object_or_404(Page, id=page_id).specific
    form = PasswordViewRestrictionForm(
        instance=restriction, initial={"return_url": request.POST.get("return_url", "")}
    )
    # Unbound, so the password is not checked; add_error() needs cleaned_data all the same.
    form.cleaned_data = {}
    form.add_error(None, _too_many_tries())
    action_url = reverse("wagtailcore_authenticate_with_password", args=[restriction.id, page.id])
    response = page.serve_password_required_response(request, form, action_url)
    response.status_code = 429
    return response
