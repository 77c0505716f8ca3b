"""A watched drop folder: each top-level sub-folder or file is one batch.

Signatures come from the files' sizes and modification times (read with lstat, links never
followed); watchfiles only wakes the loop early, so a missed notification (network mounts) costs
at most one tick.
"""
from __future__ import annotations

import os
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

from drops.discover import is_regular, show_name
from drops.quiet import READY, Entry


def _shown(path: Path) -> str:
    return show_name(os.fsencode(path))


def watched(name: str) -> bool:
    """Top-level names that are not batches: hidden ones (copy tools write their temporary files as
    dot-files and rename them when done) and a READY marker put at the top by mistake."""
    return not name.startswith(".") and name != READY


def folder_entries(root: Path) -> list[Entry]:
    root = Path(root).resolve()
    entries = []
    for entry in os.scandir(root):
        if not watched(entry.name):
            continue
        path = root / entry.name
        entries.append(Entry(name=show_name(os.fsencode(entry.name)), source=_shown(path),
                             signature=signature(path), marked=_marked(path)))
    return entries


def _marked(path: Path) -> bool:
    return is_regular(path / READY)


def signature(path: Path) -> tuple:
    """(name, size, mtime) of the entry and of everything under it; errors are part of it."""
    try:
        st = path.lstat()
    except OSError as exc:
        return (("error", exc.errno),)
    if not stat.S_ISDIR(st.st_mode):
        return ((b"", st.st_size, st.st_mtime_ns),)
    items = []

    def unreadable(exc: OSError) -> None:
        items.append((os.fsencode(exc.filename or ""), "error", exc.errno))

    for dirpath, dirnames, filenames in os.walk(path, onerror=unreadable):
        for name in dirnames + filenames:
            p = os.path.join(dirpath, name)
            try:
                s = os.lstat(p)
                items.append((os.fsencode(p), s.st_size, s.st_mtime_ns))
            except OSError as exc:
                items.append((os.fsencode(p), "error", exc.errno))
    return tuple(sorted(items, key=lambda i: i[0]))


def changes(root: Path, stop: threading.Event | None, tick_seconds: float) -> Iterator[frozenset[str]]:
    """Top-level names under which something changed, at most every tick; an empty set when nothing
    did. Ends when `stop` is set (or on Ctrl+C)."""
    import watchfiles

    root = Path(root).resolve()
    for found in watchfiles.watch(root, watch_filter=None, stop_event=stop, debounce=200, step=50,
                                  rust_timeout=max(100, int(tick_seconds * 1000)), yield_on_timeout=True,
                                  raise_interrupt=False, ignore_permission_denied=True):
        names = set()
        for _, p in found:
            rel = Path(p).relative_to(root).parts if Path(p).is_relative_to(root) else ()
            if rel:
                names.add(show_name(os.fsencode(rel[0])))
        yield frozenset(names)
