"""Back up and restore the whole site: the database as portable JSON, the media and the
private files, in one archive.

The archive (a gzipped tar) holds:

- ``database.json``: every row but those that are derived and rebuilt on restore (search
  index, reference index) or transient (sessions, the task queue, editing sessions, rate-limit
  counters).
  Primary keys are kept: revisions, log entries and draws refer to rows by id inside their
  JSON. Only content types and permissions are written (and referred to) by natural key,
  since another database numbers them otherwise, and `flush` recreates most of them;
  so a dump from SQLite loads into PostgreSQL and back.
- ``media/…``: the files of ``STORAGES["default"]`` (images, their renditions, documents);
- ``private/…``: the files of ``STORAGES["private"]`` (candidature attachments);
- ``manifest.json`` (last): format, versions, the migrations applied per app, the number of
  rows per model and a SHA-256 of every member.

Renditions are kept, rows and files: they are derived, but remaking them costs seconds per
image on the first visits, and a rendition row without its file (or the reverse) would be
worse than either.

Files are read and written through the storage API, so object storage works the same.
"""

import contextlib
import datetime
import hashlib
import io
import itertools
import json
import os
import posixpath
import shutil
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import django
import wagtail
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.core.files.storage import storages
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.json import Serializer as JSONSerializer
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from wagtail.models import Site

from caching import invalidate

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE = "database.json"
# Archive folder → storage alias.
STORAGE_FOLDERS = {"media": "default", "private": "private"}

# Derived (rebuilt on restore) or transient rows: an app label (all its models) or a model
# label. Each must name something installed, or the rows it means to leave out are silently
# backed up (and, for the task queue, run again after a restore): excluded_models() refuses
# an unknown label, and tests/home/test_backup.py checks every one.
EXCLUDED = (
    "sessions",
    "wagtailsearch",  # the search index: rebuilt by update_index
    "wagtailcore.referenceindex",  # rebuilt by rebuild_references_index
    "wagtailadmin.editingsession",  # who has an editor open right now
    # The task queue (django-tasks-db's app label): the outbox is re-sent by
    # send_queued_emails, and a restored READY task would run again.
    "django_tasks_database.dbtaskresult",
    "home.counter",  # rate limits and sign-in lockouts: windows of an hour at most
)
# Numbered differently by each database (post_migrate creates them): written by natural key,
# without their ids, and matched to the rows `flush` recreated when loaded. Permissions that
# data migrations create (not post_migrate) come back that way too.
NATURAL_KEY_MODELS = ("contenttypes.contenttype", "auth.permission")


class BackupError(Exception):
    """An archive that cannot be restored here (damaged, other code version...)."""


def _label(model):
    return model._meta.label_lower


def excluded_models():
    """The models EXCLUDED names; LookupError for a label that names nothing installed."""
    models = set()
    for label in EXCLUDED:
        if "." in label:
            models.add(apps.get_model(label))
        else:
            models.update(apps.get_app_config(label).get_models())
    return models


def dumped_models():
    """Every concrete model whose rows go into the archive, in a stable order (those written
    by natural key first, since the others refer to them)."""
    excluded = excluded_models()
    models = [
        model
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy and model not in excluded
    ]
    return sorted(models, key=lambda model: _label(model) not in NATURAL_KEY_MODELS)


class ExactJSONEncoder(DjangoJSONEncoder):
    """Times to the microsecond: Django's encoder cuts them to the millisecond, and a restored
    row must equal the one saved (Wagtail compares some of these moments)."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time) and o.microsecond:
            return o.isoformat()
        return super().default(o)


class PortableSerializer(JSONSerializer):
    """Django's JSON serializer, with natural keys for content types and permissions only,
    and exact times.

    Other rows keep their ids (and the references to them), which JSON fields repeat.
    """

    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = ExactJSONEncoder

    def _natural(self, field):
        return _label(field.remote_field.model) in NATURAL_KEY_MODELS

    def handle_fk_field(self, obj, field):
        self.use_natural_foreign_keys = self._natural(field)
        super().handle_fk_field(obj, field)

    def handle_m2m_field(self, obj, field):
        self.use_natural_foreign_keys = self._natural(field)
        super().handle_m2m_field(obj, field)

    def get_dump_object(self, obj):
        self.use_natural_primary_keys = _label(obj) in NATURAL_KEY_MODELS
        return super().get_dump_object(obj)


def applied_migrations(*, using=DEFAULT_DB_ALIAS):
    """{app: [migration names]} as recorded in the database."""
    applied = {}
    for app, name in MigrationRecorder(connections[using]).applied_migrations():
        applied.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(applied.items())}


def storage_files(storage, path=""):
    """Every file name in a storage, depth first, through its listdir()."""
    try:
        directories, files = storage.listdir(path)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in sorted(files):
        yield posixpath.join(path, name) if path else name
    for directory in sorted(directories):
        yield from storage_files(storage, posixpath.join(path, directory) if path else directory)


class _HashingReader:
    """Reads a file for tarfile while hashing what passes."""

    def __init__(self, stream):
        self.stream = stream
        self.digest = hashlib.sha256()

    def read(self, size=-1):
        data = self.stream.read(size)
        self.digest.update(data)
        return data


def _sha256(stream):
    digest = hashlib.sha256()
    for chunk in iter(lambda: stream.read(1024 * 1024), b""):
        digest.update(chunk)
    return digest.hexdigest()


def default_backup_path(*, now=None):
    now = now or timezone.now()
    stamp = now.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    return Path(settings.BASE_DIR) / "var" / "backups" / f"expressives-{stamp}.tar.gz"


def _private_file(path):
    """Opened for writing, readable by its owner only (it holds personal data)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    return os.fdopen(descriptor, "wb")


@dataclass
class BackupReport:
    path: Path
    counts: dict = field(default_factory=dict)
    files: dict = field(default_factory=dict)  # folder → number of files

    @property
    def rows(self):
        return sum(self.counts.values())


def _order(model):
    # Rows written without their ids come in the order of their natural keys: two backups
    # of the same content are then the same, whatever the database numbered.
    if _label(model) == "contenttypes.contenttype":
        return ("app_label", "model")
    if _label(model) == "auth.permission":
        return ("content_type__app_label", "content_type__model", "codename")
    return (model._meta.pk.name,)


def _dump_database(stream, *, using):
    """Write every dumped row as one JSON list; returns {model label: rows}."""
    counts = {}

    def rows(model):
        queryset = model._base_manager.using(using).order_by(*_order(model))
        counts[model._meta.label] = 0
        for obj in queryset.iterator(chunk_size=2000):
            counts[model._meta.label] += 1
            yield obj

    text = io.TextIOWrapper(stream, encoding="utf-8", newline="\n", write_through=True)
    PortableSerializer().serialize(
        itertools.chain.from_iterable(rows(model) for model in dumped_models()),
        stream=text,
        indent=None,
        use_natural_foreign_keys=True,
        use_natural_primary_keys=False,
    )
    text.flush()
    text.detach()
    return counts


def _add_bytes(tar, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    info.mode = 0o600
    tar.addfile(info, io.BytesIO(data))


def create_backup(*, output=None, using=DEFAULT_DB_ALIAS):
    """Write the archive (database, media, private files, manifest); returns a BackupReport."""
    path = Path(output) if output else default_backup_path()
    report = BackupReport(path=path)
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "django": django.get_version(),
        "wagtail": wagtail.__version__,
        "database_vendor": connections[using].vendor,
        "excluded": sorted(EXCLUDED),
        "migrations": applied_migrations(using=using),
    }
    partial = path.with_name(f".{path.name}.partial")
    try:
        with _private_file(partial) as archive, tarfile.open(fileobj=archive, mode="w:gz") as tar:
            # One transaction: rows that refer to each other are read at the same moment.
            with tempfile.TemporaryFile() as dump, transaction.atomic(using=using):
                report.counts = _dump_database(dump, using=using)
                size = dump.tell()
                dump.seek(0)
                checksum = _sha256(dump)
                dump.seek(0)
                info = tarfile.TarInfo(DATABASE)
                info.size, info.mode = size, 0o600
                info.mtime = int(timezone.now().timestamp())
                tar.addfile(info, dump)
            manifest["counts"] = report.counts
            manifest["database"] = {"name": DATABASE, "size": size, "sha256": checksum}
            manifest["files"] = {}
            for folder, alias in STORAGE_FOLDERS.items():
                manifest["files"][folder] = _add_storage(tar, folder, storages[alias])
                report.files[folder] = len(manifest["files"][folder])
            _add_bytes(tar, MANIFEST, json.dumps(manifest, indent=2, sort_keys=True).encode())
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return report


def _add_storage(tar, folder, storage):
    files = {}
    for name in storage_files(storage):
        with storage.open(name, "rb") as stream:
            info = tarfile.TarInfo(f"{folder}/{name}")
            info.size = storage.size(name)
            info.mode = 0o600
            try:
                info.mtime = int(storage.get_modified_time(name).timestamp())
            except NotImplementedError:
                info.mtime = int(timezone.now().timestamp())
            reader = _HashingReader(stream)
            tar.addfile(info, reader)
        files[name] = {"size": info.size, "sha256": reader.digest.hexdigest()}
    return files


# Restore ------------------------------------------------------------------------------------


def read_manifest(*, path):
    try:
        with tarfile.open(path, mode="r:gz") as tar:
            member = tar.getmember(MANIFEST)
            manifest = json.load(tar.extractfile(member))
    except (OSError, KeyError, tarfile.TarError, ValueError) as error:
        raise BackupError(f"{path}: not a readable backup ({error}).") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(
            f"{path}: backup format {manifest.get('format')!r}, this code reads {FORMAT}."
        )
    return manifest


def migration_differences(*, manifest, using=DEFAULT_DB_ALIAS):
    """[(app, 'only in the backup'|'only in this database', names)], empty when the same."""
    here = {(app, name) for app, names in applied_migrations(using=using).items() for name in names}
    there = {(app, name) for app, names in manifest["migrations"].items() for name in names}
    differences = []
    for label, names in (
        ("only in the backup", there - here),
        ("only in this database", here - there),
    ):
        by_app = {}
        for app, name in sorted(names):
            by_app.setdefault(app, []).append(name)
        differences += [(app, label, found) for app, found in by_app.items()]
    return differences


def _safe_member(name):
    folder, _slash, rest = name.partition("/")
    parts = rest.split("/")
    if folder not in STORAGE_FOLDERS or not rest or ".." in parts or rest.startswith("/"):
        raise BackupError(f"Unexpected member in the archive: {name!r}.")
    return folder, rest


def verify_archive(*, path, manifest):
    """Every member is there, with the size and checksum the manifest gives."""
    expected = {DATABASE: manifest["database"]}
    for folder, files in manifest["files"].items():
        expected.update({f"{folder}/{name}": entry for name, entry in files.items()})
    seen = set()
    with tarfile.open(path, mode="r:gz") as tar:
        for member in tar:
            if member.name == MANIFEST:
                continue
            if member.name != DATABASE:
                _safe_member(member.name)
            entry = expected.get(member.name)
            if entry is None or not member.isfile():
                raise BackupError(f"Unexpected member in the archive: {member.name!r}.")
            if _sha256(tar.extractfile(member)) != entry["sha256"]:
                raise BackupError(f"{member.name}: checksum differs, the archive is damaged.")
            seen.add(member.name)
    missing = sorted(set(expected) - seen)
    if missing:
        raise BackupError(f"Missing from the archive: {', '.join(missing[:5])}.")


@dataclass
class RestoreReport:
    counts: dict = field(default_factory=dict)
    files: dict = field(default_factory=dict)

    @property
    def rows(self):
        return sum(self.counts.values())


def restore_backup(*, path, using=DEFAULT_DB_ALIAS):
    """Replace the database's content and the stored files with the archive's.

    The database must be migrated to exactly the backup's migrations. Everything is checked
    before anything is replaced; rows are loaded in one transaction.
    """
    manifest = read_manifest(path=path)
    differences = migration_differences(manifest=manifest, using=using)
    if differences:
        lines = [f"  {app} ({label}): {', '.join(names)}" for app, label, names in differences]
        raise BackupError(
            "The backup was made with other migrations than this database has; restore it "
            "with the code version that made it, migrated to the same state:\n" + "\n".join(lines)
        )
    verify_archive(path=path, manifest=manifest)
    report = RestoreReport()
    with contextlib.ExitStack() as stack:
        folder = stack.enter_context(tempfile.TemporaryDirectory())
        tar = stack.enter_context(tarfile.open(path, mode="r:gz"))
        dump = Path(folder) / DATABASE
        with open(dump, "wb") as stream:
            shutil.copyfileobj(tar.extractfile(DATABASE), stream, 1024 * 1024)
        # flush renumbers content types; a rollback numbers them back: the memo must follow.
        stack.callback(ContentType.objects.clear_cache)
        with transaction.atomic(using=using):
            with flushable(using=using):
                call_command("flush", database=using, interactive=False, verbosity=0)
            call_command("loaddata", str(dump), database=using, verbosity=0)
            # An archive made before a model was left out (the task queue was, wrongly, until
            # issue 25) must not bring its rows back: queued tasks would run again.
            left_out = {model._meta.label for model in excluded_models()}
            for model in excluded_models():
                model._base_manager.using(using).all().delete()
            _reset_sequences(using=using)
            report.counts = _counts(using=using)
            wrong = sorted(
                label
                for label in (set(report.counts) | set(manifest["counts"])) - left_out
                if report.counts.get(label) != manifest["counts"].get(label)
                # flush may recreate more of these than the backup had (a model added since)
                and label.lower() not in NATURAL_KEY_MODELS
            )
            if wrong:
                raise BackupError(f"Rows loaded differ from the backup's for: {', '.join(wrong)}.")
        for member in tar:
            if member.name in (MANIFEST, DATABASE):
                continue
            folder_name, name = _safe_member(member.name)
            _restore_file(storages[STORAGE_FOLDERS[folder_name]], name, tar.extractfile(member))
            report.files[folder_name] = report.files.get(folder_name, 0) + 1
    rebuild_derived(using=using)
    return report


def _counts(*, using):
    return {
        model._meta.label: model._base_manager.using(using).count() for model in dumped_models()
    }


def _restore_file(storage, name, stream):
    if storage.exists(name):
        storage.delete(name)
    saved = storage.save(name, File(stream, name=posixpath.basename(name)))
    if saved != name:
        raise BackupError(f"{name}: the storage saved it as {saved!r}.")


@contextlib.contextmanager
def flushable(*, using):
    """PostgreSQL refuses to TRUNCATE tables with deferred checks pending in the transaction
    (a caller's own, as in tests): run them before, and defer them again after, for the
    rows about to be loaded in any order."""
    connection = connections[using]
    deferrable = connection.vendor == "postgresql" and connection.in_atomic_block
    if deferrable:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    yield
    if deferrable:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _reset_sequences(*, using):
    """Next ids after the loaded ones (PostgreSQL sequences; SQLite needs nothing)."""
    connection = connections[using]
    statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models())
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def rebuild_derived(*, using=DEFAULT_DB_ALIAS):
    """What the archive leaves out because it is derived, and the caches built on it."""

    call_command("rebuild_references_index", verbosity=0)
    call_command("update_index", verbosity=0)
    invalidate(Site)  # every stored page
