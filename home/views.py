from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_GET
from wagtail.models import Locale, Site

from .forms import SearchForm
from .services import record_search_hit, search_pages


@require_GET
def search(request):
    form = SearchForm(request.GET or None)
    results = None
    partners, partners_page = [], None
    query = ""
    if form.is_bound and form.is_valid():
        from colloque.services import search_partners  # the site-wide search spans apps

        query = form.cleaned_data["q"]
        page_number = form.cleaned_data.get("page") or 1
        results = search_pages(query=query, page_number=page_number)
        if page_number == 1:
            partners, partners_page = search_partners(query=query, locale=Locale.get_active())
        # Feeds Wagtail's "popular searches" report for editors.
        record_search_hit(query=query)
    return TemplateResponse(
        request,
        "home/search.html",
        {
            "form": form,
            "search_query": query,
            "search_results": results,
            "partners": partners,
            "partners_page": partners_page,
        },
    )


@require_GET
def robots_txt(request):
    site = Site.find_for_request(request)
    root = site.root_url if site else request.build_absolute_uri("/").rstrip("/")
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Disallow: {reverse('search')}",
        f"Sitemap: {root}/sitemap.xml",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
