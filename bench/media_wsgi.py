"""Production's WSGI application, plus the media files under MEDIA_URL.

In production a front proxy or object storage serves media, and the production URLconf
does not (DEBUG is off). Browser measurements (audit, page weight) need the images, so
gunicorn serves this wrapper instead of config.wsgi; every Django setting stays production's.
"""

from django.conf import settings
from whitenoise import WhiteNoise

from config.wsgi import application as django_application

# autorefresh: renditions are written on first request, after the server started.
application = WhiteNoise(
    django_application,
    root=settings.MEDIA_ROOT,
    prefix=settings.MEDIA_URL,
    autorefresh=True,
    max_age=31_536_000,  # as the proxy would: rendition files never change in place
)
