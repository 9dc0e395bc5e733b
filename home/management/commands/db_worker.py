"""``manage.py db_worker``: django-tasks-db's worker, kept alive through a database outage.

django-tasks-db's own worker raises the first database error out of its loop and exits
(issue 25): with PostgreSQL restarting for a few seconds, emails, search indexing and CDN
purges stopped until someone restarted it. This command (it replaces the library's: ``home``
comes first in INSTALLED_APPS) runs the same loop, and on a lost database:

- waits and tries again, 1, 2, 4… seconds, at most RETRY_MAX, logging each wait;
- puts the task it was running back in the queue if the outage interrupted it (our tasks
  are idempotent: an email row is sent once, renditions are made if missing);
- every TASK_WORKER_SWEEP_SECONDS, sends the emails whose task was lost altogether
  (``home.mail.send_lost``), and queues again the tasks a dead worker left RUNNING for more
  than TASK_ABANDONED_AFTER_SECONDS (a worker killed mid-task leaves its task claimed
  forever otherwise: the library never takes it back).

Every option of the library's command works the same. The systemd unit restarts it anyway
if it ever exits (docs/deployment.md).
"""

import logging
import os
import random
import time
from datetime import timedelta

from django.conf import settings
from django.core.management.base import CommandError
from django.db import OperationalError, close_old_connections, connections
from django.utils import timezone
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from home.mail import DATABASE_DOWN, send_lost

logger = logging.getLogger("home.worker")

RETRY_MAX = 30  # seconds between two tries, at most


def requeue_abandoned(*, now=None):
    """Tasks RUNNING for longer than any of ours takes were held by a worker that died: they
    go back to the queue. Returns how many."""
    cutoff = (now or timezone.now()) - timedelta(seconds=settings.TASK_ABANDONED_AFTER_SECONDS)
    requeued = DBTaskResult.objects.filter(status="RUNNING", started_at__lt=cutoff).update(
        status="READY"
    )
    if requeued:
        logger.warning("%d task(s) left running by a worker that died are queued again", requeued)
    return requeued


class ResilientWorker(db_worker.Worker):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.interrupted = None  # the id of a task an outage interrupted

    def run(self):
        logger.info("Starting worker worker_id=%s queues=%s", self.worker_id, self.queue_names)
        if self.startup_delay and self.interval:
            time.sleep(random.random())  # workers started together do not poll together
        delay = 1
        next_sweep = time.monotonic()
        while self.running:
            try:
                if self.interrupted is not None:
                    self.requeue_interrupted()
                if time.monotonic() >= next_sweep:
                    requeue_abandoned()
                    sent, failed = send_lost()
                    if sent or failed:
                        logger.warning("Lost emails tried: %d sent, %d failed", sent, failed)
                    next_sweep = time.monotonic() + settings.TASK_WORKER_SWEEP_SECONDS
                outcome = self.step()
            except DATABASE_DOWN as error:
                logger.warning("Database unavailable (%s); trying again in %d s", error, delay)
                self.drop_connections()
                time.sleep(delay)
                delay = min(delay * 2, RETRY_MAX)
                continue
            delay = 1
            if outcome == "stop":
                return
            if outcome == "idle" and self.running:
                time.sleep(self.interval)

    def step(self):
        """One turn of django-tasks-db's loop: claim a ready task and run it. Returns "ran",
        "idle" (nothing to run) or "stop" (--batch with nothing left, or --max-tasks)."""
        close_old_connections()
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        retrieved = True
        with exclusive_transaction(tasks.db):
            try:
                task_result = tasks.get_locked()
                if task_result is not None:
                    task_result.claim(self.worker_id)
            except OperationalError as error:
                if not is_locked_database_exception(error):
                    raise
                task_result, retrieved = None, False  # SQLite busy: it unlocks eventually
        if task_result is not None:
            self.run_task(task_result)
        if self.batch and retrieved and task_result is None:
            logger.info("No more tasks to run for worker_id=%s - exiting.", self.worker_id)
            return "stop"
        if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
            return "stop"
        close_old_connections()
        return "ran" if task_result is not None else "idle"

    def run_task(self, db_task_result):
        try:
            super().run_task(db_task_result)
        except DATABASE_DOWN:
            # The library could not even record the failure: the row still says RUNNING.
            self.interrupted = db_task_result.pk
            raise

    def requeue_interrupted(self):
        """The task the outage interrupted runs again, if this worker still holds it."""
        task_result = DBTaskResult.objects.filter(pk=self.interrupted, status="RUNNING").first()
        if task_result is not None and self.worker_id in task_result.worker_ids:
            DBTaskResult.objects.filter(pk=task_result.pk, status="RUNNING").update(status="READY")
            logger.warning("Task %s, interrupted by the outage, is queued again", task_result.pk)
        self.interrupted = None

    def drop_connections(self):
        # A connection to a database that went away is dead; a fresh one is made on the next
        # query, once the database answers again.
        for connection in connections.all(initialized_only=True):
            try:
                connection.close()
            except Exception:  # closing a dead connection may fail too: it is dropped anyway
                logger.debug("Closing a dead connection failed", exc_info=True)


class Command(db_worker.Command):
    help = "Run the task worker; it keeps running through a database outage."

    def handle(
        self,
        *,
        verbosity,
        queue_name,
        interval,
        batch,
        backend_name,
        startup_delay,
        reload,
        max_tasks,
        worker_id,
        exclude_queues,
        **options,
    ):
        # The library's handle, with our worker.
        self.configure_logging(verbosity)
        reload = reload and not batch
        queue_names = queue_name.split(",")
        excluded_queue_names = exclude_queues.split(",") if exclude_queues else []
        if excluded_queue_names and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = ResilientWorker(
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=excluded_queue_names,
        )
        if reload:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()  # only the child process
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
