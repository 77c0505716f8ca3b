"""Decide a file's type by its bytes and refuse unusable files before anything is decoded."""
from __future__ import annotations

import struct
from pathlib import Path

from sohoa.errors import QuarantineError, Reason

EXTENSIONS = {".pdf": "pdf", ".tif": "tiff", ".tiff": "tiff", ".jpg": "jpeg", ".jpeg": "jpeg", ".png": "png"}


def magic_type(head: bytes) -> str | None:
    """Type from the first bytes of a file, or None when it is none of ours."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        return "tiff"
    if b"%PDF-" in head[:1024]:  # the spec tolerates junk before the header
        return "pdf"
    return None


def sniff(path: Path, opts) -> str:
    """Return "pdf" | "tiff" | "jpeg" | "png", or raise QuarantineError with the reason."""
    path = Path(path)
    size = path.stat().st_size
    if size == 0:
        raise QuarantineError(Reason.empty_file)
    if size > opts.max_file_bytes:
        raise QuarantineError(Reason.too_large, detail=f"{size} bytes > {opts.max_file_bytes}")
    with path.open("rb") as fh:
        head = fh.read(1024)
    by_ext = EXTENSIONS.get(path.suffix.lower())
    by_bytes = magic_type(head)
    if by_ext is None:
        raise QuarantineError(Reason.unsupported_type, detail=f"extension {path.suffix!r}")
    if by_bytes is None:
        # Our extension but bytes of nothing we know: a broken file of that type.
        reason = Reason.corrupt_pdf if by_ext == "pdf" else Reason.unreadable_image
        raise QuarantineError(reason, detail="unrecognised header")
    if by_bytes != by_ext:
        raise QuarantineError(Reason.type_mismatch, detail=f"extension says {by_ext}, bytes say {by_bytes}")
    return by_bytes


def png_size(head: bytes) -> tuple[int, int] | None:
    """Width and height from a PNG IHDR, read without decoding (PIL refuses some hostile headers)."""
    if len(head) >= 24 and head[12:16] == b"IHDR":
        return struct.unpack(">II", head[16:24])
    return None
