"""Deployment checks (`manage.py check --deploy`): the public address and the hosts served."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks
from django.http.request import validate_host


@checks.register(checks.Tags.security, deploy=True)
def site_url_is_served(app_configs, **kwargs):
    address = urlsplit(settings.SITE_URL)
    found = []
    if not validate_host(address.hostname, settings.ALLOWED_HOSTS):
        found.append(
            checks.Warning(
                f"SITE_URL's host ({address.hostname}) is not in ALLOWED_HOSTS: every link "
                "the site sends would answer 400 Bad Request.",
                hint="Add it to ALLOWED_HOSTS, or correct SITE_URL.",
                id="home.W001",
            )
        )
    if address.scheme != "https":
        found.append(
            checks.Warning(
                f"SITE_URL ({settings.SITE_URL}) is not https: links people receive would "
                "go through an unencrypted redirect.",
                hint="Use the https:// address the site is served at.",
                id="home.W002",
            )
        )
    return found
