import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

application = get_wsgi_application()

# Everything loaded so far (Django, Wagtail, URL patterns, models) lives as long as the
# process: moved out of the garbage collector's sight, so the collections a request's
# allocations trigger stop walking it (listings of hundreds of rows ran twice as slow).
get_resolver().check()  # imports every URLconf now rather than on the first request
gc.freeze()
