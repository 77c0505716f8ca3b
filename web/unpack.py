"""An upload (files, a folder, or one zip) turned into a drop folder the ingest reads.

Everything is checked before the first byte is written: a name that climbs out (`..`), an absolute
or drive path, a NUL, a link or device entry, an encrypted entry, two entries with one name, more
entries, more bytes or a higher compression ratio than the limits (zip bombs) refuse the whole upload
with a code. Writing then counts bytes again, so a header that lies about sizes stops it too. Names
are kept as bytes, like the ingest keeps them: a zip name that is not UTF-8 lands as its raw bytes and
the ingest shows it with \\xNN escapes.
"""
from __future__ import annotations

import os
import shutil
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from storage.objects import CHUNK
from storage.private import private_dir

UTF8_FLAG = 0x800
ENCRYPTED_FLAG = 0x1
RATIO_FLOOR = 1 << 20  # below 1 MiB expanded, a high ratio (a blank text file) is harmless
NAME_MAX = 255  # bytes of one path segment on Linux filesystems


class UploadRefused(ValueError):
    """The upload is refused as a whole; nothing of it is kept. `code` is said by web.i18n."""

    def __init__(self, code: str, name: str = ""):
        super().__init__(f"{code}: {name}" if name else code)
        self.code, self.name = code, name


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_entries: int
    max_ratio: float


@dataclass(frozen=True)
class Unpacked:
    files: int
    bytes: int


def safe_parts(raw: bytes) -> list[bytes]:
    """The path segments of an entry name, or UploadRefused. Both slashes separate (Windows tools write
    backslashes); empty and `.` segments are dropped."""
    shown = raw.decode("utf-8", "backslashreplace")
    if b"\x00" in raw:
        raise UploadRefused("bad_name", shown.replace("\x00", "\\x00"))
    if raw.startswith((b"/", b"\\")) or (raw[:1].isalpha() and raw[1:2] == b":"):  # /x, \\host, C:
        raise UploadRefused("absolute_path", shown)
    parts = [p for p in raw.replace(b"\\", b"/").split(b"/") if p not in (b"", b".")]
    if b".." in parts:
        raise UploadRefused("path_traversal", shown)
    if not parts:
        raise UploadRefused("bad_name", shown)
    if any(len(p) > NAME_MAX for p in parts):
        raise UploadRefused("name_too_long", shown[:80] + "…")
    return parts


def strip_common_top(paths: list[list[bytes]]) -> list[list[bytes]]:
    """A batch folder dropped or zipped whole ("lo-01/d1.pdf", "lo-01/d2/…"): its entries are the
    dossiers, not the folder itself."""
    tops = {p[0] for p in paths}
    if len(tops) == 1 and all(len(p) > 1 for p in paths):
        return [p[1:] for p in paths]
    return paths


def _check_tree(paths: list[list[bytes]]) -> None:
    """No two entries at one path, and no file where another entry needs a folder."""
    files = {tuple(p) for p in paths}
    if len(files) != len(paths):
        raise UploadRefused("duplicate_entry")
    for p in paths:
        for i in range(1, len(p)):
            if tuple(p[:i]) in files:
                raise UploadRefused("duplicate_entry", b"/".join(p[:i]).decode("utf-8", "backslashreplace"))


def _target(dest: Path, parts: list[bytes]) -> Path:
    return Path(os.fsdecode(os.path.join(os.fsencode(dest), *parts)))


def _write(src: BinaryIO, target: Path, budget: int) -> int:
    """Copy at most `budget` bytes (UploadRefused too_large past it) into a new owner-only file."""
    private_dir(target.parent)
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    written = 0
    with os.fdopen(fd, "wb") as out:
        while chunk := src.read(min(CHUNK, budget - written + 1)):
            written += len(chunk)
            if written > budget:
                raise UploadRefused("too_large")
            out.write(chunk)
    return written


# zips -----------------------------------------------------------------------------------------------
def zip_entry_name(info: zipfile.ZipInfo) -> bytes:
    """The name's bytes as the archive holds them (zipfile decodes names without the UTF-8 flag as cp437)."""
    if info.flag_bits & UTF8_FLAG:
        return info.orig_filename.encode("utf-8", "surrogateescape")
    return info.orig_filename.encode("cp437")


def _entry_kind(info: zipfile.ZipInfo) -> str:
    kind = stat.S_IFMT(info.external_attr >> 16) if info.create_system == 3 else 0  # Unix file type bits
    if kind == stat.S_IFLNK:
        return "link"
    if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
        return "special"
    return "dir" if info.is_dir() else "file"


def check_zip(zf: zipfile.ZipFile, archive_size: int, limits: Limits) -> list[tuple[zipfile.ZipInfo, list[bytes]]]:
    """The files to write with their paths, or UploadRefused; reads headers only."""
    infos = zf.infolist()
    if len(infos) > limits.max_entries:
        raise UploadRefused("too_many_entries")
    entries, total = [], 0
    for info in infos:
        raw = zip_entry_name(info)
        shown = raw.decode("utf-8", "backslashreplace")
        parts = safe_parts(raw)
        kind = _entry_kind(info)
        if kind in ("link", "special"):
            raise UploadRefused("zip_link" if kind == "link" else "zip_special", shown)
        if info.flag_bits & ENCRYPTED_FLAG:
            raise UploadRefused("zip_encrypted", shown)
        if kind == "dir":
            continue
        total += info.file_size
        if total > limits.max_bytes:
            raise UploadRefused("too_large")
        if info.file_size > RATIO_FLOOR and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            raise UploadRefused("zip_ratio", shown)
        entries.append((info, parts))
    if total > RATIO_FLOOR and total > limits.max_ratio * max(archive_size, 1):
        raise UploadRefused("zip_ratio")
    if not entries:
        raise UploadRefused("empty_upload")
    paths = strip_common_top([p for _, p in entries])
    _check_tree(paths)
    return [(info, p) for (info, _), p in zip(entries, paths)]


def unpack_zip(archive: BinaryIO, size: int, dest: Path, limits: Limits) -> Unpacked:
    """Unpack a zip (a seekable file of `size` bytes) into `dest`, which must not exist. On refusal
    nothing is left behind."""
    try:
        with zipfile.ZipFile(archive) as zf:
            entries = check_zip(zf, size, limits)
            return _write_all(dest, ((p, info.file_size, lambda info=info: zf.open(info)) for info, p in entries),
                              limits)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, UnicodeDecodeError) as exc:
        raise UploadRefused("zip_corrupt") from exc  # _write_all removed what it had written
    except NotImplementedError as exc:  # a compression method zipfile cannot read
        raise UploadRefused("zip_unreadable") from exc


def _write_all(dest: Path, items, limits: Limits) -> Unpacked:
    """Write (parts, declared size, opener) items; each file is held to its declared size and the
    whole to the byte limit, whatever the data turns out to be. On any error the folder is removed."""
    private_dir(dest.parent)
    try:
        dest.mkdir()  # a second upload to one folder stops here, before anything is written
    except FileExistsError:
        raise UploadRefused("batch_taken") from None
    os.chmod(dest, 0o700)
    total = files = 0
    try:
        for parts, declared, opener in items:
            with opener() as src:
                total += _write(src, _target(dest, parts), min(declared, limits.max_bytes - total))
            files += 1
    except BaseException:
        _clean(dest)
        raise
    return Unpacked(files, total)


def _clean(dest: Path) -> None:
    shutil.rmtree(dest, ignore_errors=True)


# files and folders sent by the browser --------------------------------------------------------------
def place_files(uploads: list[tuple[str, BinaryIO, int]], dest: Path, limits: Limits) -> Unpacked:
    """(relative name as the browser sent it, data, size) of each file into `dest`. A folder picked or
    dropped whole arrives as names under one top folder, which is stripped (see strip_common_top)."""
    if not uploads:
        raise UploadRefused("empty_upload")
    if len(uploads) > limits.max_entries:
        raise UploadRefused("too_many_entries")
    if sum(size for _, _, size in uploads) > limits.max_bytes:
        raise UploadRefused("too_large")
    paths = strip_common_top([safe_parts(name.encode("utf-8", "surrogateescape")) for name, _, _ in uploads])
    _check_tree(paths)
    return _write_all(dest, ((p, size, lambda f=f: _Unclosed(f)) for p, (_, f, size) in zip(paths, uploads)),
                      limits)


class _Unclosed:
    """A context manager over a file the request owns (it closes it)."""

    def __init__(self, f: BinaryIO):
        self.f = f

    def __enter__(self) -> BinaryIO:
        self.f.seek(0)
        return self.f

    def __exit__(self, *exc) -> None:
        return None


def is_zip(f: BinaryIO) -> bool:
    f.seek(0)
    head = f.read(4)
    f.seek(0)
    return head in (b"PK\x03\x04", b"PK\x05\x06")
