"""One cache for the public site: whole pages, each invalidated by what it showed.

A page rendered for the cache records *tags*, names of what it showed (the idea of Drupal's
cache tags and of CDN surrogate keys): every row loaded while it renders, by itself
(``signals``); what a listing or a count reads, said by the code that reads it
(``tag(NewsPage)``, ``tag(Registration, community=5)``: one community's seats); the site
(``tag(Site)``: menus, footer, settings). A write invalidates what it touched (``signals``)
and only the pages that showed it render again; what changes with the clock says when
(``changes_at``). Only this package builds keys. See docs/architecture.md.
"""

import contextvars
import functools

from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

_scope = contextvars.ContextVar("caching_scope", default=None)


class Scope:
    """What one render showed: its tags, when it started (a stamp) and when it expires."""

    def __init__(self, start):
        self.start, self.tags, self.until = start, set(), None


@functools.cache
def root_label(model):
    """The model whose table holds every row of ``model`` (a page's is Page, whatever its
    type: one row has one tag, loaded in any form)."""
    root = model._meta.concrete_model
    while root._meta.parents:
        root = next(iter(root._meta.parents))
    return root._meta.label_lower


def name(thing, **partition):
    """The tag of a row, of a model's rows (``NewsPage``: any news item), or of the rows
    whose foreign key points to one object (``Registration, community=page``)."""
    if isinstance(thing, Model):
        return f"{root_label(type(thing))}:{thing.pk}"
    label = thing._meta.label_lower
    for field, value in partition.items():
        return f"{label}.{field}={getattr(value, 'pk', value)}"
    return label


def tag(*things, **partition):
    """What is being rendered shows ``things`` (rows or models), or the rows of one model
    whose foreign key is given: ``tag(Registration, community=page)``."""
    scope = _scope.get()
    if scope is not None:
        scope.tags.update(name(thing, **partition) for thing in things)


def changes_at(*moments):
    """What is being rendered changes by itself at the earliest of these future moments."""
    scope, now = _scope.get(), timezone.now()
    for moment in moments:
        if scope is not None and moment is not None and moment > now:
            scope.until = moment if scope.until is None else min(scope.until, moment)


def invalidate(*things, **partition):
    """Every stored page that showed these rows, models or partitions (as for ``tag``)
    is stale."""
    invalidate_tags({name(thing, **partition) for thing in things})


def invalidate_tags(tags):
    """At once, and again when the transaction commits: a page rendered meanwhile, from
    rows the transaction had not committed yet, started before the second stamp."""
    if connection.in_atomic_block:
        _stamp(tags, purge=False)
        _pending().update(tags)
    else:
        _stamp(tags)


def _pending():
    """The tags invalidated again when this transaction commits (one set per savepoint:
    a savepoint rolled back drops its own, as Django drops its callbacks)."""
    savepoints = set(connection.savepoint_ids)
    for ids, callback, _robust in connection.run_on_commit:
        if ids == savepoints and getattr(callback, "func", None) is _stamp:
            return callback.args[0]
    pending = set()
    transaction.on_commit(functools.partial(_stamp, pending), robust=True)
    return pending


def _stamp(tags, *, purge=True):
    from . import cdn, store  # noqa: PLC0415 (they read settings and models: once Django is ready)

    store.store().stamps.invalidate(tags)
    if purge:  # the CDN, once the change is committed
        cdn.purge(tags)
