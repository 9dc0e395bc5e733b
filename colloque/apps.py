from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ColloqueConfig(AppConfig):
    name = "colloque"
    verbose_name = _("Colloque")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import m2m_changed  # noqa: PLC0415 (with the models)

        from home.registry import (  # noqa: PLC0415 (the app registry must be ready)
            register_api_endpoint,
            register_search,
        )

        from .api import (  # noqa: PLC0415 (the app registry must be ready)
            ProgrammeItemsAPIViewSet,
            SpeakersAPIViewSet,
        )
        from .models import ProgrammeItem  # noqa: PLC0415 (the app registry must be ready)
        from .services import (  # noqa: PLC0415 (the app registry must be ready)
            partner_search_section,
            programme_search_section,
            reindex_speakers_of,
        )

        register_search("programme", programme_search_section)
        register_search("partners", partner_search_section)
        register_api_endpoint(ProgrammeItemsAPIViewSet.name, ProgrammeItemsAPIViewSet)
        register_api_endpoint(SpeakersAPIViewSet.name, SpeakersAPIViewSet)
        m2m_changed.connect(
            reindex_speakers_of,
            sender=ProgrammeItem.speakers.through,
            dispatch_uid="colloque-reindex-speakers",
        )
