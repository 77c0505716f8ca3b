"""Object store: one interface, two backends (local folder, MinIO/S3).

Every write is read back and hashed; every read is hashed and compared with the SHA-256 recorded at
write time. Files stream in fixed-size chunks so memory does not grow with file size.
"""
from __future__ import annotations

import hashlib
import json
import mimetypes
import os
import tempfile
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO
from urllib.parse import quote, unquote

from storage.private import open_private, private_dir

CHUNK = 1024 * 1024
PART_SIZE = 8 * 1024 * 1024  # multipart part size for S3 uploads; memory bound ~ part_size x parallel
SHA_META = "sha256"


class ObjectStoreError(Exception):
    pass


class ObjectMissing(ObjectStoreError):
    pass


class ChecksumMismatch(ObjectStoreError):
    def __init__(self, key: str, expected: str, actual: str):
        super().__init__(f"{key}: sha256 {actual} does not match recorded {expected}")
        self.key, self.expected, self.actual = key, expected, actual


class ImmutableObject(ObjectStoreError):
    """A content-addressed original already exists with other content (cannot happen unless altered)."""


class SourceChanged(ObjectStoreError):
    """The object a dossier file is read from was replaced or removed since it was listed."""


@dataclass(frozen=True)
class RemoteObject:
    """Where a dossier file is read from when it is not a local file: an object of another bucket on
    the store's S3 server (the inbox), or with bucket None one of the store's own objects (a stored
    original, read again by reprocessing). etag: the version that was listed."""
    key: str
    etag: str = ""
    bucket: str | None = None


@dataclass(frozen=True)
class StoredObject:
    key: str
    sha256: str
    size: int
    metadata: dict[str, str] = field(default_factory=dict, compare=False)


IMMUTABLE_PREFIXES = ("originals/",)


def check_key(key: str) -> str:
    parts = key.split("/")
    if not key or key.startswith("/") or "\\" in key or any(p in ("", ".", "..") for p in parts):
        raise ValueError(f"bad object key: {key!r}")
    if parts[-1].startswith(".meta") or parts[0] == ".meta":
        raise ValueError(f"reserved object key: {key!r}")
    return key


def hash_stream(stream: BinaryIO) -> tuple[str, int]:
    h, n = hashlib.sha256(), 0
    while chunk := stream.read(CHUNK):
        h.update(chunk)
        n += len(chunk)
    return h.hexdigest(), n


def sha256_file(path: Path) -> tuple[str, int]:
    with open(path, "rb") as f:
        return hash_stream(f)


class ObjectStore(ABC):
    """put/get files by key. Keys under `originals/` are immutable (content-addressed)."""

    @abstractmethod
    def _upload(self, key: str, path: Path, sha256: str, size: int, metadata: dict[str, str]) -> None: ...

    @abstractmethod
    def _open(self, key: str) -> BinaryIO:
        """A readable stream of the stored bytes; raises ObjectMissing."""

    @abstractmethod
    def stat(self, key: str) -> StoredObject:
        """Recorded sha256/size/metadata without reading the data; raises ObjectMissing."""

    @abstractmethod
    def exists(self, key: str) -> bool: ...

    @abstractmethod
    def delete(self, key: str) -> None: ...

    @abstractmethod
    def list(self, prefix: str = "") -> Iterator[str]: ...

    def put_file(self, key: str, path: Path, metadata: dict[str, str] | None = None,
                 expected_sha256: str | None = None) -> StoredObject:
        """Store `path` under `key`, then read it back and check its hash.

        An original already present with the same hash is kept as is (re-runs are no-ops).
        """
        check_key(key)
        sha, size = sha256_file(Path(path))
        if expected_sha256 and sha != expected_sha256:
            raise ChecksumMismatch(key, expected_sha256, sha)
        if key.startswith(IMMUTABLE_PREFIXES) and self.exists(key):
            existing = self.stat(key)
            if existing.sha256 != sha:
                raise ImmutableObject(f"{key} exists with sha256 {existing.sha256}, refusing {sha}")
            return self.verify(key)
        meta = {k: str(v) for k, v in (metadata or {}).items()}
        self._upload(key, Path(path), sha, size, meta)
        try:
            return self.verify(key, expected_sha256=sha)  # read back: the stored bytes hash to the source's
        except ChecksumMismatch:
            self.delete(key)  # never leave other bytes under a content address
            raise

    def put_original(self, key: str, path: Path, sha256: str, metadata: dict[str, str] | None = None,
                     source: RemoteObject | None = None) -> StoredObject:
        """Store the private copy of a dropped file (already hashed to sha256) under its content address.
        `source` says where those bytes came from; a backend that can copy them there itself does."""
        return self.put_file(key, path, metadata, expected_sha256=sha256)

    def put_bytes(self, key: str, data: bytes, metadata: dict[str, str] | None = None) -> StoredObject:
        with tempfile.NamedTemporaryFile(prefix="sohoa-put-", delete=False) as tmp:
            tmp.write(data)
        try:
            return self.put_file(key, Path(tmp.name), metadata)
        finally:
            os.unlink(tmp.name)

    def get_file(self, key: str, dest: Path) -> StoredObject:
        """Copy the object to `dest`, hashing as it streams; a mismatch leaves no `dest`."""
        info = self.stat(key)
        dest = Path(dest)
        dest.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".get-", dir=dest.parent)
        try:
            h, n = hashlib.sha256(), 0
            with os.fdopen(fd, "wb") as out, self._open(key) as src:
                while chunk := src.read(CHUNK):
                    h.update(chunk)
                    n += len(chunk)
                    out.write(chunk)
            if h.hexdigest() != info.sha256 or n != info.size:
                raise ChecksumMismatch(key, info.sha256, h.hexdigest())
            os.replace(tmp, dest)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise
        return info

    def get_bytes(self, key: str) -> bytes:
        info = self.stat(key)
        with self._open(key) as src:
            data = src.read()
        actual = hashlib.sha256(data).hexdigest()
        if actual != info.sha256:
            raise ChecksumMismatch(key, info.sha256, actual)
        return data

    def verify(self, key: str, expected_sha256: str | None = None) -> StoredObject:
        """Re-hash the stored bytes against the recorded (or given) sha256."""
        info = self.stat(key)
        with self._open(key) as src:
            actual, size = hash_stream(src)
        want = expected_sha256 or info.sha256
        if actual != want or (expected_sha256 is None and size != info.size):
            raise ChecksumMismatch(key, want, actual)
        return StoredObject(key, actual, size, info.metadata)


class LocalFolderStore(ObjectStore):
    """Objects as files under root; metadata (sha256 included) in root/.meta/<key>.json."""

    def __init__(self, root: Path):
        self.root = private_dir(Path(root).resolve())

    def _path(self, key: str) -> Path:
        return self.root / check_key(key)

    def _meta_path(self, key: str) -> Path:
        return self.root / ".meta" / (check_key(key) + ".json")

    def _upload(self, key, path, sha256, size, metadata):
        target, meta_path = self._path(key), self._meta_path(key)
        for p in (target, meta_path):
            private_dir(p.parent)
        fd, tmp = tempfile.mkstemp(prefix=".put-", dir=target.parent)  # mkstemp: 0600
        try:
            h = hashlib.sha256()
            with os.fdopen(fd, "wb") as out, open(path, "rb") as src:
                while chunk := src.read(CHUNK):  # hashed as copied: the source may change under us
                    h.update(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            if h.hexdigest() != sha256:
                raise ChecksumMismatch(key, sha256, h.hexdigest())
            meta = {"sha256": sha256, "size": size, "metadata": metadata}
            meta_tmp = meta_path.with_name(meta_path.name + ".tmp")
            with open_private(meta_tmp) as out:
                out.write(json.dumps(meta, ensure_ascii=False).encode("utf-8"))
            os.replace(tmp, target)
            os.replace(meta_tmp, meta_path)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise

    def _open(self, key):
        try:
            return open(self._path(key), "rb")
        except FileNotFoundError:
            raise ObjectMissing(key) from None

    def stat(self, key):
        path = self._path(key)
        try:
            meta = json.loads(self._meta_path(key).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ObjectMissing(key) from None
        if not path.is_file():
            raise ObjectMissing(key)
        return StoredObject(key, meta["sha256"], meta["size"], meta.get("metadata", {}))

    def exists(self, key):
        return self._path(key).is_file() and self._meta_path(key).is_file()

    def delete(self, key):
        for p in (self._path(key), self._meta_path(key)):
            p.unlink(missing_ok=True)

    def list(self, prefix=""):
        keys = []
        for dirpath, dirnames, filenames in os.walk(self.root):
            rel_dir = Path(dirpath).relative_to(self.root)
            if rel_dir.parts[:1] == (".meta",):
                continue
            dirnames[:] = [d for d in dirnames if d != ".meta"]
            for name in filenames:
                if name.startswith((".put-", ".get-")):
                    continue
                key = (rel_dir / name).as_posix()
                if key.startswith(prefix):
                    keys.append(key)
        return iter(sorted(keys))


class MinioStore(ObjectStore):
    """MinIO or any S3-protocol server through the minio SDK. Metadata values are percent-encoded
    because S3 user metadata travels in HTTP headers (ASCII only) and names are Vietnamese."""

    def __init__(self, endpoint: str, access_key: str, secret_key: str, secure: bool = False,
                 bucket: str = "sohoa", region: str | None = None, part_size: int = PART_SIZE,
                 parallel_uploads: int = 2):
        from minio import Minio

        self.client = Minio(endpoint, access_key=access_key, secret_key=secret_key, secure=secure,
                            region=region)
        self.bucket = bucket
        self.part_size, self.parallel_uploads = part_size, parallel_uploads
        if not self.client.bucket_exists(bucket):
            self.client.make_bucket(bucket)

    @staticmethod
    def _headers(metadata: dict[str, str], sha256: str) -> dict[str, str]:
        # header names travel with "-" (proxies such as nginx drop headers with "_"); values percent-encoded
        headers = {k.replace("_", "-"): quote(v, safe="") for k, v in metadata.items()}
        headers[SHA_META] = sha256
        return headers

    def _upload(self, key, path, sha256, size, metadata):
        content_type = mimetypes.guess_type(key)[0] or "application/octet-stream"
        # fput_object streams the file and switches to multipart above part_size.
        self.client.fput_object(self.bucket, key, str(path), content_type=content_type,
                                metadata=self._headers(metadata, sha256), part_size=self.part_size,
                                num_parallel_uploads=self.parallel_uploads)

    def put_original(self, key, path, sha256, metadata=None, source=None):
        """An original already stored is kept without reading it back (a re-run or a reprocess never
        downloads it again). One that came from an inbox bucket on this server is copied there by the
        server, on condition that the inbox object is still the version that was downloaded and hashed,
        so its bytes cross the network once."""
        check_key(key)
        if self.exists(key):
            existing = self.stat(key)
            if existing.sha256 != sha256:
                raise ImmutableObject(f"{key} exists with sha256 {existing.sha256}, refusing {sha256}")
            return existing
        if source is None or source.bucket is None:
            return self.put_file(key, path, metadata, expected_sha256=sha256)
        return self._copy_in(key, source, sha256, Path(path).stat().st_size, metadata or {})

    def _copy_in(self, key: str, source: RemoteObject, sha256: str, size: int,
                 metadata: dict[str, str]) -> StoredObject:
        from minio.commonconfig import REPLACE, CopySource
        from minio.error import S3Error

        meta = {k: str(v) for k, v in metadata.items()}
        headers = self._headers(meta, sha256)
        headers["Content-Type"] = mimetypes.guess_type(source.key)[0] or "application/octet-stream"
        try:
            result = self.client.copy_object(self.bucket, key, CopySource(source.bucket, source.key,
                                                                          match_etag=source.etag or None),
                                             metadata=headers, metadata_directive=REPLACE)
        except S3Error as e:
            if e.code in ("PreconditionFailed", "NoSuchKey"):
                raise SourceChanged(f"{source.key}: {e.code}") from None
            raise
        # A server that ignores the copy condition still gives a single-part copy the MD5 of its bytes
        # as ETag: one that differs from the listed ETag means other bytes were copied.
        listed, copied = source.etag.strip('"'), (result.etag or "").strip('"')
        info = self.stat(key)
        if listed and "-" not in listed and (copied != listed or info.size != size):
            self.delete(key)  # never leave other bytes under a content address
            raise SourceChanged(f"{source.key}: replaced after it was read")
        return StoredObject(key, sha256, info.size, info.metadata)

    def _open(self, key):
        from minio.error import S3Error

        try:
            resp = self.client.get_object(self.bucket, key)
        except S3Error as e:
            if e.code in ("NoSuchKey", "NoSuchObject"):
                raise ObjectMissing(key) from None
            raise
        return _Response(resp)

    def stat(self, key):
        from minio.error import S3Error

        try:
            st = self.client.stat_object(self.bucket, key)
        except S3Error as e:
            if e.code in ("NoSuchKey", "NoSuchObject", "ResourceNotFound"):
                raise ObjectMissing(key) from None
            raise
        meta = {}
        for name, value in (st.metadata or {}).items():
            lname = name.lower()
            if lname.startswith("x-amz-meta-"):
                meta[lname[len("x-amz-meta-"):].replace("-", "_")] = unquote(value)
        sha = meta.pop(SHA_META, None)
        if sha is None:
            raise ObjectStoreError(f"{key}: no recorded sha256")
        return StoredObject(key, sha, st.size, meta)

    def exists(self, key):
        try:
            self.stat(key)
            return True
        except ObjectMissing:
            return False

    def delete(self, key):
        self.client.remove_object(self.bucket, key)

    def list(self, prefix=""):
        for obj in self.client.list_objects(self.bucket, prefix=prefix or None, recursive=True):
            yield obj.object_name


class _Response:
    """File-like wrapper that releases the HTTP connection when closed."""

    def __init__(self, resp):
        self._resp = resp

    def read(self, n: int = -1) -> bytes:
        return self._resp.read(None if n is None or n < 0 else n)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        self._resp.close()
        self._resp.release_conn()


def open_store(settings) -> ObjectStore:
    """MinIO when SOHOA_S3_ENDPOINT is set, else the embedded folder store under SOHOA_HOME."""
    if settings.uses_s3:
        if not (settings.s3_access_key and settings.s3_secret_key):
            raise ValueError("SOHOA_S3_ACCESS_KEY and SOHOA_S3_SECRET_KEY must be set with SOHOA_S3_ENDPOINT")
        return MinioStore(settings.s3_endpoint, settings.s3_access_key, settings.s3_secret_key,
                          settings.s3_secure, settings.s3_bucket)
    return LocalFolderStore(Path(settings.home) / "objects")


def folder_sha256(files: list[tuple[str, str]]) -> str:
    """Hash of a folder dossier: over its (name relative to the folder, sha256) pairs, sorted by name.
    Each line is "<name>\\t<sha256>\\n" in UTF-8 (names NFC, "/" separators)."""
    import unicodedata

    h = hashlib.sha256()
    for name, sha in sorted((unicodedata.normalize("NFC", n).replace("\\", "/"), s) for n, s in files):
        h.update(f"{name}\t{sha}\n".encode())
    return h.hexdigest()
