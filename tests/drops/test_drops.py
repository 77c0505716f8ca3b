"""Quiet-time detection, batch names and folder signatures: the logic behind `sohoa watch`, without
Prefect (a clock the test moves, real folders)."""
from __future__ import annotations

import os
import time

import pytest

from drops.folders import folder_entries, signature
from drops.names import batch_name
from drops.quiet import READY, Entry, Intake, QuietTracker


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_an_entry_is_ready_only_after_its_signature_stayed_the_same_for_the_quiet_time():
    t = QuietTracker(quiet_seconds=10)
    assert t.ready([Entry("a", "/d/a", ("x", 1))], now=0) == []
    assert t.ready([Entry("a", "/d/a", ("x", 2))], now=8) == []  # changed: the quiet time starts again
    assert t.ready([Entry("a", "/d/a", ("x", 2))], now=17) == []
    assert [e.name for e in t.ready([Entry("a", "/d/a", ("x", 2))], now=18)] == ["a"]


def test_a_change_notification_restarts_the_quiet_time_even_when_the_signature_did_not_move():
    t = QuietTracker(quiet_seconds=10)
    t.ready([Entry("a", "/d/a", 1)], now=0)
    assert t.ready([Entry("a", "/d/a", 1)], now=9, touched=frozenset({"a"})) == []
    assert t.ready([Entry("a", "/d/a", 1)], now=18) == []
    assert len(t.ready([Entry("a", "/d/a", 1)], now=19)) == 1


def test_a_ready_marker_makes_an_entry_ready_at_once():
    t = QuietTracker(quiet_seconds=3600)
    assert [e.name for e in t.ready([Entry("a", "/d/a", 1, marked=True), Entry("b", "/d/b", 1)], now=0)] == ["a"]


def test_intake_starts_each_entry_once_skips_known_ones_and_retries_one_that_could_not_start():
    clock, started, attempts = Clock(), [], []
    entries = [Entry("old", "/d/old", 1), Entry("new", "/d/new", 1), Entry("flaky", "/d/flaky", 1)]

    def start(e: Entry) -> None:
        attempts.append(e.name)
        if e.name == "flaky" and attempts.count("flaky") == 1:
            raise ConnectionError("database down")  # not started at all: tried again later
        started.append(e.name)

    intake = Intake(lambda: entries, start, known=lambda e: e.name == "old", quiet_seconds=5, clock=clock)
    assert intake.tick() == []
    clock.now += 5
    assert [e.name for e in intake.tick()] == ["new"]  # flaky failed to start
    clock.now += 1
    assert intake.tick() == []  # flaky's quiet time starts again
    clock.now += 5
    assert [e.name for e in intake.tick()] == ["flaky"]
    clock.now += 100
    assert intake.tick() == []
    assert started == ["new", "flaky"] and "old" not in attempts


def test_a_listing_that_fails_does_not_stop_the_intake():
    clock, calls = Clock(), []

    def snapshot():
        calls.append(1)
        if len(calls) == 1:
            raise TimeoutError("inbox unreachable")
        return [Entry("a", "/d/a", 1, marked=True)]

    started = []
    intake = Intake(snapshot, lambda e: started.append(e.name), known=lambda e: False, quiet_seconds=5, clock=clock)
    assert intake.tick() == [] and [e.name for e in intake.tick()] == ["a"] and started == ["a"]


@pytest.mark.parametrize("name, expected", [
    ("lt-2019-01", "lt-2019-01"),
    ("Hồ sơ đất 2019", "Ho-so-dat-2019-"),
    ("../../etc/passwd", "etc-passwd-"),
    ("-rf", "rf-"),
    ("ảnh", "anh-"),
    ("日本", "batch-"),
    ("bad\\xff name", "bad-xff-name-"),
    ("a" * 300, "a" * 80 + "-"),
])
def test_batch_names_are_safe_readable_and_keep_a_safe_name_as_it_is(name, expected):
    from flows.ingest import IngestParams

    got = batch_name(name)
    assert got == expected if not expected.endswith("-") else got.startswith(expected) and len(got) == len(expected) + 8
    IngestParams(source="/x", batch=got)  # the flow accepts it


def test_names_that_differ_only_in_marks_or_source_give_different_batches():
    assert batch_name("Hồ sơ 01") != batch_name("Ho so 01") != batch_name("Ho-so-01")
    assert batch_name("lt-01", salt="/a/lt-01") != batch_name("lt-01", salt="/b/lt-01")
    assert batch_name("lt-01", salt="/a/lt-01") == batch_name("lt-01", salt="/a/lt-01")


def test_folder_entries_sign_every_file_and_see_the_marker_but_not_hidden_entries(tmp_path):
    (tmp_path / "b1").mkdir()
    (tmp_path / "b1" / "d1.pdf").write_bytes(b"%PDF-1.4 one")
    (tmp_path / "b1" / "sub").mkdir()
    (tmp_path / "b1" / "sub" / "p1.png").write_bytes(b"png")
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4 two")
    (tmp_path / ".scan.pdf.partial").write_bytes(b"%PDF")  # a copy tool's temporary file
    (tmp_path / READY).write_bytes(b"")  # a marker at the top is not a batch
    (tmp_path / os.fsdecode(b"bad\xffname")).mkdir()
    entries = {e.name: e for e in folder_entries(tmp_path)}
    assert set(entries) == {"b1", "scan.pdf", "bad\\xffname"}
    assert entries["bad\\xffname"].source.endswith("/bad\\xffname")
    before = entries["b1"].signature
    assert not entries["b1"].marked
    time.sleep(0.01)
    with open(tmp_path / "b1" / "sub" / "p1.png", "ab") as f:  # a deep file grows
        f.write(b"more")
    assert signature(tmp_path / "b1") != before
    (tmp_path / "b1" / READY).write_bytes(b"")
    assert {e.name: e for e in folder_entries(tmp_path)}["b1"].marked
