from django.apps import AppConfig


class CachingConfig(AppConfig):
    name = "caching"

    def ready(self):
        from . import middleware, signals  # noqa: PLC0415 (the app registry must be ready)

        signals.connect()
        middleware.code_release()  # read the sources now, not in a visitor's request
