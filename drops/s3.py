"""An S3 inbox (SOHOA_S3_INBOX = bucket[/prefix]) on the store's S3 server: each top-level prefix
(or object) under it is one batch, named by its source `s3://bucket/key`.

The listing is the signature: a batch is quiet when its (key, ETag, size) list stays the same. Files
are read once, streamed into a private work file while they are hashed, on condition that they are
still the version that was listed.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from drops.discover import DossierInput, DropFile, show_name
from drops.folders import watched
from drops.quiet import READY, Entry
from sohoa.errors import Reason
from storage.objects import CHUNK, RemoteObject, SourceChanged
from storage.private import open_private

SCHEME = "s3://"


@dataclass(frozen=True)
class Listed:
    key: str
    etag: str
    size: int


def is_s3(source: str) -> bool:
    return source.startswith(SCHEME)


def split_source(source: str) -> tuple[str, str]:
    """s3://bucket/key -> (bucket, key)."""
    bucket, _, key = source[len(SCHEME):].partition("/")
    if not bucket:
        raise ValueError(f"not an s3:// source: {source!r}")
    return bucket, key


class S3Inbox:
    def __init__(self, client, bucket: str, prefix: str = ""):
        self.client, self.bucket = client, bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""

    @classmethod
    def from_settings(cls, settings, spec: str | None = None) -> "S3Inbox":
        spec = spec or settings.s3_inbox
        if not spec:
            raise ValueError("SOHOA_S3_INBOX is not set (bucket or bucket/prefix)")
        bucket, _, prefix = spec.strip("/").partition("/")
        return cls(s3_client(settings), bucket, prefix)

    def _objects(self, prefix: str) -> Iterator[Listed]:
        for o in self.client.list_objects(self.bucket, prefix=prefix or None, recursive=True):
            yield Listed(o.object_name, (o.etag or "").strip('"'), o.size or 0)

    def entries(self) -> list[Entry]:
        """Top-level prefixes and objects under the inbox prefix, with their listing as signature."""
        groups: dict[str, list[Listed]] = {}
        for o in self._objects(self.prefix):
            top, sep, _ = o.key[len(self.prefix):].partition("/")
            if top and watched(top):
                groups.setdefault(top + sep, []).append(o)
        out = []
        for top, objs in groups.items():
            folder = top.endswith("/")
            name = top.rstrip("/")
            out.append(Entry(name=name, source=f"{SCHEME}{self.bucket}/{self.prefix}{top}",
                             signature=tuple(sorted((o.key, o.etag, o.size) for o in objs)),
                             marked=folder and any(o.key == f"{self.prefix}{top}{READY}" for o in objs)))
        return out


def find(client, source: str, max_bytes: int | None) -> tuple[list[DossierInput], list[str]]:
    """The dossiers of one inbox batch, like drops.discover.discover for a folder, and the READY
    markers seen (not dossiers). Nothing is downloaded: files carry their listed ETag and size;
    over-size files are marked too_large. Keys ending in '/' are folder placeholders, not files."""
    bucket, key = split_source(source)
    if not key.endswith("/"):  # a single object is a batch of one dossier
        st = client.stat_object(bucket, key)
        o = Listed(key, (st.etag or "").strip('"'), st.size or 0)
        f = _drop_file(bucket, o, key.rsplit("/", 1)[-1], max_bytes)
        return [DossierInput(f.rel, False, [f])], []
    files: dict[str, list[DropFile]] = {}
    markers = []
    for o in S3Inbox(client, bucket)._objects(key):
        rel = o.key[len(key):]
        if not rel or rel.endswith("/"):
            continue
        if rel == READY:
            markers.append(READY)
            continue
        top, sep, _ = rel.partition("/")
        files.setdefault(top + sep, []).append(_drop_file(bucket, o, rel, max_bytes))
    dossiers = []
    for top in sorted(files, key=lambda t: t.encode("utf-8")):
        group = sorted(files[top], key=lambda f: f.rel)
        folder = top.endswith("/")
        dossiers.append(DossierInput(show_name(top.encode("utf-8")) if folder else group[0].rel, folder, group))
    return dossiers, markers


def _drop_file(bucket: str, o: Listed, rel: str, max_bytes: int | None) -> DropFile:
    remote = RemoteObject(key=o.key, etag=o.etag, bucket=bucket)
    shown = show_name(rel.encode("utf-8"))
    if max_bytes is not None and o.size > max_bytes:
        return DropFile(Path("/", o.key), shown, o.size, "", problem=Reason.too_large,
                        detail=f"{o.size} bytes > {max_bytes}", remote=remote)
    return DropFile(Path("/", o.key), shown, o.size, "", remote=remote)


def download(client, remote: RemoteObject, dest: Path) -> tuple[str, int]:
    """Stream the listed version of an inbox object into a private file, hashing it; (sha256, size).
    Raises SourceChanged when it was replaced or removed since it was listed."""
    from minio.error import S3Error

    headers = {"If-Match": f'"{remote.etag}"'} if remote.etag else None
    try:
        resp = client.get_object(remote.bucket, remote.key, request_headers=headers)
    except S3Error as e:
        if e.code in ("PreconditionFailed", "NoSuchKey"):
            raise SourceChanged(f"{remote.key}: {e.code}") from None
        raise
    h, n = hashlib.sha256(), 0
    try:
        with open_private(dest) as out:
            while chunk := resp.read(CHUNK):
                h.update(chunk)
                n += len(chunk)
                out.write(chunk)
    finally:
        resp.close()
        resp.release_conn()
    return h.hexdigest(), n


def s3_client(settings):
    from minio import Minio

    if not (settings.s3_endpoint and settings.s3_access_key and settings.s3_secret_key):
        raise ValueError("an S3 inbox needs SOHOA_S3_ENDPOINT, SOHOA_S3_ACCESS_KEY and SOHOA_S3_SECRET_KEY")
    return Minio(settings.s3_endpoint, access_key=settings.s3_access_key, secret_key=settings.s3_secret_key,
                 secure=settings.s3_secure)
