from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunitiesConfig(AppConfig):
    name = "communities"
    verbose_name = _("Communities of practice")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The app registry must be ready; signals connect on import.
        from . import personal_data, signals  # noqa: F401, PLC0415

        personal_data.register()
