from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HostApplicationsConfig(AppConfig):
    name = "host_applications"
    verbose_name = _("Host applications")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The app registry must be ready; checks register themselves on import.
        from . import checks, personal_data, signals  # noqa: F401, PLC0415

        signals.connect()
        personal_data.register()
