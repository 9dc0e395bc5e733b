"""What `make run` needs before serving, in one process: each Django start-up costs seconds."""

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Migrate, load the missing demo content and make sure a local administrator exists."

    def handle(self, *args, verbosity=1, **options):
        call_command("migrate", interactive=False, verbosity=verbosity, stdout=self.stdout)
        call_command("load_demo", stdout=self.stdout)
        call_command("ensure_admin", stdout=self.stdout)
