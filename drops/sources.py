"""A batch's source, whatever it is: a dropped folder (or file) or an S3 inbox prefix.

Sources travel as text (flow parameters are JSON): a path is written the way sohoa shows names
(drops.discover.show_name: undecodable bytes as \\xNN), so any folder name survives the trip.
"""
from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from drops.discover import DossierInput, DropFile, discover, is_regular, raw_name, show_name
from drops.work_copy import work_suffix
from drops import s3
from drops.quiet import READY
from sohoa.errors import Reason
from storage.objects import ObjectMissing, ObjectStore, RemoteObject, SourceChanged
from storage.private import private_dir


@dataclass
class Found:
    dossiers: list[DossierInput]
    markers: list[str] = field(default_factory=list)  # READY markers seen: accounted for, not dossiers


def shown_path(path: Path) -> str:
    return show_name(os.fsencode(Path(path)))


def source_path(source: str) -> Path:
    try:
        return Path(os.fsdecode(raw_name(source)))
    except UnicodeEncodeError:  # a raw path with surrogate-escaped bytes, not a shown one
        return Path(source)


KEEP_STATES = ("duplicate", "rejected", "rescan")  # reprocessing leaves these as they are


def stored_dossier(view, reviewed: bool) -> tuple[DossierInput | None, str]:
    """The dossier again from its stored originals, to reprocess it after a rule change; or None and
    why it keeps its outcome: a person decided it, it is a duplicate, or a file of it was never
    stored (refused before storage: it is still only in the drop)."""
    if reviewed or view.state in KEEP_STATES:
        return None, "decided by a reviewer" if reviewed else view.state
    docs = view.documents
    if not docs or any(not d["object_key"] for d in docs):
        return None, "not all files are stored"
    files = [DropFile(Path("/", d["object_key"]), d["name"], d["size"], d["sha256"],
                      remote=RemoteObject(key=d["object_key"])) for d in docs]
    return DossierInput(view.source, view.kind == "folder", files), ""


def find_dossiers(source: str, settings, max_bytes: int | None) -> Found:
    if s3.is_s3(source):
        dossiers, markers = s3.find(s3.s3_client(settings), source, max_bytes)
        return Found(dossiers, markers)
    root = source_path(source)
    markers = [READY] if root.is_dir() and is_regular(root / READY) else []
    return Found(discover(root, max_bytes=max_bytes, skip=frozenset(markers)), markers)


def count_entries(source: str) -> int:
    """Dossiers a local source will give (for a progress bar): its entries but the READY marker."""
    root = source_path(source)
    if not root.is_dir():
        return 1
    return sum(1 for p in root.iterdir() if not (p.name == READY and is_regular(p)))


@contextlib.contextmanager
def taken_in(d: DossierInput, store: ObjectStore, settings, workdir: Path) -> Iterator[DossierInput]:
    """The dossier with its remote files read once into private files under workdir (removed on
    exit): each file then has its path, sha256 and size, and keeps `remote` so the store can copy
    the original server-side. A file replaced or removed since it was listed is marked
    changed_during_ingest (quarantined by reference, left where it is). Local dossiers pass as they are."""
    if not any(f.remote and not f.problem for f in d.files):
        yield d
        return
    private_dir(workdir)
    client = None
    try:
        files = []
        for n, f in enumerate(d.files):
            if f.problem or not f.remote:
                files.append(f)
                continue
            dest = workdir / f"{n:04d}{work_suffix(f.rel)}"
            try:
                if f.remote.bucket is None:  # a stored original (reprocessing)
                    info = store.get_file(f.remote.key, dest)
                    sha, size = info.sha256, info.size
                else:
                    client = client or s3.s3_client(settings)
                    sha, size = s3.download(client, f.remote, dest)
            except (SourceChanged, ObjectMissing) as exc:
                files.append(replace(f, problem=Reason.changed_during_ingest, detail=type(exc).__name__))
                continue
            files.append(replace(f, path=dest, sha256=sha, size=size))
        yield replace(d, files=files)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
