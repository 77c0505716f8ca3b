"""Work items: one claimant at a time, renewals, takeover after expiry, new content reopens an item.
On SQLite and PostgreSQL, with separate engines as separate workers would have."""
from __future__ import annotations

import threading
import time

from storage import work_items
from storage.pipeline_db import PipelineDB
from storage.pipeline_models import Batch
from storage.work_items import Claim


def _db(url: str) -> PipelineDB:
    return PipelineDB(url)


def test_a_claimed_dossier_is_busy_for_others_then_done(pipeline_url):
    a, b = _db(pipeline_url), _db(pipeline_url)
    assert work_items.claim(a, "b1", "d1", "sha-1", "owner-a", 60) is Claim.claimed
    assert work_items.claim(b, "b1", "d1", "sha-1", "owner-b", 60) is Claim.busy
    assert work_items.renew(a, "d1", "owner-a", 60)
    assert not work_items.renew(b, "d1", "owner-b", 60)
    assert work_items.complete(a, "d1", "owner-a")
    assert work_items.claim(b, "b1", "d1", "sha-1", "owner-b", 60) is Claim.done
    # new content under the same name reopens the item
    assert work_items.claim(b, "b1", "d1", "sha-2", "owner-b", 60) is Claim.claimed
    assert work_items.states(a, "b1")["d1"].attempts == 2
    a.close(), b.close()


def test_an_expired_lease_is_taken_over_and_the_old_owner_loses_it(pipeline_url):
    a, b = _db(pipeline_url), _db(pipeline_url)
    assert work_items.claim(a, "b1", "d1", "sha-1", "owner-a", 1) is Claim.claimed
    assert work_items.waiting(work_items.states(b, "b1")["d1"])
    time.sleep(1.2)
    assert not work_items.waiting(work_items.states(b, "b1")["d1"])
    assert work_items.claim(b, "b1", "d1", "sha-1", "owner-b", 60) is Claim.claimed
    assert not work_items.renew(a, "d1", "owner-a", 60)
    assert not work_items.complete(a, "d1", "owner-a")
    state = work_items.states(b, "b1")["d1"]
    assert (state.owner, state.attempts, state.done) == ("owner-b", 2, False)
    work_items.release(b, "d1", "owner-b")  # given back unfinished: free at once
    assert work_items.claim(a, "b1", "d1", "sha-1", "owner-a", 60) is Claim.claimed
    a.close(), b.close()


def test_many_claimants_at_once_get_one_claim(pipeline_url):
    _db(pipeline_url).close()  # migrate once
    dbs = [_db(pipeline_url) for _ in range(6)]
    start = threading.Barrier(len(dbs))
    got: list[Claim] = []

    def race(n: int) -> None:
        start.wait()
        for item in range(5):
            got.append(work_items.claim(dbs[n], "b1", f"d{item}", "sha", f"owner-{n}", 60))

    threads = [threading.Thread(target=race, args=(n,)) for n in range(len(dbs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert got.count(Claim.claimed) == 5 and got.count(Claim.busy) == 25
    assert {s.attempts for s in work_items.states(dbs[0], "b1").values()} == {1}
    for db in dbs:
        db.close()


def test_runs_starting_one_new_batch_at_once_are_all_counted(pipeline_url):
    # two `sohoa ingest` of one new batch at the same moment both find no batch row and both insert it
    _db(pipeline_url).close()  # migrate once
    for round_ in range(8):
        dbs = [_db(pipeline_url) for _ in range(4)]
        start = threading.Barrier(len(dbs))
        errors: list[BaseException] = []

        def begin(db: PipelineDB) -> None:
            start.wait()
            try:
                db.start_batch(f"new-{round_}", source_dir="/drop/new")
            except Exception as exc:
                errors.append(exc)

        threads = [threading.Thread(target=begin, args=(db,)) for db in dbs]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not errors
        with dbs[0]._sessions() as s:
            assert s.get(Batch, f"new-{round_}").runs == len(dbs)
        for db in dbs:
            db.close()
