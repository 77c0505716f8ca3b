"""Scale-out (issue 12): pages per minute of `sohoa ingest` on a Dask cluster of 1 and 2 worker
processes (one thread each), against plain `tesseract` over the same page images with the same number
of processes. Prints both ratios.

    .venv/bin/python bench/scale_bench.py --pages 100

A generated batch (samples.generate) is flattened into single-image dossiers under bench/out/scale.
A Prefect server (own PREFECT_HOME), the Dask scheduler and workers run as processes on loopback; each
ingest uses a fresh SOHOA_HOME (SQLite, local object store: one machine). Timed: the whole
`sohoa ingest` process (start-up, flow, every stage, storage), and the plain Tesseract pool.
"""
from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "bench" / "out" / "scale"
PY = sys.executable


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_batch(pages: int, seed: int) -> Path:
    from samples import generate

    drop = OUT / f"drop-{pages}-{seed}"
    if drop.exists() and len(list(drop.iterdir())) >= pages:
        return drop
    gen = OUT / f"gen-{seed}"
    shutil.rmtree(gen, ignore_errors=True)
    shutil.rmtree(drop, ignore_errors=True)
    drop.mkdir(parents=True)
    count = pages
    while True:
        generate(gen, count=count, seed=seed)
        images = sorted(p for p in gen.rglob("*") if p.suffix in (".png", ".jpg"))
        if len(images) >= pages:
            break
        shutil.rmtree(gen)
        count = int(count * 1.5)
    for n, image in enumerate(images[:pages]):
        shutil.copy(image, drop / f"{n:04d}{image.suffix}")
    return drop


def base_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "SOHOA_"))}
    # one page at a time per process: a Dask worker is one thread, one core
    env.update(PYTHONPATH=str(REPO), OMP_THREAD_LIMIT="1", PREFECT_SERVER_ANALYTICS_ENABLED="false",
               SOHOA_PAGE_WORKERS="1")
    env.update(extra)
    return env


def start(cmd: list[str], env: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen(cmd, env=env, cwd=REPO, stdout=log.open("w"), stderr=subprocess.STDOUT,
                            start_new_session=True)


def stop(procs: list[subprocess.Popen]) -> None:
    for p in procs:
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGTERM)
    for p in procs:
        try:
            p.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)


def prefect_server() -> tuple[subprocess.Popen, str]:
    port = free_port()
    home = OUT / "prefect-home"
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    env = base_env(PREFECT_HOME=str(home), PREFECT_SERVER_API_HOST="127.0.0.1", PREFECT_SERVER_API_PORT=str(port))
    proc = start([str(Path(PY).parent / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
                 env, OUT / "prefect.log")
    api = f"http://127.0.0.1:{port}/api"
    for _ in range(240):
        try:
            with urllib.request.urlopen(f"{api}/health", timeout=2):
                return proc, api
        except OSError:
            time.sleep(0.5)
    raise SystemExit("Prefect server did not start")


def sohoa_rate(drop: Path, workers: int, api: str) -> float:
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    home = OUT / f"home-{workers}"
    shutil.rmtree(home, ignore_errors=True)
    env = base_env(PREFECT_API_URL=api, SOHOA_HOME=str(home))
    procs = [start([PY, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port", str(port),
                    "--no-dashboard"], env, OUT / "scheduler.log")]
    procs += [start([PY, "-m", "distributed.cli.dask_worker", address, "--no-nanny", "--nthreads", "1",
                     "--no-dashboard", "--host", "127.0.0.1"], env, OUT / f"worker{n}.log") for n in range(workers)]
    try:
        from distributed import Client

        with Client(address, timeout=60) as client:
            client.wait_for_workers(workers, timeout=120)
        began = time.monotonic()
        subprocess.run([PY, "-c", "from sohoa.cli import app; app()", "ingest", str(drop), "--batch", "bench",
                        "--workers", str(workers), "--dask", address], env=env, cwd=REPO, check=True,
                       stdout=(OUT / f"ingest-{workers}.log").open("w"), stderr=subprocess.STDOUT)
        seconds = time.monotonic() - began
    finally:
        stop(procs)
    return pages_in(drop) * 60 / seconds


def tesseract_rate(drop: Path, procs: int) -> float:
    images = sorted(drop.iterdir())
    env = dict(os.environ, OMP_THREAD_LIMIT="1")

    def one(image: Path) -> None:
        subprocess.run(["tesseract", str(image), "-", "-l", "vie", "--psm", "3"], env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    began = time.monotonic()
    with ThreadPoolExecutor(procs) as pool:
        list(pool.map(one, images))
    return len(images) * 60 / (time.monotonic() - began)


def pages_in(drop: Path) -> int:
    return len(list(drop.iterdir()))  # one image, one page


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=100)
    ap.add_argument("--seed", type=int, default=12)
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    drop = make_batch(args.pages, args.seed)
    print(f"batch: {pages_in(drop)} single-page scans in {drop} ({os.cpu_count()} cores)")
    server, api = prefect_server()
    try:
        sohoa = {w: sohoa_rate(drop, w, api) for w in (1, 2)}
    finally:
        stop([server])
    plain = {p: tesseract_rate(drop, p) for p in (1, 2)}
    for n in (1, 2):
        print(f"{n} process(es): sohoa on Dask {sohoa[n]:.1f} pages/min, plain tesseract {plain[n]:.1f} pages/min, "
              f"sohoa/tesseract {sohoa[n] / plain[n]:.2f}")
    print(f"scaling, 2 Dask workers / 1: {sohoa[2] / sohoa[1]:.2f} (target >= 1.7)")
    print(f"end to end vs plain tesseract at 2 processes: {sohoa[2] / plain[2]:.2f} (target >= 0.8)")


if __name__ == "__main__":
    main()
