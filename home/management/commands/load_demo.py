"""Build the demo site from the facts of the seed documents. Safe to run again."""

import importlib
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

# Each app contributes its own `demo.load(reset=..., stdout=...)`, in this order, and may add
# volume data for benchmarks with `demo_scale.load(scale=..., report=...)`.
DEMO_APPS = ("home", "colloque", "communities", "host_applications")


def _app_module(app, name):
    try:
        return importlib.import_module(f"{app}.{name}")
    except ModuleNotFoundError as error:
        if error.name != f"{app}.{name}":
            raise
        return None


class Command(BaseCommand):
    help = (
        "Load the demo content. Creates only what is missing; "
        "--reset sets demo pages back to their demo content; "
        "--scale N adds volume data for benchmarks on top."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Publish the demo content again over existing demo pages.",
        )
        parser.add_argument(
            "--scale",
            type=float,
            default=0,
            metavar="N",
            help=(
                "Add volume data in bulk after the demo, for performance benchmarks: at 1, "
                "about 30 editions with 2,000 programme items, 3,000 news items, 200 "
                "communities with 20,000 registrations and 2,000 host candidatures; linear "
                "in N (0.02 is a small sample). Added once: a second run leaves it alone."
            ),
        )

    def handle(self, *args, reset, scale, **options):
        if scale < 0:
            raise CommandError("--scale cannot be negative.")
        with transaction.atomic():
            for app in DEMO_APPS:
                module = _app_module(app, "demo")
                if module is None:
                    continue
                report = module.load(reset=reset, stdout=self.stdout)
                self.stdout.write(f"{app}: {report}")
        self.stdout.write(self.style.SUCCESS("Demo content ready."))
        if scale:
            self._load_volume(scale)

    def _load_volume(self, scale):
        from home.demo_scale import VolumeReport  # noqa: PLC0415 (volume data is loaded only with --scale)

        started = time.perf_counter()
        report = VolumeReport()
        with transaction.atomic():
            for app in DEMO_APPS:
                module = _app_module(app, "demo_scale")
                if module is not None:
                    module.load(scale=scale, report=report)
        self.stdout.write(
            self.style.SUCCESS(
                f"volume (scale {scale:g}): {report} in {time.perf_counter() - started:.1f} s"
            )
        )
