"""`sohoa fixity`: stored objects re-verified against the pipeline database, on both backends."""
from __future__ import annotations

import hashlib
import os

from storage import fixity, layout
from storage.pipeline_db import PipelineDB

from test_storage_objects import tamper


def stored_batch(store, db: PipelineDB, batch: str, n: int = 3) -> list[str]:
    db.start_batch(batch)
    keys = []
    for i in range(n):
        data = os.urandom(2000) + batch.encode()
        did = db.begin_dossier(batch, f"f{i}.pdf", "file")
        obj = store.put_bytes(layout.original_key(hashlib.sha256(data).hexdigest()), data, {"batch": batch})
        db.record_object(obj.key, obj.sha256, obj.size, "original", batch=batch, dossier_id=did)
        db.set_artifact(did, "original", obj.key)
        keys.append(obj.key)
    return keys


def test_fixity_detects_a_flipped_byte_and_a_deleted_object(store, tmp_path):
    """GIVEN two stored batches WHEN one object is altered by one bit and another deleted
    THEN fixity reports exactly those two, per batch and overall, and logs each result."""
    db = PipelineDB(f"sqlite:///{tmp_path / 'p.sqlite'}")
    k1 = stored_batch(store, db, "b1")
    k2 = stored_batch(store, db, "b2")
    clean = fixity.check(store, db)
    assert (clean.checked, clean.ok, clean.failed) == (6, 6, False)

    tamper(store, k1[0])
    store.delete(k1[2])
    r1 = fixity.check(store, db, "b1")
    assert r1.altered == [k1[0]] and r1.missing == [k1[2]] and r1.ok == 1 and r1.failed
    r2 = fixity.check(store, db, "b2")
    assert r2.ok == 3 and not r2.failed
    everything = fixity.check(store, db)
    assert sorted(everything.altered + everything.missing) == sorted([k1[0], k1[2]])

    outcomes = {e.object_key: e.outcome for e in db.events(batch="b1") if e.step == "fixity"}
    assert outcomes[k1[0]] == "altered" and outcomes[k1[2]] == "missing" and outcomes[k1[1]] == "ok"
    assert all(k not in k1 for k in k2)
    db.close()


def test_fixity_catches_a_store_whose_own_metadata_was_rewritten(store, tmp_path):
    """The database hash is the reference: an object replaced together with its recorded sha256
    still fails, because fixity compares against the pipeline DB, not the store's metadata."""
    db = PipelineDB(f"sqlite:///{tmp_path / 'p.sqlite'}")
    keys = stored_batch(store, db, "b1", n=1)
    other = tmp_path / "other"
    other.write_bytes(b"completely different")
    store._upload(keys[0], other, hashlib.sha256(b"completely different").hexdigest(), 20, {})
    store.verify(keys[0])  # consistent with itself ...
    report = fixity.check(store, db, "b1")
    assert report.altered == keys  # ... but not with the record
    db.close()


def test_report_lines_and_exit_code(store, tmp_path):
    db = PipelineDB(f"sqlite:///{tmp_path / 'p.sqlite'}")
    keys = stored_batch(store, db, "b1", n=2)
    assert fixity.exit_code(fixity.check(store, db, "b1")) == 0
    store.delete(keys[1])
    report = fixity.check(store, db, "b1")
    assert fixity.exit_code(report) == 1
    text = "\n".join(fixity.report_lines(report))
    assert f"missing {keys[1]}" in text and "checked 2" in text
    db.close()
