"""First visit after publishing an image-heavy page, against warm visits.

Target: the first visit costs at most twice a warm one, because renditions are made when
images are uploaded and pages published (the ``generate_renditions`` task, run in-process in
the bench by the ``manage.py shell`` that publishes), not while the visitor waits. Measured
with every cache off: a warm visit renders the page too. ``first_visit(env, base_url)``
needs the bench database and a server on ``base_url`` (gunicorn of bench.run); it leaves the
database as it found it.
"""

import json
import statistics
import time
import urllib.error
import urllib.request

from bench.run import manage

IMAGES = 12
WARM_VISITS = 20
MAX_RATIO = 2.0
MARKER = "FIRST-VISIT-JSON "

# Run by `manage.py shell -c`: the editors' code paths (image save, revision, publish), so
# the signals and tasks that make renditions run exactly as in the admin.
CREATE = """
import datetime, json, secrets
from wagtail.images import get_image_model
from wagtail.models import Locale, Site
from home.demo_images import demo_image
from home.demo_utils import image, paragraph, publish
from home.models import NewsIndexPage, NewsPage, StandardPage

token = secrets.token_hex(4)
images = [
    demo_image(
        title=f"Bench first visit {token} {n}",
        description=f"Composition abstraite {n}",
        seed=10_000 + secrets.randbelow(10**6),
        palette=("warm", "teal", "sage", "dusk")[n % 4],
    )
    for n in range(IMAGES)
]
body = [paragraph("<p>Retour en images.</p>")] + [
    image(img, alt=f"Photo {n} de la journée", caption=f"Photo {n}")
    for n, img in enumerate(images)
]
locale = Locale.get_default()
parent = NewsIndexPage.objects.live().filter(locale=locale).order_by("pk").first()
fields = dict(slug=f"premiere-visite-{token}", title=f"Première visite {token}", body=body)
if parent is not None:
    # An old date keeps it off the home page and the top of the news list meanwhile.
    page = NewsPage(
        date=datetime.date(2000, 1, 1), intro="Douze images.", image=images[0], **fields
    )
else:
    parent = Site.objects.get(is_default_site=True).root_page.specific
    page = StandardPage(intro="Douze images.", **fields)
sibling = type(page).objects.live().filter(locale=locale).order_by("-pk").first()
page.live = False
parent.add_child(instance=page)
publish(page)
Rendition = get_image_model().get_rendition_model()
print(MARKER + json.dumps({
    "path": page.url,
    "warm_up": [p for p in ("/", parent.url, sibling and sibling.url) if p],
    "page_id": page.pk,
    "image_ids": [img.pk for img in images],
    "renditions": Rendition.objects.filter(image__in=images).count(),
}))
"""

# Counts the renditions the visits made, then removes the page and its images.
CLEAN_UP = """
import json
from wagtail.images import get_image_model
from wagtail.models import Page
Image = get_image_model()
images = Image.objects.filter(pk__in=IMAGE_IDS)
count = Image.get_rendition_model().objects.filter(image__in=images).count()
Page.objects.filter(pk=PAGE_ID).delete()
for img in images:
    img.delete()
print(MARKER + json.dumps({"renditions": count}))
"""


def _shell(env, code, **values):
    values["MARKER"] = MARKER
    prelude = "".join(f"{name} = {value!r}\n" for name, value in values.items())
    output = manage(env, "shell", "-c", prelude + code, capture=True)
    return json.loads(output.split(MARKER, 1)[1])


def _get_ms(url):
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            body, status = response.read(), response.status
    except urllib.error.HTTPError as error:  # reported, not raised: the table shows it
        body, status = error.read(), error.code
    return (time.perf_counter() - started) * 1000, status, body


def first_visit(env, base_url, *, images=IMAGES, warm_visits=WARM_VISITS, keep=False):
    """Publish a page with ``images`` fresh images, then time its first GET against the
    median of ``warm_visits`` GETs. Returns {"path", "status", "first_ms", "warm_ms",
    "warm_render_ms", "ratio", "render_ratio", "pass", "pictures", "renditions_at_publish",
    "renditions_made_by_visits"}; "pass" is status 200 and ratio <= MAX_RATIO."""
    made = _shell(env, CREATE, IMAGES=images)
    base_url = base_url.rstrip("/")
    # A server that has just started pays its own warm-up on any first request: take it on
    # pages that exist already, so only what is new to this page is measured.
    for path in made["warm_up"] * 4:
        _get_ms(base_url + path)
    url = base_url + made["path"]
    first_ms, status, body = _get_ms(url)
    warm_ms = statistics.median(_get_ms(url)[0] for _ in range(warm_visits))
    # Warm visits above may come from the page cache; a new query string each time misses
    # it and shows what rendering the page costs once its renditions exist.
    render_ms = statistics.median(_get_ms(f"{url}?visit={n}")[0] for n in range(warm_visits))
    after = (
        {"renditions": None}
        if keep
        else _shell(env, CLEAN_UP, PAGE_ID=made["page_id"], IMAGE_IDS=made["image_ids"])
    )
    ratio = first_ms / warm_ms if warm_ms else float("inf")
    return {
        "path": made["path"],
        "status": status,
        "first_ms": round(first_ms, 1),
        "warm_ms": round(warm_ms, 1),
        "warm_render_ms": round(render_ms, 1),
        "render_ratio": round(first_ms / render_ms, 2) if render_ms else None,
        "ratio": round(ratio, 2),
        "pass": status == 200 and ratio <= MAX_RATIO,
        "pictures": body.count(b"<picture>"),
        "renditions_at_publish": made["renditions"],
        "renditions_made_by_visits": (
            None if after["renditions"] is None else after["renditions"] - made["renditions"]
        ),
    }
