from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ColloqueConfig(AppConfig):
    name = "colloque"
    verbose_name = _("Colloque")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from home.registry import register_search  # noqa: PLC0415 (the app registry must be ready)

        from .services import partner_search_section  # noqa: PLC0415 (the app registry must be ready)

        register_search("partners", partner_search_section)
