"""MachineCache: each process's memory in front of files every process of the machine reads."""

import os
import time

import pytest

from home.cache_backends import MachineCache, SharedFileCache


def machine(location, **options):
    return MachineCache(str(location), {"TIMEOUT": 300, "OPTIONS": options})


def test_what_one_process_keeps_another_reads(tmp_path):
    worker, task = machine(tmp_path), machine(tmp_path)  # two processes, one directory
    task.set("route", {"page": 7}, 60)
    assert worker.get("route") == {"page": 7}
    # Now in the reader's memory: found there even once the file is gone.
    for name in os.listdir(tmp_path):
        os.remove(tmp_path / name)
    assert worker.get("route") == {"page": 7}
    assert worker.get("other", "missing") == "missing"


def test_memory_keeps_a_value_no_longer_than_the_files(tmp_path, monkeypatch):
    worker, task = machine(tmp_path), machine(tmp_path)
    task.set("listing", [1, 2], 10)
    assert worker.get("listing") == [1, 2]
    later = time.time() + 11
    monkeypatch.setattr(time, "time", lambda: later)
    assert worker.get("listing") is None
    assert task.get("listing") is None


def test_a_deletion_reaches_the_files_and_this_process(tmp_path):
    worker, editor = machine(tmp_path), machine(tmp_path)
    editor.set("key", "old")
    assert worker.get("key") == "old"
    editor.delete("key")
    assert editor.get("key") is None
    assert machine(tmp_path).get("key") is None  # a process started afterwards


def test_add_get_many_has_key_and_clear(tmp_path):
    cache = machine(tmp_path)
    assert cache.add("a", 1) is True
    assert cache.add("a", 2) is False
    cache.set_many({"b": 2, "c": 3})
    assert cache.get_many(["a", "b", "c", "d"]) == {"a": 1, "b": 2, "c": 3}
    assert cache.has_key("b") and not cache.has_key("d")
    cache.clear()
    assert machine(tmp_path).get_many(["a", "b", "c"]) == {}


def test_writes_do_not_list_the_directory_each_time(tmp_path, monkeypatch):
    files = SharedFileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 1000}})
    listings = []
    original = files._list_cache_files
    monkeypatch.setattr(files, "_list_cache_files", lambda: listings.append(1) or original())
    for n in range(50):
        files.set(f"key-{n}", n)
    # Django's own file cache lists every file on every write; ours sweeps once a minute.
    assert len(listings) <= 2
    assert files.get("key-49") == 49


def test_the_sweep_removes_expired_entries_only(tmp_path, monkeypatch):
    files = SharedFileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 1000}})
    files.set("old-version", "x", 1)
    files.set("current", "y", 3600)
    later = time.time() + 5
    monkeypatch.setattr(time, "time", lambda: later)
    files._next_cull = 0
    files._cull()
    assert len(files._list_cache_files()) == 1
    assert files.get("current") == "y"


@pytest.mark.parametrize("limit", [3])
def test_random_culling_remains_the_last_resort(tmp_path, limit):
    files = SharedFileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": limit}})
    for n in range(10):
        files._next_cull = 0
        files.set(f"key-{n}", n)
    assert len(files._list_cache_files()) <= limit + 1
