from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_GET
from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Site

from .forms import SearchForm
from .services import search_pages


@require_GET
def search(request):
    form = SearchForm(request.GET or None)
    results = None
    query = ""
    if form.is_bound and form.is_valid():
        query = form.cleaned_data["q"]
        results = search_pages(query=query, page_number=form.cleaned_data.get("page") or 1)
        # Feeds Wagtail's "popular searches" report for editors.
        Query.get(query).add_hit()
    return TemplateResponse(
        request,
        "home/search.html",
        {"form": form, "search_query": query, "search_results": results},
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
