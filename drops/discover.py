"""Turn a dropped folder into dossiers: each top-level file is one, each sub-folder is one.

Pure filesystem walk, no side effects. It never raises for one entry: a file it cannot or must not
read (unreadable, FIFO/socket/device, over the size limit) is listed with a `problem` reason code
and is never opened. Names are kept losslessly (see `show_name`).
"""
from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from sohoa.errors import Reason
from storage.objects import RemoteObject, folder_sha256, hash_stream

_SPECIAL = ((stat.S_ISFIFO, "fifo"), (stat.S_ISSOCK, "socket"), (stat.S_ISCHR, "character device"),
            (stat.S_ISBLK, "block device"))


@dataclass(frozen=True)
class DropFile:
    path: Path  # absolute, as the filesystem knows it (undecodable bytes surrogate-escaped)
    rel: str  # relative to the dropped folder, POSIX, shown with show_name
    size: int
    sha256: str  # "" when the file was not read (problem set)
    is_link: bool = False  # symlinks are accounted for but never followed
    problem: Reason | None = None  # why the file is quarantined without being read
    detail: str | None = None
    remote: RemoteObject | None = None  # read from an S3 inbox or the store, not from `path`; sha256 ""
    # until it has been taken in (drops.sources.taken_in)


@dataclass(frozen=True)
class DossierInput:
    source: str  # file or folder path relative to the dropped folder ("x/" for folders)
    is_folder: bool
    files: list[DropFile] = field(default_factory=list)

    @property
    def sha256(self) -> str:
        """A file's own hash; for a folder, the hash of its sorted (name, hash) list. Files listed in an
        inbox and not read yet stand in with their listed version (ETag and size)."""
        if any(f.remote and not f.sha256 and not f.problem for f in self.files):
            return folder_sha256([(f.rel, f"{f.remote.etag}:{f.size}") for f in self.files])
        if not self.is_folder:
            return self.files[0].sha256
        return folder_sha256([(f.rel[len(self.source):], f.sha256) for f in self.files])


def show_name(raw: bytes) -> str:
    """Readable and lossless: a valid UTF-8 name without a backslash is itself; any other name has its
    backslashes doubled and its undecodable bytes written \\xNN. Only the second kind holds a
    backslash, so two different names never show the same."""
    try:
        text = raw.decode("utf-8")
        if "\\" not in text:
            return text
    except UnicodeDecodeError:
        pass
    return raw.replace(b"\\", b"\\\\").decode("utf-8", "backslashreplace")


def raw_name(shown: str) -> bytes:
    """The bytes of a name shown by show_name."""
    if "\\" not in shown:
        return shown.encode("utf-8")
    return re.sub(rb"\\(\\|x[0-9a-f]{2})", lambda m: b"\\" if m[1] == b"\\" else bytes.fromhex(m[1][1:].decode()),
                  shown.encode("utf-8"))


def _rel(path: Path, root: Path) -> str:
    return show_name(os.fsencode(path.relative_to(root).as_posix()))


def _problem(path: Path, root: Path, reason: Reason, detail: str, size: int = 0, suffix: str = "") -> DropFile:
    return DropFile(path, _rel(path, root) + suffix, size, "", problem=reason, detail=detail)


def _errno_name(exc: OSError) -> str:
    return errno.errorcode.get(exc.errno or 0, type(exc).__name__)


def is_regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.lstat().st_mode)
    except OSError:
        return False


def open_regular(path: Path):
    """Open a regular file for reading without following a link or blocking on a FIFO swapped in
    after discovery; anything else raises OSError(EINVAL)."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise OSError(errno.EINVAL, "not a regular file", str(path))
    return os.fdopen(fd, "rb")


def _drop_file(path: Path, root: Path, max_bytes: int | None) -> DropFile:
    try:
        st = path.lstat()
        if stat.S_ISLNK(st.st_mode):
            target = os.fsencode(path.readlink())
            return DropFile(path, _rel(path, root), 0, hashlib.sha256(b"symlink:" + target).hexdigest(), True)
        for test, kind in _SPECIAL:
            if test(st.st_mode):
                return _problem(path, root, Reason.special_file, kind)
        if max_bytes is not None and st.st_size > max_bytes:
            return _problem(path, root, Reason.too_large, f"{st.st_size} bytes > {max_bytes}", st.st_size)
        with open_regular(path) as fh:
            sha, size = hash_stream(fh)
    except OSError as exc:
        return _problem(path, root, Reason.unreadable_file, _errno_name(exc))
    return DropFile(path=path, rel=_rel(path, root), size=size, sha256=sha)


def _folder_files(folder: Path, root: Path, max_bytes: int | None) -> list[DropFile]:
    files: list[DropFile] = []

    def unreadable(exc: OSError) -> None:
        files.append(_problem(Path(exc.filename), root, Reason.unreadable_file, _errno_name(exc), suffix="/"))

    for dirpath, dirnames, filenames in os.walk(folder, onerror=unreadable):
        here = Path(dirpath)
        links = [d for d in dirnames if (here / d).is_symlink()]  # listed, never followed
        dirnames[:] = [d for d in dirnames if d not in links]
        files.extend(_drop_file(here / n, root, max_bytes) for n in filenames + links)
    return sorted(files, key=lambda f: f.rel)


def discover(root: Path, max_bytes: int | None = None, skip: frozenset[str] = frozenset()) -> list[DossierInput]:
    """Dossiers in name order. Symlinks are listed (so they are accounted for) but never followed;
    files over `max_bytes` are listed as too_large without being read. A dropped file (not a folder)
    is a batch of one dossier. `skip`: top-level regular files that are not dossiers (the caller
    accounts for them)."""
    root = root.resolve()
    if not root.is_dir():
        f = _drop_file(root, root.parent, max_bytes)
        return [DossierInput(source=f.rel, is_folder=False, files=[f])]
    dossiers: list[DossierInput] = []
    for entry in sorted(root.iterdir(), key=lambda p: os.fsencode(p.name)):
        if entry.name in skip and is_regular(entry):
            continue
        try:
            is_folder = stat.S_ISDIR(entry.lstat().st_mode)
        except OSError:
            is_folder = False  # gone since listed: _drop_file records why
        if is_folder:
            source = _rel(entry, root) + "/"
            dossiers.append(DossierInput(source, True, _folder_files(entry, root, max_bytes)))
        else:
            f = _drop_file(entry, root, max_bytes)
            dossiers.append(DossierInput(source=f.rel, is_folder=False, files=[f]))
    return dossiers
