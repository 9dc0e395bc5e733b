"""Deployment guard: what the public sends must not be reachable by a public URL."""

from pathlib import Path

from django.conf import settings
from django.core import checks


def _overlap(one, other):
    one, other = Path(one).resolve(), Path(other).resolve()
    return one == other or one in other.parents or other in one.parents


@checks.register(checks.Tags.security)
def private_storage_is_not_public(app_configs, **kwargs):
    storage = settings.STORAGES.get("private", {})
    if not storage.get("BACKEND", "").endswith("FileSystemStorage"):
        return []  # object storage: the bucket's policy is the deployer's business
    # Without a location, FileSystemStorage writes under MEDIA_ROOT, which is served.
    location = (storage.get("OPTIONS") or {}).get("location") or settings.MEDIA_ROOT
    public_roots = [settings.MEDIA_ROOT, settings.STATIC_ROOT, *settings.STATICFILES_DIRS]
    return [
        checks.Error(
            f"The private storage ({location}) overlaps a publicly served folder ({root}).",
            hint="Set PRIVATE_MEDIA_ROOT outside MEDIA_ROOT, STATIC_ROOT and STATICFILES_DIRS.",
            id="host_applications.E001",
        )
        for root in public_roots
        if root and _overlap(location, root)
    ]
