"""Take a dropped file in: one read that copies it to a private work file while hashing it.

The drop is not ours: a file may be replaced between discovery and storage. Everything after intake
(the object store, OCR) uses the private copy, whose bytes are checked against the discovery hash, so
what is stored, what is read and what is recorded are the same bytes.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

from drops.discover import DropFile, open_regular
from sohoa.errors import QuarantineError, Reason
from storage.objects import CHUNK
from storage.private import open_private, private_dir


def work_suffix(rel: str) -> str:
    """The extension a work copy keeps (it decides how the file is read), safe characters only."""
    return re.sub(r"[^A-Za-z0-9.]", "", Path(rel).suffix)[:10]


def work_copy(f: DropFile, dest_dir: Path, n: int) -> Path:
    """Copy `f` into dest_dir (keeping its extension, which decides how it is read) and return the path.
    Raises QuarantineError changed_during_ingest or unreadable_file."""
    private_dir(dest_dir)
    dest = dest_dir / f"{n:04d}{work_suffix(f.rel)}"
    h, size = hashlib.sha256(), 0
    try:
        with open_regular(f.path) as src, open_private(dest) as out:
            while chunk := src.read(CHUNK):
                h.update(chunk)
                size += len(chunk)
                out.write(chunk)
    except FileNotFoundError:
        raise QuarantineError(Reason.changed_during_ingest, detail="removed after discovery") from None
    except OSError as exc:
        raise QuarantineError(Reason.unreadable_file, detail=type(exc).__name__) from None
    if h.hexdigest() != f.sha256 or size != f.size:
        dest.unlink()
        raise QuarantineError(Reason.changed_during_ingest, detail=f"{size} bytes now, {f.size} at discovery")
    return dest
