"""Scale-out: a batch on a Dask cluster (a scheduler and two workers as processes on loopback) over
PostgreSQL and the S3 server. One worker is SIGKILLed mid-batch; its dossier is taken over when the
lease expires, and the batch completes with every page OCR'd once (Tesseract calls counted)."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
from PIL import Image
from flow_helpers import COUNT_COMMAND_CALLS, WORKTREE, cli, cli_env, counting_tesseract, page_ocr_calls, server_env
from storage_testkit import free_port

from storage import work_items
from storage.pipeline_db import PipelineDB
from storage.sector_db import SectorDB

LEASE = "4"


@pytest.fixture(scope="module")
def paged_batch(tmp_path_factory) -> Path:
    """Three folder dossiers of three scanned pages each: a worker killed after a page is mid-dossier."""
    from samples import generate

    src = tmp_path_factory.mktemp("gen")
    generate(src, count=16, seed=5)
    images = sorted(p for p in src.rglob("*") if p.suffix in (".png", ".jpg"))[:9]
    assert len(images) == 9
    drop = tmp_path_factory.mktemp("paged") / "drop"
    for n, image in enumerate(images):
        folder = drop / f"hs{n // 3:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy(image, folder / f"page_{n % 3 + 1}{image.suffix}")
    return drop


class Cluster:
    def __init__(self, env: dict[str, str], logs: Path):
        self.port = free_port()
        self.address = f"tcp://127.0.0.1:{self.port}"
        dask = [sys.executable, "-m", "distributed.cli.dask_scheduler"]
        self.procs = [self._start(dask + ["--host", "127.0.0.1", "--port", str(self.port), "--no-dashboard"],
                                  env, logs / "scheduler.log")]
        self.workers = [self._start([sys.executable, "-m", "distributed.cli.dask_worker", self.address,
                                     "--no-nanny", "--nthreads", "1", "--no-dashboard", "--host", "127.0.0.1",
                                     "--name", f"w{n}"], env, logs / f"worker{n}.log") for n in range(2)]
        self.procs += self.workers

    @staticmethod
    def _start(cmd, env, log: Path) -> subprocess.Popen:
        return subprocess.Popen(cmd, env=env, cwd=WORKTREE, stdout=log.open("w"), stderr=subprocess.STDOUT)

    def wait_for_workers(self) -> None:
        from distributed import Client

        with Client(self.address, timeout=60) as client:
            client.wait_for_workers(2, timeout=120)

    def stop(self) -> None:
        for p in self.procs:
            if p.poll() is None:
                p.terminate()
        for p in self.procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()


def _page_pass(proc) -> bool:
    cmd = " ".join(proc.cmdline()) + " "
    return proc.name() == "tesseract" and "--psm 3 " in cmd and "whitelist" not in cmd


def _in_tesseract(pid: int) -> bool:
    """The worker waits on a whole-page pass (psm 3): a page it read before is kept by then, whereas
    the second look's reads (psm 6) belong to a page not kept yet."""
    import psutil

    try:
        return any(_page_pass(c) for c in psutil.Process(pid).children())
    except (psutil.NoSuchProcess, psutil.ZombieProcess, psutil.AccessDenied):
        return False


@pytest.mark.needs_postgres
@pytest.mark.slow
def test_a_batch_on_dask_survives_a_killed_worker(paged_batch, s3_endpoint, home, monkeypatch, tmp_path):
    bucket, sector_urls, cleanup = server_env(monkeypatch, s3_endpoint, "postgres")
    monkeypatch.setenv("SOHOA_LEASE_SECONDS", LEASE)
    bin_dir, calls = counting_tesseract(tmp_path / "bin")
    # one page at a time per worker, as deployed (one thread per worker process); the killed worker's
    # half-written Tesseract temp files land in tmp_path, not the machine's /tmp
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    cluster = Cluster(cli_env(PATH=f"{bin_dir}:{os.environ['PATH']}", OMP_THREAD_LIMIT="1", SOHOA_PAGE_WORKERS="1",
                              TMPDIR=str(scratch), **COUNT_COMMAND_CALLS),
                      tmp_path)
    killed: list[int] = []
    try:
        cluster.wait_for_workers()
        victim = cluster.workers[0]

        def kill_mid_dossier() -> None:
            # after the victim has read a page (kept in the store before its next Tesseract call) and
            # while it waits on Tesseract again: that call is orphaned, so it is not counted
            deadline = time.monotonic() + 300
            while time.monotonic() < deadline and victim.poll() is None:
                read = any(pid == str(victim.pid) for pid, _ in page_ocr_calls(calls))
                if read and _in_tesseract(victim.pid):
                    victim.send_signal(signal.SIGKILL)
                    killed.append(victim.pid)
                    return
                time.sleep(0.05)

        killer = threading.Thread(target=kill_mid_dossier)
        killer.start()
        cli("ingest", str(paged_batch), "--batch", "dask-01", "--workers", "2", "--dask", cluster.address)
        killer.join()
        assert killed, "the victim worker never read a page"

        db = PipelineDB(os.environ["SOHOA_DB_URL"])
        views = db.dossier_views("dask-01")
        assert sorted(v.source for v in views) == sorted(f"{p.name}/" for p in paged_batch.iterdir())
        assert all(v.state in ("loaded", "review", "quarantined") for v in views)
        for v in views:  # every file once, in one final state
            files = sorted(p.name for p in (paged_batch / v.source).iterdir())
            assert sorted(d["name"].split("/")[-1] for d in v.documents) == files
            assert {d["state"] for d in v.documents} == {"ok"}
            assert len(v.page_texts) == 3
        items = work_items.states(db, "dask-01")
        taken_over = [i for i in items.values() if i.attempts > 1]
        assert taken_over and all(str(killed[0]) not in i.owner for i in taken_over)
        assert all(i.done for i in items.values())

        # every image read once: the 9 pages, and each 1-bit page's second reading with thicker strokes
        pages = page_ocr_calls(calls)
        bilevel = sum(Image.open(p).mode == "1" for p in paged_batch.rglob("page_*"))
        assert len(pages) == len({sha for _, sha in pages}) == 9 + bilevel, Counter(sha for _, sha in pages)
        ocr_events = Counter(e.dossier_id for e in db.events(batch="dask-01") if e.step == "ocr")
        assert sorted(ocr_events.values()) == [1, 1, 1]
        loaded = Counter(v.classification.sector for v in views if v.state == "loaded")
        for sector, url in sector_urls.items():
            sdb = SectorDB(url, sector)
            assert sdb.count() == loaded.get(sector, 0)
            sdb.close()
        db.close()
    finally:
        cluster.stop()
        cleanup()
