from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Site")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import auth, locales, notifications, personal_data, renditions, routing  # noqa: PLC0415 (the app registry must be ready)

        locales.install()
        routing.install()
        notifications.connect()
        renditions.connect()
        auth.connect()
        personal_data.register()
