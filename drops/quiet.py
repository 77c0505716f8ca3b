"""When has a drop finished arriving? When nothing in it has changed for a quiet time, or as soon as
a `_READY` marker file lands in it.

Pure logic over snapshots: the caller lists the candidates (folder entries, inbox prefixes) with a
signature that changes whenever their content does, and supplies the clock.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

log = logging.getLogger("sohoa.intake")

READY = "_READY"  # marker a scanner or copy job writes last; it is not a dossier file


@dataclass(frozen=True)
class Entry:
    name: str  # top-level name, shown losslessly (drops.discover.show_name)
    source: str  # what the ingest flow is given: a path, or s3://bucket/key
    signature: object  # equal while the content is unchanged
    marked: bool = False  # a READY marker is in it


class QuietTracker:
    """Remembers since when each candidate's signature has been as it is now."""

    def __init__(self, quiet_seconds: float):
        self.quiet = quiet_seconds
        self._since: dict[str, tuple[object, float]] = {}

    def ready(self, entries: Iterable[Entry], now: float, touched: frozenset[str] = frozenset()) -> list[Entry]:
        """Record this snapshot and return the entries that are ready. `touched`: names a change
        notification named (a rewrite may leave size and time as they were). A name missing from the
        snapshot is forgotten: if it comes back, its quiet time starts again."""
        seen, ready = {}, []
        for e in entries:
            prev = self._since.get(e.name)
            unchanged = prev is not None and prev[0] == e.signature and e.name not in touched
            since = prev[1] if unchanged else now
            seen[e.name] = (e.signature, since)
            if e.marked or now - since >= self.quiet:
                ready.append(e)
        self._since = seen
        return ready

    def knows(self, name: str) -> bool:
        return name in self._since

    def forget(self, name: str) -> None:
        self._since.pop(name, None)


class Intake:
    """Starts each candidate once: when it is ready, unless `known` says a batch already took it."""

    def __init__(self, snapshot: Callable[[], list[Entry]], start: Callable[[Entry], None],
                 known: Callable[[Entry], bool], quiet_seconds: float, clock: Callable[[], float] = time.monotonic):
        self.snapshot, self.start, self.known, self.clock = snapshot, start, known, clock
        self.tracker = QuietTracker(quiet_seconds)
        self.handled: set[str] = set()  # names this intake started or found taken

    def tick(self, touched: frozenset[str] = frozenset()) -> list[Entry]:
        """One look at the candidates; starts (in name order) those that are ready. Returns them."""
        try:
            entries = [e for e in self.snapshot() if e.name not in self.handled]
        except Exception as exc:  # a listing that fails now may work at the next tick
            log.warning("could not list the drop: %s", type(exc).__name__)
            return []
        entries = [e for e in entries if self.tracker.knows(e.name) or self._new(e)]
        started = []
        for e in sorted(self.tracker.ready(entries, self.clock(), touched), key=lambda e: e.name):
            self.handled.add(e.name)
            try:
                self.start(e)
            except Exception as exc:  # not started at all (e.g. database down): looked at again later
                log.warning("batch for %s not started (%s); tried again after its quiet time", e.name,
                            type(exc).__name__)
                self.handled.discard(e.name)
                self.tracker.forget(e.name)
                continue
            started.append(e)
        return started

    def _new(self, e: Entry) -> bool:
        """A candidate seen for the first time: False when a batch already took it (it is then never
        looked at again) or when that cannot be told now (asked again at the next tick)."""
        try:
            taken = self.known(e)
        except Exception as exc:
            log.warning("could not tell whether %s was ingested before (%s)", e.name, type(exc).__name__)
            return False
        if taken:
            self.handled.add(e.name)
        return not taken

    def run(self, wakes: Iterator[frozenset[str]], until: float | None = None) -> None:
        """Tick now and at each wake (a set of touched names, empty on a timeout), until the wakes end
        or the clock passes `until`."""
        self.tick()
        for touched in wakes:
            self.tick(touched)
            if until is not None and self.clock() >= until:
                return
