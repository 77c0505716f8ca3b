"""Storage benchmark: sector-record load throughput into PostgreSQL and object-store throughput
against a local S3-protocol server (moto, in its own process) and the local folder store.

    eval "$(scripts/start-test-servers.sh)"
    .venv/bin/python bench/storage_bench.py [--records 20000] [--mb 256]

Loads go into a fresh, throw-away database on the server of SOHOA_TEST_PG_URL (or --pg-url).
"""
from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from storage.objects import LocalFolderStore, MinioStore  # noqa: E402
from storage.sector_db import SectorDB, SectorRecord  # noqa: E402

FIELDS = {"applicant_name": "Nguyễn Văn An", "applicant_id_number": "001215000001",
          "applicant_address": "Số 12, đường Trần Phú, phường Phú Cường, thành phố Thủ Dầu Một",
          "subject_name": "Nguyễn Thị Bình", "subject_birth_date": "2024-02-29", "signed_date": "2024-03-05",
          "phone": "0912345678"}


def records(n: int, tag: str) -> list[SectorRecord]:
    return [SectorRecord(dossier_id=f"{tag}{i:08d}", procedure_key="birth_registration", procedure_code="1.001193",
                         batch="bench", source=f"d{i}.pdf", fields=FIELDS, confidence=0.93,
                         pdf_key=f"pdf/bench/G06.01_CV_{i:06d}_V1_20260101_KhaiSinh.pdf",
                         original_key=f"originals/ab/{i:064d}") for i in range(n)]


def bench_pg(base_url: str, n: int) -> None:
    name = "sohoa_bench_" + uuid.uuid4().hex[:8]
    url = make_url(base_url).set(database=name).render_as_string(hide_password=False)
    db = SectorDB(url, "ho_tich")
    try:
        db.ensure_schema()
        recs = records(n, "a")
        t = time.perf_counter()
        report = db.load_many(recs, chunk=1000)
        dt = time.perf_counter() - t
        assert report.loaded == n and not report.failed
        print(f"postgres bulk load (load_many, 1000/tx): {n} records in {dt:.2f}s = {n / dt:,.0f} records/s")
        t = time.perf_counter()
        db.load_many(recs, chunk=1000)
        dt = time.perf_counter() - t
        assert db.count() == n, "re-load changed the row count"
        print(f"postgres bulk re-load (upsert, same rows): {n / dt:,.0f} records/s; rows still {db.count()}")
        m = min(n, 2000)
        single = records(m, "b")
        t = time.perf_counter()
        for r in single:
            db.load_record(r)
        dt = time.perf_counter() - t
        print(f"postgres per-dossier load (load_record, 1 tx each): {m} records in {dt:.2f}s = {m / dt:,.0f} records/s")
    finally:
        db.close()
        admin = create_engine(base_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bench_store(label: str, store, files: list[Path], work: Path) -> None:
    total = sum(f.stat().st_size for f in files) / 2**20
    t = time.perf_counter()
    for i, f in enumerate(files):
        store.put_file(f"pdf/bench/{i:04d}.bin", f)
    put = time.perf_counter() - t
    t = time.perf_counter()
    for i, f in enumerate(files):
        store.get_file(f"pdf/bench/{i:04d}.bin", work / "back.bin")
    get = time.perf_counter() - t
    print(f"{label}: put (hash + upload + read-back verify) {total / put:,.1f} MB/s, "
          f"get (download + verify) {total / get:,.1f} MB/s  [{len(files)} x {total / len(files):.0f} MiB]")


def bench_objects(mb: int, file_mb: int = 32) -> None:
    work = Path(tempfile.mkdtemp(prefix="sohoa-bench-"))
    files = []
    for i in range(max(1, mb // file_mb)):
        p = work / f"f{i}.bin"
        with open(p, "wb") as f:
            for _ in range(file_mb):
                f.write(os.urandom(2**20))
        files.append(p)
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while True:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError("moto server did not start")
            time.sleep(0.1)
        s3 = MinioStore(f"127.0.0.1:{port}", "bench", "bench-secret", bucket="bench", region="us-east-1")
        bench_store("s3 (minio SDK -> local moto server)", s3, files, work)
        bench_store("local folder store", LocalFolderStore(work / "store"), files, work)
    finally:
        server.terminate()
        server.wait()
        subprocess.run(["rm", "-rf", str(work)])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--records", type=int, default=20000)
    ap.add_argument("--mb", type=int, default=256, help="MiB moved through each object store")
    ap.add_argument("--pg-url", default=os.environ.get("SOHOA_TEST_PG_URL"))
    ap.add_argument("--skip-pg", action="store_true")
    ap.add_argument("--skip-objects", action="store_true")
    args = ap.parse_args()
    if not args.skip_pg:
        if not args.pg_url:
            sys.exit("SOHOA_TEST_PG_URL is not set: eval \"$(scripts/start-test-servers.sh)\" first")
        bench_pg(args.pg_url, args.records)
    if not args.skip_objects:
        bench_objects(args.mb)


if __name__ == "__main__":
    main()
