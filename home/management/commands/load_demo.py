"""Build the demo site from the facts of the seed documents. Safe to run again."""

import importlib

from django.core.management.base import BaseCommand
from django.db import transaction

from home.demo_utils import indexes_updated_once

# Each app contributes its own `demo.load(reset=..., stdout=...)`, in this order, building its
# objects with `factories/` (so the dev dependencies, factory_boy and wagtail-factories). Volume
# data for benchmarks is the bench's own: `python -m bench.volume --scale N` (bench/volume/).
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
        "--reset sets demo pages back to their demo content. "
        "Volume data for benchmarks: python -m bench.volume --scale N."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Publish the demo content again over existing demo pages.",
        )

    def handle(self, *args, reset, **options):
        with transaction.atomic(), indexes_updated_once():
            for app in DEMO_APPS:
                module = _app_module(app, "demo")
                if module is None:
                    continue
                report = module.load(reset=reset, stdout=self.stdout)
                self.stdout.write(f"{app}: {report}")
        self.stdout.write(self.style.SUCCESS("Demo content ready."))
