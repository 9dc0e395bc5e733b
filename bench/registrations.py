"""Run inside Django (manage.py shell): registrations arriving while visitors read.

Every 1/BENCH_WRITES_PER_SECOND seconds, one person registers for the community
BENCH_COMMUNITY_ID through the public form of the server at BENCH_BASE_URL (a GET for the
form and its CSRF token, then the POST, as a browser does). Once each registration has been
answered, the community's page and its card on the index are fetched as an anonymous
visitor would (from the page cache when it has them) and compared with the seats the
database holds at that moment: a page showing fewer registrations than were committed is
stale. Says it is running (a file "ready" beside BENCH_STOP_FILE) once the first registration
went through, runs until BENCH_STOP_FILE exists, then prints one JSON line.
"""

import json
import os
import pathlib
import time
import uuid
from urllib.parse import urlsplit

from django.template.loader import render_to_string
from django.utils import translation

from bench.load import Visitor, registration_data
from communities import services
from communities.models import CommunityPage


def seats_html(community):
    """The seats as the page and the card show them now, rendered from the database."""
    source = services.source_community(community=community)
    with translation.override("fr-ca"):
        return render_to_string(
            "components/community_seats.html",
            {
                "community": community,
                "status": services.status_of(community=community),
                "counts": services.seat_counts(community_ids=[source.pk])[source.pk],
            },
        )


def shown(html, community):
    """The part of ``html`` about ``community``: the whole page, or its card on the index."""
    link = f'href="{community.url}"'
    start = html.find(link)
    return html if start < 0 else html[start : start + 3000]


def main():
    base = urlsplit(os.environ["BENCH_BASE_URL"])
    community = CommunityPage.objects.get(pk=int(os.environ["BENCH_COMMUNITY_ID"]))
    paths = [community.url, community.get_parent().url]
    interval = 1 / float(os.environ.get("BENCH_WRITES_PER_SECOND", "2"))
    stop = pathlib.Path(os.environ["BENCH_STOP_FILE"])
    ready = stop.with_name("ready")
    visitor, marker = Visitor(base.hostname, base.port), f"w-{uuid.uuid4().hex[:8]}-"
    headers = {"X-Forwarded-Proto": "https", "Host": base.netloc}
    made = refused = checks = stale = 0
    started = next_at = time.monotonic()
    while not stop.exists():
        status, location, _ms = visitor.submit(
            community.url + "inscription/", registration_data(marker, made + refused)
        )
        if status == 302 and "/inscription/" in location:
            made += 1
        else:
            refused += 1
        ready.touch()  # the first registration went through: the pages may be measured
        expected = seats_html(community)
        for path in paths:
            _status, _headers, html = visitor.request("GET", path, headers=headers)
            checks += 1
            stale += expected not in shown(html, community)
        next_at += interval
        time.sleep(max(0.0, next_at - time.monotonic()))
    took = time.monotonic() - started
    print(
        "WRITES-JSON "
        + json.dumps(
            {
                "registrations": made,
                "refused": refused,
                "per_second": round(made / took, 2) if took else 0,
                "checks": checks,
                "stale": stale,
                "paths": paths,
            }
        )
    )


main()
