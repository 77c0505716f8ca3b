"""The S3 inbox (`sohoa watch --s3`): a prefix uploaded slowly is one batch, started after the last
upload; its originals are read once and stored by server-side copy. Every request sohoa makes goes
through a recording proxy in front of the S3 test server (moto), spoken to through the minio SDK."""
from __future__ import annotations

import hashlib
import io
import time
import uuid
from collections import Counter
from datetime import datetime, timedelta, timezone

import pytest
from intake_helpers import Watching, artifacts, batch_events, finished_batches, flow_runs, table_rows, wait_for
from s3_proxy import S3Proxy
from storage_testkit import ACCESS, SECRET

from sohoa.config import Settings

QUIET = 2.0


@pytest.fixture
def proxy(s3_endpoint):
    p = S3Proxy(s3_endpoint)
    yield p
    p.close()


@pytest.fixture
def inbox(home, proxy, s3_endpoint, monkeypatch):
    """sohoa's store and inbox on the S3 server, through the proxy; a direct client for the uploader."""
    from minio import Minio

    store, box = "store-" + uuid.uuid4().hex[:8], "inbox-" + uuid.uuid4().hex[:8]
    for k, v in {"SOHOA_S3_ENDPOINT": proxy.endpoint, "SOHOA_S3_ACCESS_KEY": ACCESS, "SOHOA_S3_SECRET_KEY": SECRET,
                 "SOHOA_S3_SECURE": "false", "SOHOA_S3_BUCKET": store, "SOHOA_S3_INBOX": f"{box}/scans",
                 "SOHOA_WATCH_QUIET_SECONDS": str(QUIET)}.items():
        monkeypatch.setenv(k, v)
    uploader = Minio(s3_endpoint, access_key=ACCESS, secret_key=SECRET, secure=False, region="us-east-1")
    uploader.make_bucket(box)
    return {"client": uploader, "bucket": box, "store": store}


def _upload_slowly(client, bucket: str, objects: list[tuple[str, bytes]], pause: float = 0.8) -> datetime:
    last = None
    for key, data in objects:
        client.put_object(bucket, key, io.BytesIO(data), len(data))
        last = datetime.now(timezone.utc)
        time.sleep(pause)
    return last


def test_a_prefix_uploaded_slowly_is_one_batch_and_each_original_is_downloaded_once(sample_batch, inbox, proxy):
    """GIVEN the inbox watched with a 2 s quiet time WHEN a scanner uploads a batch prefix object by
    object THEN one batch runs, after the last upload plus the quiet time; each inbox object is
    downloaded exactly once and stored under its SHA-256 by a server-side copy (no upload, no read
    back); the run's artifacts and events are in Prefect; a restarted watcher starts nothing."""
    from storage.objects import open_store

    folder, truth = sample_batch
    born = [t["source"] for t in truth if t.get("born_digital") and "expect" not in t]
    assert len(born) >= 2, "seed 11 no longer gives two born-digital PDFs"
    box, store_bucket = inbox["bucket"], inbox["store"]
    objects = [("scans/lo-s3/" + born[0], (folder / born[0]).read_bytes()), ("scans/lo-s3/b_empty.pdf", b""),
               ("scans/lo-s3/d_folder/page1.pdf", (folder / born[1]).read_bytes()),
               ("scans/lo-s3/c_ghi_chu.txt", "ghi chú".encode())]
    source = f"s3://{box}/scans/lo-s3/"
    with Watching(s3=True, workers=1) as w:
        last_upload = _upload_slowly(inbox["client"], box, objects)
        wait_for("the batch to finish", lambda: finished_batches(Settings(), source))
    assert w.started == ["lo-s3"]
    runs = flow_runs("lo-s3")
    assert len(runs) == 1 and runs[0].state.is_completed()
    run = runs[0]
    assert run.start_time >= last_upload + timedelta(seconds=QUIET - 0.2), (run.start_time, last_upload)

    rows = table_rows(artifacts(run.id)["table"])
    assert {k: (r["state"], r["reason"]) for k, r in rows.items()} == {
        born[0]: ("loaded", ""), "b_empty.pdf": ("quarantined", "empty_file"),
        "c_ghi_chu.txt": ("quarantined", "unsupported_type"), "d_folder/": ("loaded", "")}
    assert artifacts(run.id)["progress"].data == 100.0

    # each inbox object read once, with the listed version as condition
    gets = Counter(s.path for s in proxy.requests("GET", f"/{box}/", query=False))
    assert gets == Counter({f"/{box}/{k}": 1 for k, _ in objects}), gets
    assert all(s.headers.get("if-match") for s in proxy.requests("GET", f"/{box}/", query=False))
    # originals stored by the server: copies only, never an upload of their bytes, never read back
    puts = proxy.requests("PUT", f"/{store_bucket}/originals/")
    assert puts and all("x-amz-copy-source" in s.headers for s in puts)
    assert len(puts) == 4  # one copy per original
    assert proxy.requests("GET", f"/{store_bucket}/originals/") == []
    store = open_store(Settings())
    originals = list(store.list("originals/"))
    assert len(originals) == 4
    for key in originals:  # stored bytes hash to their address and carry it as recorded sha256
        assert store.verify(key).sha256 == key.rsplit("/", 1)[-1]
    assert [o.object_name for o in inbox["client"].list_objects(box, "scans/lo-s3/", recursive=True)] == sorted(
        k for k, _ in objects)  # the inbox is left as it was

    events = batch_events("lo-s3", {"sohoa.batch.started": 1, "sohoa.batch.finished": 1,
                                    "sohoa.dossier.quarantined": 2})
    assert events["sohoa.batch.finished"][0].payload["dossiers"] == 4

    with Watching(s3=True, run_for=QUIET * 2 + 1) as again:
        pass
    assert again.started == [] and len(flow_runs("lo-s3")) == 1


def test_an_inbox_object_replaced_after_listing_is_quarantined_not_stored_under_the_old_hash(inbox, monkeypatch):
    """A file swapped in the inbox between the listing and the download (If-Match refused) ends
    quarantined as changed_during_ingest; nothing is stored for it, the rest of the batch runs."""
    import drops.s3
    from flows.ingest import IngestParams, run
    from drops.s3 import S3Inbox, find, s3_client
    from storage.objects import open_store

    box = inbox["bucket"]
    inbox["client"].put_object(box, "scans/swap/a.txt", io.BytesIO(b"first"), 5)
    inbox["client"].put_object(box, "scans/swap/b.txt", io.BytesIO(b"stays"), 5)
    settings = Settings()
    listed, _ = find(s3_client(settings), f"s3://{box}/scans/swap/", None)
    assert [d.source for d in listed] == ["a.txt", "b.txt"]
    assert {e.name for e in S3Inbox.from_settings(settings).entries()} == {"swap"}
    real_find = drops.s3.find

    def find_then_swap(*args, **kwargs):  # a real replacement between the listing and the reads
        found = real_find(*args, **kwargs)
        inbox["client"].put_object(box, "scans/swap/a.txt", io.BytesIO(b"second!"), 7)
        return found

    monkeypatch.setattr(drops.s3, "find", find_then_swap)
    run(IngestParams(source=f"s3://{box}/scans/swap/", batch="swap", workers=1))
    rows = table_rows(artifacts(flow_runs("swap")[0].id)["table"])
    assert (rows["a.txt"]["state"], rows["a.txt"]["reason"]) == ("quarantined", "changed_during_ingest")
    assert (rows["b.txt"]["state"], rows["b.txt"]["reason"]) == ("quarantined", "unsupported_type")
    stored = {k.rsplit("/", 1)[-1] for k in open_store(settings).list("originals/")}
    assert hashlib.sha256(b"first").hexdigest() not in stored and hashlib.sha256(b"second!").hexdigest() not in stored
    assert hashlib.sha256(b"stays").hexdigest() in stored
