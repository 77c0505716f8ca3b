"""Scale-out (issue 12): pages per minute of `sohoa ingest` on a Dask cluster of 1 and 2 worker
processes (one thread each), against plain `tesseract` over the same page images with the same number
of processes. Prints both ratios.

    .venv/bin/python bench/scale_bench.py --pages 100

A generated batch (samples.generate) is flattened into single-image dossiers under bench/out/scale.
A Prefect server (own PREFECT_HOME), the Dask scheduler and workers run as processes on loopback; each
ingest uses a fresh SOHOA_HOME (SQLite, local object store: one machine). Each Dask worker is one
process with one thread (`--nthreads 1`, `--no-nanny`), OMP_THREAD_LIMIT=1 and SOHOA_PAGE_WORKERS=1:
one page at a time, one core, Dask's sampling profiler off. The workers and the scheduler have imported
the pipeline and the flow's module before the clock starts (the
cluster and the Prefect API are up). Timed: the whole `sohoa ingest` process (its start-up, the flow,
every stage, storage); the batch's own window (flow start to finish, from the pipeline database) is
printed too, as is the CPU each process used (workers, the flow's process, the Prefect server), and the
load average, since the 2 cores may be shared. Plain `tesseract -l vie` reads the same image files,
one process per page, with the same number of processes at a time.
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


def group_as_generated(drop: Path, pages: int, seed: int) -> Path:
    """The same page files as `drop`, one folder per generated dossier (pages in order), so sohoa
    ingests multi-page dossiers while plain tesseract reads exactly the same images."""
    gen = OUT / f"gen-{seed}"
    grouped = OUT / f"dossiers-{pages}-{seed}"
    if grouped.exists() and sum(1 for _ in grouped.rglob("*.*")) >= pages:
        return grouped
    shutil.rmtree(grouped, ignore_errors=True)
    images = sorted(p for p in gen.rglob("*") if p.suffix in (".png", ".jpg"))[:pages]
    flat = sorted(drop.iterdir())
    for image, copy in zip(images, flat):
        folder = grouped / image.relative_to(gen).parts[0].split(".")[0]
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy(copy, folder / copy.name)
    return grouped


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


def _cpu(pids: dict[str, int]) -> dict[str, float]:
    """CPU seconds (user + system, children included) of each named process so far."""
    import psutil

    out = {}
    for name, pid in pids.items():
        try:
            t = psutil.Process(pid).cpu_times()
            out[name] = t.user + t.system + t.children_user + t.children_system
        except psutil.Error:
            out[name] = 0.0
    return out


def _warm(address: str, workers: int) -> None:
    """Workers up and the pipeline and the flow's module imported on each and on the scheduler, so the
    clock measures the batch, not start-up."""
    from distributed import Client

    with Client(address, timeout=60) as client:
        client.wait_for_workers(workers, timeout=120)
        # the pipeline (imported by the first task otherwise), Prefect and the task
        client.run(lambda: __import__("pipeline.work") and __import__("flows.ingest") and None)
        # the scheduler unpickles each task too, so it imports the same modules once (~2.5 CPU s): a
        # long-lived scheduler has done that before any batch
        client.run_on_scheduler(lambda: __import__("flows.ingest") and None)


def _window(home: Path, batch: str) -> float:
    """Seconds from the batch's start to its finish, as the flow recorded them."""
    from storage.pipeline_db import PipelineDB

    db = PipelineDB(f"sqlite:///{home / 'pipeline.sqlite'}")
    try:
        ref = db.batch_ref(batch)
        return (ref.finished_at - ref.started_at).total_seconds()
    finally:
        db.close()


def sohoa_rate(drop: Path, workers: int, api: str, server: subprocess.Popen) -> dict:
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    home = OUT / f"home-{workers}"
    shutil.rmtree(home, ignore_errors=True)
    # as docs/operations.md runs workers: Dask's sampling profiler off, its event-loop tick at 200 ms
    env = base_env(PREFECT_API_URL=api, SOHOA_HOME=str(home), DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED="False",
                   DASK_DISTRIBUTED__ADMIN__TICK__INTERVAL="200ms")
    procs = [start([PY, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port", str(port),
                    "--no-dashboard"], env, OUT / "scheduler.log")]
    procs += [start([PY, "-m", "distributed.cli.dask_worker", address, "--no-nanny", "--nthreads", "1",
                     "--no-dashboard", "--host", "127.0.0.1"], env, OUT / f"worker{n}.log") for n in range(workers)]
    try:
        _warm(address, workers)
        pids = {"prefect server": server.pid, "scheduler": procs[0].pid}
        pids.update({f"worker {n}": p.pid for n, p in enumerate(procs[1:])})
        before, load0 = _cpu(pids), os.getloadavg()[0]
        began = time.monotonic()
        ingest = start([PY, "-c", "from sohoa.cli import app; app()", "ingest", str(drop), "--batch", "bench",
                        "--workers", str(workers), "--dask", address], env, OUT / f"ingest-{workers}.log")
        pids["sohoa ingest (flow)"] = ingest.pid
        import psutil

        flow = psutil.Process(ingest.pid)
        flow_cpu = 0.0
        while ingest.poll() is None:  # its CPU is read while it lives
            try:
                t = flow.cpu_times()
                flow_cpu = t.user + t.system + t.children_user + t.children_system
            except psutil.Error:
                pass
            time.sleep(0.5)
        seconds = time.monotonic() - began
        if ingest.returncode:
            raise SystemExit(f"sohoa ingest failed, see {OUT / f'ingest-{workers}.log'}")
        after = _cpu(pids)
        after["sohoa ingest (flow)"], before["sohoa ingest (flow)"] = flow_cpu, 0.0
        load1 = os.getloadavg()[0]
    finally:
        stop(procs)
    pages = pages_in(drop)
    return {"rate": pages * 60 / seconds, "seconds": seconds, "window": _window(home, "bench"),
            "cpu": {k: (after[k] - before[k]) / pages for k in pids}, "load": (load0, load1)}


def tesseract_rate(drop: Path, procs: int) -> dict:
    images = sorted(p for p in drop.rglob("*") if p.is_file())
    env = dict(os.environ, OMP_THREAD_LIMIT="1")

    def one(image: Path) -> None:
        subprocess.run(["tesseract", str(image), "-", "-l", "vie", "--psm", "3"], env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    load0, began, cpu0 = os.getloadavg()[0], time.monotonic(), os.times()
    with ThreadPoolExecutor(procs) as pool:
        list(pool.map(one, images))
    cpu1 = os.times()
    cpu = cpu1.children_user + cpu1.children_system - cpu0.children_user - cpu0.children_system
    return {"rate": len(images) * 60 / (time.monotonic() - began), "load": (load0, os.getloadavg()[0]),
            "cpu": cpu / len(images)}


def pages_in(drop: Path) -> int:
    return sum(1 for p in drop.rglob("*") if p.is_file())  # one image, one page


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=100)
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--dossiers", choices=("flat", "as-generated"), default="flat",
                    help="flat: one single-page dossier per image; as-generated: the same images grouped "
                         "one folder per generated dossier")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    drop = make_batch(args.pages, args.seed)
    if args.dossiers == "as-generated":
        drop = group_as_generated(drop, args.pages, args.seed)
    print(f"batch ({args.dossiers}): {pages_in(drop)} page images in {drop} ({os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.2f})")
    # plain Tesseract first: its CPU is read from os.times' children, which would also count the
    # Prefect server and Dask processes if they were reaped inside its window
    plain = {p: tesseract_rate(drop, p) for p in (1, 2)}
    server, api = prefect_server()
    try:
        sohoa = {w: sohoa_rate(drop, w, api, server) for w in (1, 2)}
    finally:
        stop([server])
    pages = pages_in(drop)
    for n in (1, 2):
        r, t = sohoa[n], plain[n]
        print(f"{n} process(es): sohoa on Dask {r['rate']:.1f} pages/min (batch window {pages * 60 / r['window']:.1f}; "
              f"start-up {r['seconds'] - r['window']:.1f} s), load {r['load'][0]:.1f} -> {r['load'][1]:.1f}; "
              f"plain tesseract {t['rate']:.1f} pages/min, load {t['load'][0]:.1f} -> {t['load'][1]:.1f}; "
              f"sohoa/tesseract {r['rate'] / t['rate']:.2f}")
        total = sum(r["cpu"].values())
        print("   CPU s/page: " + ", ".join(f"{k} {v:.2f}" for k, v in r["cpu"].items()) +
              f"; all {total:.2f}; plain tesseract {t['cpu']:.2f}; CPU ratio (tesseract/sohoa) {t['cpu'] / total:.2f}")
    print(f"scaling, 2 Dask workers / 1: {sohoa[2]['rate'] / sohoa[1]['rate']:.2f} (target >= 1.7); "
          f"plain tesseract 2 / 1: {plain[2]['rate'] / plain[1]['rate']:.2f}")
    print(f"end to end vs plain tesseract at 2 processes: {sohoa[2]['rate'] / plain[2]['rate']:.2f} (target >= 0.8)")


if __name__ == "__main__":
    main()
