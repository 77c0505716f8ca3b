"""Owner-only files and folders, whatever the umask: the home holds names, addresses and citizen IDs."""
from __future__ import annotations

import os
from pathlib import Path


def private_dir(path: Path) -> Path:
    """mkdir -p where every folder it creates is 0700 (mkdir's own mode is cut by the umask)."""
    path = Path(path)
    missing = []
    p = path
    while not p.exists():
        missing.append(p)
        p = p.parent
    for d in reversed(missing):
        try:
            d.mkdir(mode=0o700)
        except FileExistsError:  # another thread made it: make sure of its mode all the same
            pass
        os.chmod(d, 0o700)
    return path


def private_file(path: Path) -> Path:
    """Create the file 0600 if it does not exist yet (SQLite then keeps that mode for -wal/-shm).
    An existing file is never opened: closing any descriptor of a database file drops every POSIX
    lock this process holds on it, SQLite's included, and another process then takes itself for the
    last user, checkpoints and deletes the WAL under this process's open connections (which go on
    reading and writing the deleted one)."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass
    return Path(path)


def open_private(path: Path, mode: str = "wb"):
    """Open a new or truncated file for writing, created 0600."""
    return open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), mode)
