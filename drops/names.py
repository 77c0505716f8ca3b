"""Batch names for dropped folders: readable, safe anywhere a batch name goes (flow run names, tags,
artifact keys, file paths), and distinct for distinct folders, whatever the folder is called."""
from __future__ import annotations

import hashlib
import re
import unicodedata

MAX = 80  # leaves room for the suffix within the 100 characters IngestParams allows
_SAFE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def batch_name(name: str, salt: str = "") -> str:
    """The folder's name when it is already a safe batch name; otherwise its letters without tone
    marks (đ as d), other characters as '-', plus 8 hex digits of the exact name, so "Hồ sơ 01" and
    "Ho so 01" stay two batches. `salt` (the source) adds its own hash, for a name another source
    already uses."""
    if _SAFE.match(name) and len(name) <= MAX and not salt:
        return name
    plain = unicodedata.normalize("NFKD", name.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", plain)
    slug = re.sub(r"-{2,}", "-", slug).lstrip("._-")[:MAX].rstrip("._-") or "batch"
    exact = name.encode("utf-8", "surrogateescape") + b"\0" + salt.encode("utf-8", "surrogateescape")
    return f"{slug}-{hashlib.sha256(exact).hexdigest()[:8]}"
