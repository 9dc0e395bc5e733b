from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HostApplicationsConfig(AppConfig):
    name = "host_applications"
    verbose_name = _("Host applications")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks, personal_data, signals  # noqa: F401 (checks register themselves)

        signals.connect()
        personal_data.register()
