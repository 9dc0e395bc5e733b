"""Volume data for the bench: ``python -m bench.volume --scale N`` on top of ``load_demo``.

At scale 1, about 30 editions with 2,000 programme items, 3,000 news items, 200 communities
with 20,000 registrations and 2,000 host candidatures; every count is linear in the scale.
Built from the factories (factories/) and the apps' services, like any other data: pages go
into the tree through Wagtail's API, registrations through communities' registration
service, candidatures through host_applications' submission service and their moderation
workflow. Where thousands of the same act would take too long one by one, the services' bulk
forms apply the same rules (``register_many``, ``confirm_seats``); nothing here writes a row a
service owns.

Everything is deterministic (seeded random) but for private tokens and times relative to
today; generic and in French; people are made up and write from example.org. Each builder
looks for its own marker first and leaves the volume alone when it is there, so running it
twice adds nothing. Emails the services queue for made-up people stay in the outbox or go
to the in-memory mailer the bench's environment sets (bench/run.py, ``bench_env``); the bulk
forms queue none.
"""

import datetime
import random
import time
import uuid
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

# Slug prefix of every volume page whose slug is free to choose: the marker of the volume.
VOLUME = "volume-"
# Volume pages whose slug is imposed (an edition's is its year) get translation keys derived
# from this namespace, so they can be found again.
VOLUME_NAMESPACE = uuid.UUID("6f1d3c2a-5b7e-4e0a-9c1d-2a4b6c8d0e1f")

TOPICS = [
    "pratiques artistiques", "théâtre à l'école", "musique au secondaire", "arts visuels",
    "danse et mouvement", "lecture et bibliothèques", "bien-être des élèves", "vie étudiante",
    "parascolaire culturel", "médiation culturelle", "numérique éducatif", "engagement communautaire",
    "projets interdisciplinaires", "cinéma et vidéo", "chant choral", "improvisation",
    "patrimoine régional", "écriture créative", "photographie", "arts du cirque",
]  # fmt: skip


def scaled(count, scale):
    """``count`` at scale 1, times ``scale``; at least one as soon as there is a scale."""
    if scale <= 0:
        return 0
    return max(1, round(count * scale))


def seeded(name):
    """A random generator of its own for each builder: the same volume on every run."""
    return random.Random(f"expressives-volume-{name}")


def seeded_uuid(rng):
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def volume_key(name):
    return uuid.uuid5(VOLUME_NAMESPACE, name)


def aware(day, hour=9, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@dataclass
class VolumeReport:
    """What each builder added, in order, or the builders that found their volume there."""

    parts: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    skipped: list = field(default_factory=list)
    seconds: dict = field(default_factory=dict)

    def add(self, label, count):
        self.parts.append((label, count))

    def __str__(self):
        texts = [f"{count} {label}" for label, count in self.parts]
        texts += [f"{label} unchanged" for label in self.unchanged]
        texts += [f"{label} skipped ({reason})" for label, reason in self.skipped]
        return ", ".join(texts) or "nothing to do"


def build(*, scale):
    """Add the volume at ``scale`` on top of the demo; returns a VolumeReport."""
    from . import colloque, communities, host_applications, news

    report = VolumeReport()
    # One transaction per builder: a failure leaves the builders before it done, and the
    # next run (finding their markers) adds only what is missing.
    for builder in (news, colloque, communities, host_applications):
        started = time.perf_counter()
        with transaction.atomic():
            builder.load(scale=scale, report=report)
        report.seconds[builder.__name__.rsplit(".", 1)[-1]] = time.perf_counter() - started
    return report
