from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Site")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import auth, cache, locales, notifications, renditions, signals, warming

        locales.install()
        signals.connect()
        notifications.connect()
        renditions.connect()
        warming.connect()  # after renditions: its task runs after theirs
        auth.connect()
        cache.code_release()  # read the source files now, not in a visitor's request
