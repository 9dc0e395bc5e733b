from collections import defaultdict

from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Locale, Page

from caching import tag


class MultilingualSitemap(Sitemap):
    """Wagtail's sitemap covers only the default language's tree; list every translation."""

    def items(self):
        tag(Page)  # every page published or gone changes it
        roots = self.get_wagtail_site().root_page.get_translations(inclusive=True)
        in_a_tree = Q()
        for root in roots:
            in_a_tree |= Q(path__startswith=root.path, depth__gte=root.depth)
        return (
            Page.objects.filter(in_a_tree)
            .live()
            .public()
            .order_by("path")
            .defer_streamfields()
            .specific()
        )

    def _urls(self, page, protocol, domain):
        """Each address with its translations as ``xhtml:link`` alternates (hreflang), read
        from the pages already listed: every live translation is in the sitemap too. A
        page that lists sub-pages (an edition's programme) gives their alternates itself."""
        pages = list(self.paginator.page(page).object_list)
        languages = dict(Locale.objects.values_list("pk", "language_code"))
        translations = defaultdict(dict)
        for listed in pages:
            translations[listed.translation_key][languages[listed.locale_id]] = listed
        # A page type that lists more (an edition's programme) reads it once for the batch.
        for model in dict.fromkeys(type(listed) for listed in pages):
            if hasattr(model, "prepare_sitemap"):
                batch = [listed for listed in pages if type(listed) is model]
                model.prepare_sitemap(batch, translations=translations)
        urls, last_mods = [], set()
        for listed in pages:
            for info in listed.get_sitemap_urls(self.request):
                if "alternates" not in info:
                    others = translations[listed.translation_key]
                    info["alternates"] = (
                        [
                            {"lang_code": code, "location": other.get_full_url(self.request)}
                            for code, other in others.items()
                        ]
                        if len(others) > 1
                        else []
                    )
                urls.append(info)
                last_mods.add(info.get("lastmod"))
        if last_mods and None not in last_mods:  # as Wagtail's: none if the site is private
            self.latest_lastmod = max(last_mods)
        return urls
