"""The task worker keeps running through a database outage, and emails whose task was lost
are sent anyway (issue 25, item 10). The outage is simulated: the queue's query raises what
psycopg raises when PostgreSQL is stopped (`make faults` stops a real one)."""

import datetime

import pytest
from django.core import mail
from django.core.management import get_commands
from django.db import OperationalError
from django.utils import timezone
from django_tasks_db.management.commands import db_worker as library
from django_tasks_db.models import DBTaskResult, DBTaskResultQuerySet

from home.mail import send_lost
from home.management.commands import db_worker as command
from home.models import OutboxEmail
from tests.home import worker_tasks

REFUSED = 'connection to server at "127.0.0.1", port 5432 failed: Connection refused'


@pytest.fixture
def record(settings, monkeypatch):
    """worker_tasks.record as a task of the database queue."""
    from django_tasks import task

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    monkeypatch.setattr(worker_tasks, "record", task()(worker_tasks.record))
    worker_tasks.done.clear()
    return worker_tasks.record


@pytest.fixture
def sleeps(monkeypatch):
    """What the worker would have slept, without sleeping."""
    slept = []
    monkeypatch.setattr(command.time, "sleep", slept.append)
    monkeypatch.setattr(library.time, "sleep", slept.append)
    return slept


@pytest.fixture
def dropped(monkeypatch):
    """The worker runs inside the test's transaction: the connection it would close (a
    dead one, after an outage; an old one, between tasks) stays; each drop is counted."""
    drops = []
    monkeypatch.setattr(command, "close_old_connections", lambda: None)
    monkeypatch.setattr(library, "close_old_connections", lambda: None)
    monkeypatch.setattr(command.ResilientWorker, "drop_connections", lambda self: drops.append(1))
    return drops


def outage(monkeypatch, polls):
    """The next `polls` looks at the queue fail as with PostgreSQL stopped."""
    real = DBTaskResultQuerySet.get_locked
    left = [polls]

    def get_locked(self):
        if left[0]:
            left[0] -= 1
            raise OperationalError(REFUSED)
        return real(self)

    monkeypatch.setattr(DBTaskResultQuerySet, "get_locked", get_locked)


def worker(cls=command.ResilientWorker):
    # --batch: the worker stops once the queue is empty, so the test ends.
    return cls(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="worker-1",
        excluded_queue_names=[],
    )


def test_our_command_replaces_the_librarys():
    assert get_commands()["db_worker"] == "home"


@pytest.mark.django_db
def test_the_librarys_worker_dies_on_an_outage(record, monkeypatch, sleeps, dropped):
    """What issue 25 found: the first refused connection ends django-tasks-db's worker."""
    record.enqueue(1)
    outage(monkeypatch, polls=1)
    with pytest.raises(OperationalError):
        worker(library.Worker).run()
    assert worker_tasks.done == []


@pytest.mark.django_db
def test_the_worker_waits_out_an_outage_then_runs_every_task(record, monkeypatch, sleeps, dropped):
    for n in range(3):
        record.enqueue(n)
    outage(monkeypatch, polls=7)
    worker().run()
    assert sleeps == [1, 2, 4, 8, 16, 30, 30]  # growing waits, at most 30 s
    assert len(dropped) == 7  # each time, the dead connection is dropped
    assert sorted(worker_tasks.done) == [0, 1, 2]
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}


@pytest.mark.django_db
def test_a_task_the_outage_interrupted_runs_again(record, monkeypatch, sleeps, dropped):
    """The database goes away while a task runs: the library cannot record the result, the
    row says RUNNING. Once the database is back, the task is queued again and runs."""
    record.enqueue(7)
    real = DBTaskResult.set_successful
    left = [1]

    def set_successful(self, return_value):
        if left[0]:
            left[0] -= 1
            raise OperationalError(REFUSED)
        return real(self, return_value)

    def set_failed(self, error):  # recording the failure fails too: the database is gone
        raise OperationalError(REFUSED)

    monkeypatch.setattr(DBTaskResult, "set_successful", set_successful)
    monkeypatch.setattr(DBTaskResult, "set_failed", set_failed)
    worker().run()
    assert worker_tasks.done == [7, 7]  # once interrupted, once to the end (tasks are idempotent)
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert sleeps == [1]


@pytest.mark.django_db
def test_emails_whose_task_was_lost_are_sent_once():
    now = timezone.now()
    lost = OutboxEmail.objects.create(
        to="perdu@example.org",
        subject="s",
        body="b",
        next_attempt_at=now - datetime.timedelta(minutes=10),
    )
    OutboxEmail.objects.create(
        to="en-route@example.org",
        subject="s",
        body="b",
        next_attempt_at=now - datetime.timedelta(minutes=1),
    )
    OutboxEmail.objects.create(  # its last try failed and scheduled the next: not out of turn
        to="plus-tard@example.org",
        subject="s",
        body="b",
        attempts=1,
        next_attempt_at=now + datetime.timedelta(minutes=2),
    )
    assert send_lost(now=now) == (1, 0)
    assert send_lost(now=now) == (0, 0)
    assert [message.to for message in mail.outbox] == [["perdu@example.org"]]
    lost.refresh_from_db()
    assert lost.sent_at is not None


@pytest.mark.django_db
def test_a_leftover_task_does_not_try_again_out_of_turn(mail_server):
    from home.tasks import send_outbox_email

    email = OutboxEmail.objects.create(
        to="a@example.org",
        subject="s",
        body="b",
        attempts=1,
        next_attempt_at=timezone.now() + datetime.timedelta(minutes=2),
    )
    assert send_outbox_email.call(email.pk) is None
    email.refresh_from_db()
    assert email.attempts == 1 and mail.outbox == []


@pytest.mark.django_db
def test_a_task_left_running_by_a_dead_worker_runs_again(record, settings, sleeps, dropped):
    """A worker killed mid-task leaves its row RUNNING: the library never takes it back. Once
    it has run longer than any task takes, the next worker's sweep queues it again."""
    settings.TASK_ABANDONED_AFTER_SECONDS = 900
    abandoned, recent = record.enqueue(1), record.enqueue(2)
    started = timezone.now() - datetime.timedelta(seconds=901)
    DBTaskResult.objects.filter(pk=abandoned.id).update(
        status="RUNNING", started_at=started, worker_ids=["killed"]
    )
    DBTaskResult.objects.filter(pk=recent.id).update(
        status="RUNNING", started_at=timezone.now(), worker_ids=["alive"]
    )
    worker().run()
    assert worker_tasks.done == [1]  # the one still running elsewhere is left alone
    assert DBTaskResult.objects.get(pk=abandoned.id).status == "SUCCESSFUL"
    assert DBTaskResult.objects.get(pk=recent.id).status == "RUNNING"
