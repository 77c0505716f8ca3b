"""Object store behaviour, identical on the local folder and the S3 (minio SDK) backends."""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from storage import layout
from storage.objects import (ChecksumMismatch, ImmutableObject, LocalFolderStore, MinioStore, ObjectMissing,
                             folder_sha256, sha256_file)


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def tamper(store, key: str) -> None:
    """Flip one byte of the stored data behind the store's back (keeping its recorded sha256)."""
    if isinstance(store, LocalFolderStore):
        p = store.root / key
        data = bytearray(p.read_bytes())
        data[len(data) // 2] ^= 0x01
        p.write_bytes(bytes(data))
    else:
        import io

        st = store.client.stat_object(store.bucket, key)
        resp = store.client.get_object(store.bucket, key)
        data = bytearray(resp.read())
        resp.close(), resp.release_conn()
        data[len(data) // 2] ^= 0x01
        meta = {k[len("x-amz-meta-"):]: v for k, v in st.metadata.items() if k.lower().startswith("x-amz-meta-")}
        store.client.put_object(store.bucket, key, io.BytesIO(bytes(data)), len(data), metadata=meta)


def test_put_get_round_trip_keeps_hash_and_metadata(store, tmp_path):
    """GIVEN a file with a Vietnamese name WHEN stored as an original and read back
    THEN bytes, sha256, size and metadata survive unchanged."""
    data = os.urandom(3000) + "Tờ khai đăng ký khai sinh".encode()
    src = write(tmp_path / "in.bin", data)
    sha = hashlib.sha256(data).hexdigest()
    key = layout.original_key(sha)
    meta = {"batch": "lô 1", "original_name": "Tờ khai số 1.pdf", "size": str(len(data)),
            "received_at": "2026-11-26T06:00:00+00:00"}
    put = store.put_file(key, src, meta)
    assert (put.key, put.sha256, put.size) == (key, sha, len(data))
    assert key == f"originals/{sha[:2]}/{sha}"

    got = store.get_file(key, tmp_path / "out" / "copy.bin")
    assert (tmp_path / "out" / "copy.bin").read_bytes() == data
    assert got.metadata == meta
    assert store.stat(key).metadata["original_name"] == "Tờ khai số 1.pdf"
    assert store.get_bytes(key) == data
    assert store.exists(key)


def test_read_detects_a_flipped_byte_and_leaves_no_file(store, tmp_path):
    src = write(tmp_path / "in.bin", os.urandom(10_000))
    key = "pdf/b1/G06.01_CV_000001_V1_20250101_Test.pdf"
    store.put_file(key, src)
    tamper(store, key)
    dest = tmp_path / "out.bin"
    with pytest.raises(ChecksumMismatch):
        store.get_file(key, dest)
    assert not dest.exists()
    assert not list(tmp_path.glob(".get-*"))
    with pytest.raises(ChecksumMismatch):
        store.get_bytes(key)
    with pytest.raises(ChecksumMismatch):
        store.verify(key)


def test_originals_are_immutable(store, tmp_path):
    """GIVEN an original already stored WHEN the same bytes are stored again THEN it is a no-op;
    WHEN other bytes are put under its key THEN the store refuses."""
    data = b"original bytes"
    sha = hashlib.sha256(data).hexdigest()
    key = layout.original_key(sha)
    first = store.put_file(key, write(tmp_path / "a", data), {"batch": "b1"})
    again = store.put_file(key, write(tmp_path / "b", data), {"batch": "b2"})
    assert again.sha256 == first.sha256
    assert store.stat(key).metadata["batch"] == "b1"  # first receipt wins
    with pytest.raises(ImmutableObject):
        store.put_file(key, write(tmp_path / "c", b"other bytes"))
    assert store.get_bytes(key) == data


def test_expected_hash_mismatch_is_refused(store, tmp_path):
    src = write(tmp_path / "a", b"abc")
    with pytest.raises(ChecksumMismatch):
        store.put_file("ocr/b/x.json", src, expected_sha256="0" * 64)
    assert not store.exists("ocr/b/x.json")


def test_missing_objects(store, tmp_path):
    assert not store.exists("pdf/none.pdf")
    with pytest.raises(ObjectMissing):
        store.stat("pdf/none.pdf")
    with pytest.raises(ObjectMissing):
        store.get_file("pdf/none.pdf", tmp_path / "x")
    with pytest.raises(ObjectMissing):
        store.verify("pdf/none.pdf")


def test_list_delete_and_overwrite(store, tmp_path):
    for key in ("ocr/b1/d1.json", "ocr/b1/d2.json", "ocr/b2/d3.json", "masters/b1/d1/0001.png"):
        store.put_bytes(key, key.encode())
    assert list(store.list("ocr/b1/")) == ["ocr/b1/d1.json", "ocr/b1/d2.json"]
    assert len(list(store.list())) == 4
    store.put_bytes("ocr/b1/d1.json", b"second version")  # derived objects may be rewritten on re-run
    assert store.get_bytes("ocr/b1/d1.json") == b"second version"
    store.delete("ocr/b1/d1.json")
    assert not store.exists("ocr/b1/d1.json")
    assert list(store.list("ocr/b1/")) == ["ocr/b1/d2.json"]


@pytest.mark.parametrize("key", ["", "/abs", "a/../b", "a//b", "a\\b", ".meta/x"])
def test_bad_keys_are_rejected(store, tmp_path, key):
    with pytest.raises(ValueError):
        store.put_file(key, write(tmp_path / "a", b"x"))


def test_folder_hash_is_order_free_and_name_sensitive():
    a, b = "a" * 64, "b" * 64
    assert folder_sha256([("p1.png", a), ("p2.png", b)]) == folder_sha256([("p2.png", b), ("p1.png", a)])
    assert folder_sha256([("p1.png", a), ("p2.png", b)]) != folder_sha256([("p1.png", b), ("p2.png", a)])
    assert folder_sha256([("Tờ.png", a)]) == folder_sha256([("Tờ.png".encode().decode(), a)])


def test_sha256_file_streams(tmp_path):
    data = os.urandom(3 * 1024 * 1024 + 7)
    assert sha256_file(write(tmp_path / "f", data)) == (hashlib.sha256(data).hexdigest(), len(data))


UPLOAD = textwrap.dedent("""
    import sys
    from pathlib import Path
    from storage.objects import MinioStore

    def status(name):
        for line in open("/proc/self/status"):
            if line.startswith(name + ":"):
                return int(line.split()[1])  # KiB

    endpoint, bucket, path = sys.argv[1:4]
    s = MinioStore(endpoint, "testing-access", "testing-secret-key", bucket=bucket, region="us-east-1",
                   part_size=5 * 1024 * 1024, parallel_uploads=1)
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")  # reset the peak-RSS mark (VmHWM) so import-time peaks do not hide growth
    before = status("VmRSS")
    s.put_file("pdf/big/" + Path(path).name, Path(path))
    s.get_file("pdf/big/" + Path(path).name, Path(path + ".back"))
    print(status("VmHWM") - before)
""")


def test_minio_large_file_streams_multipart_with_flat_memory(s3_endpoint, tmp_path):
    """GIVEN a 64 MiB file WHEN it is uploaded and read back in a fresh process
    THEN the upload is multipart and peak memory grows far less than the file size."""
    bucket = "big-" + os.urandom(4).hex()
    MinioStore(s3_endpoint, "testing-access", "testing-secret-key", bucket=bucket, region="us-east-1")
    big = tmp_path / "big.bin"
    with open(big, "wb") as f:
        for _ in range(64):
            f.write(os.urandom(1024 * 1024))

    def growth_kib(path: Path) -> int:
        out = subprocess.run([sys.executable, "-c", UPLOAD, s3_endpoint, bucket, str(path)], check=True,
                             capture_output=True, text=True, cwd=Path(__file__).parents[2])
        return int(out.stdout.strip().splitlines()[-1])

    growth_mib = growth_kib(big) / 1024
    assert growth_mib < 24, f"peak memory grew {growth_mib:.0f} MiB for a 64 MiB file"
    assert sha256_file(big)[0] == sha256_file(Path(str(big) + ".back"))[0]
    store = MinioStore(s3_endpoint, "testing-access", "testing-secret-key", bucket=bucket, region="us-east-1")
    etag = store.client.stat_object(bucket, "pdf/big/big.bin").etag
    assert etag.endswith("-13"), f"expected a 13-part multipart upload, etag {etag}"


def test_open_store_follows_the_settings(tmp_path, s3_endpoint, monkeypatch):
    from sohoa.config import Settings
    from storage.objects import open_store

    for var in ("SOHOA_S3_ENDPOINT", "SOHOA_S3_ACCESS_KEY", "SOHOA_S3_SECRET_KEY", "SOHOA_S3_BUCKET"):
        monkeypatch.delenv(var, raising=False)
    local = open_store(Settings(home=tmp_path / "home"))
    assert isinstance(local, LocalFolderStore) and local.root == (tmp_path / "home" / "objects").resolve()
    s3 = open_store(Settings(home=tmp_path, s3_endpoint=s3_endpoint, s3_access_key="testing-access",
                             s3_secret_key="testing-secret-key", s3_bucket="from-settings"))
    assert isinstance(s3, MinioStore) and s3.client.bucket_exists("from-settings")
    with pytest.raises(ValueError):
        open_store(Settings(home=tmp_path, s3_endpoint=s3_endpoint))


def test_minio_objects_carry_content_type_and_proxy_safe_metadata(s3_endpoint, tmp_path):
    store = MinioStore(s3_endpoint, "testing-access", "testing-secret-key", bucket="ct-" + os.urandom(4).hex(),
                       region="us-east-1")
    store.put_bytes("pdf/b/x.pdf", b"%PDF-1.4", {"original_name": "Đơn.pdf"})
    st = store.client.stat_object(store.bucket, "pdf/b/x.pdf")
    assert st.content_type == "application/pdf"
    assert all("_" not in k for k in st.metadata if k.lower().startswith("x-amz-meta-"))
    assert store.stat("pdf/b/x.pdf").metadata == {"original_name": "Đơn.pdf"}
