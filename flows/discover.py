"""Turn a dropped folder into dossiers: each top-level file is one, each sub-folder is one.

Pure filesystem walk, no side effects; names are kept as bytes-safe relative POSIX paths.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from storage.objects import folder_sha256, sha256_file


@dataclass(frozen=True)
class DropFile:
    path: Path  # absolute
    rel: str  # relative to the dropped folder, POSIX
    size: int
    sha256: str
    is_link: bool = False  # symlinks are accounted for but never followed


@dataclass(frozen=True)
class DossierInput:
    source: str  # file or folder path relative to the dropped folder ("x/" for folders)
    is_folder: bool
    files: list[DropFile] = field(default_factory=list)

    @property
    def sha256(self) -> str:
        """A file's own hash; for a folder, the hash of its sorted (name, hash) list."""
        if not self.is_folder:
            return self.files[0].sha256
        return folder_sha256([(f.rel[len(self.source):], f.sha256) for f in self.files])


def _rel(path: Path, root: Path) -> str:
    # Names that are not valid UTF-8 keep their bytes visibly escaped, so databases can store them.
    rel = path.relative_to(root).as_posix()
    return rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _drop_file(path: Path, root: Path) -> DropFile:
    if path.is_symlink():
        target = str(path.readlink()).encode("utf-8", "surrogateescape")
        return DropFile(path, _rel(path, root), 0, hashlib.sha256(b"symlink:" + target).hexdigest(), True)
    sha, size = sha256_file(path)
    return DropFile(path=path, rel=_rel(path, root), size=size, sha256=sha)


def discover(root: Path) -> list[DossierInput]:
    """Dossiers in name order. Symlinks are listed (so they are accounted for) but never followed."""
    root = root.resolve()
    dossiers: list[DossierInput] = []
    for entry in sorted(root.iterdir(), key=lambda p: p.name):
        if entry.is_dir() and not entry.is_symlink():
            files = [
                _drop_file(p, root)
                for p in sorted(entry.rglob("*"), key=lambda p: _rel(p, root))
                if p.is_symlink() or p.is_file()
            ]
            dossiers.append(DossierInput(source=_rel(entry, root) + "/", is_folder=True, files=files))
        elif entry.is_symlink() or entry.is_file():
            dossiers.append(DossierInput(source=entry.name, is_folder=False, files=[_drop_file(entry, root)]))
    return dossiers
