"""What `make run` needs before serving, in one process: each Django start-up costs seconds."""

import io

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


class Command(BaseCommand):
    help = (
        "Migrate, load the missing demo content, make sure a local administrator exists, "
        "and say where to log in. The address is SITE_URL (make run sets it to the one it "
        "serves); migrate points the default Wagtail Site at it."
    )

    def handle(self, *args, verbosity=1, **options):
        url = settings.SITE_URL + "/"
        executor = MigrationExecutor(connection)
        pending = len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
        # A first run applies about 240 migrations: a line each would bury the address.
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write(f"Database ready ({pending} migrations applied).")
        demo = io.StringIO()
        call_command("load_demo", stdout=demo)
        self.stdout.write(demo.getvalue().strip().splitlines()[-1])  # "Demo content ready."
        call_command("ensure_admin", login_url=url.rstrip("/") + "/admin/", stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(f"The site: {url}"))
