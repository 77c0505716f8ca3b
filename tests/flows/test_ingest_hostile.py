"""Hostile drops (issue 11): odd names, special files, unreadable and oversize files, files that change."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from flow_helpers import cli, good_singles, read_jsonl

from sohoa.config import Settings
from storage.objects import LocalFolderStore
from storage.pipeline_db import PipelineDB, dossier_id
from storage.sector_db import SectorDB

FINAL = {"loaded", "review", "quarantined", "duplicate"}
BAD_STEM = b"b_bad\xff"
BIG = 3 * 2**30


def _goods(sample_batch, n: int) -> list[Path]:
    folder, truth = sample_batch
    return [folder / t["source"] for t in good_singles(truth, scans_only=True)[:n]]


def _export(batch: str, home: Path) -> dict[str, dict]:
    out = home.parent / f"{batch}.jsonl"
    cli("export", "--batch", batch, "-o", str(out))
    return {r["source"]: r for r in read_jsonl(out)}


def _disk_used(root: Path) -> int:
    return sum(os.lstat(os.path.join(d, n)).st_blocks * 512 for d, _, names in os.walk(root) for n in names)


@pytest.fixture(scope="module")
def hostile(sample_batch, tmp_path_factory):
    """Good scans with every hostile entry sorted between them, ingested once under umask 000."""
    good = _goods(sample_batch, 3)
    base = tmp_path_factory.mktemp("hostile")
    drop, home = base / "drop", base / "home"
    drop.mkdir()
    shutil.copy(good[0], drop / ("a_good" + good[0].suffix))
    bad_name = BAD_STEM + good[1].suffix.encode()
    shutil.copy(good[1], os.fsdecode(os.fsencode(drop) + b"/" + bad_name))
    os.mkfifo(drop / "c_fifo.png")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(drop / "d_socket.png"))
    os.mknod(drop / "e_device.png", stat.S_IFCHR | 0o600, os.makedev(1, 3))
    with open(drop / "f_big.pdf", "wb") as fh:  # sparse: 3 GB long, next to nothing on disk
        fh.truncate(BIG)
    shutil.copy(good[2], drop / ("g_good" + good[2].suffix))
    mp = pytest.MonkeyPatch()
    mp.setenv("SOHOA_HOME", str(home))
    for var in ("SOHOA_S3_ENDPOINT", "SOHOA_DB_URL"):
        mp.delenv(var, raising=False)
    old = os.umask(0)
    try:
        result = cli("ingest", str(drop), "--batch", "hostile", ok=False)
    finally:
        os.umask(old)
    yield {"drop": drop, "home": home, "result": result, "records": _export("hostile", home), "bad_name": bad_name,
           "bad_shown": "b_bad\\xff" + good[1].suffix}
    sock.close()
    mp.undo()


def test_a_hostile_batch_ends_every_entry_in_one_state_and_exits_0(hostile):
    assert hostile["result"].exit_code == 0, hostile["result"].output
    got = hostile["records"]
    shown = {hostile["bad_shown"] if os.fsencode(n) == hostile["bad_name"] else n
             for n in os.listdir(hostile["drop"])}
    assert set(got) == shown and len(got) == 7
    assert {r["status"] for r in got.values()} <= FINAL
    for name, r in got.items():
        if "good" in name or "bad" in name:
            assert r["status"] != "quarantined", (name, r["reason"])


def test_a_name_that_is_not_utf8_is_kept_losslessly_and_shown_readably(hostile):
    from drops.discover import raw_name

    r = hostile["records"][hostile["bad_shown"]]
    assert raw_name(r["source"]) == hostile["bad_name"]
    assert (hostile["drop"] / os.fsdecode(hostile["bad_name"])).read_bytes() == LocalFolderStore(
        hostile["home"] / "objects").get_bytes(r["artifacts"]["original"])


@pytest.mark.parametrize("name,kind", [("c_fifo.png", "fifo"), ("d_socket.png", "socket"),
                                       ("e_device.png", "character device")])
def test_special_files_are_quarantined_without_being_opened(hostile, name, kind):
    r = hostile["records"][name]
    assert (r["status"], r["reason"], r["reason_detail"]) == ("quarantined", "special_file", kind)
    assert r["artifacts"]["original"] is None


def test_an_oversize_file_is_too_large_without_being_stored(hostile):
    r = hostile["records"]["f_big.pdf"]
    assert (r["status"], r["reason"]) == ("quarantined", "too_large")
    assert r["artifacts"]["original"] is None
    assert _disk_used(hostile["home"]) < 100 * 2**20  # a copy would be 3 GB


def test_everything_under_home_is_owner_only_whatever_the_umask(hostile):
    home = hostile["home"]
    loose = [p for p in [home, *home.rglob("*")] if p.lstat().st_mode & 0o077]
    assert not loose, [f"{oct(p.stat().st_mode)} {p.relative_to(home)}" for p in loose]
    assert (home / "pipeline.sqlite").exists() and list(home.glob("sectors/*.sqlite"))
    assert list(home.glob("objects/.meta/**/*.json"))


DISCOVER_AS_NOBODY = """
import json, os, sys
from pathlib import Path
from drops.discover import discover
os.setgid(65534); os.setuid(65534)
out = [[f.rel, f.problem, f.detail] for d in discover(Path(sys.argv[1])) for f in d.files]
print(json.dumps(out))
"""


@pytest.fixture
def open_tmp():
    """A folder `nobody` can reach (pytest's tmp_path sits in root's private folder)."""
    import tempfile

    path = Path(tempfile.mkdtemp(prefix="sohoa-nobody-"))
    yield path
    for p in [path, *path.rglob("*")]:
        if p.is_dir():
            p.chmod(0o755)
    shutil.rmtree(path)


def test_an_unreadable_file_gets_a_reason_instead_of_stopping_discovery(sample_batch, open_tmp):
    """Run as `nobody` (tests run as root, who reads everything): a chmod 000 file and a chmod 000
    folder are entries with a reason, the readable ones are hashed."""
    good = _goods(sample_batch, 1)[0]
    tmp_path = open_tmp
    drop = tmp_path / "drop"
    (drop / "c_folder").mkdir(parents=True)
    shutil.copy(good, drop / "a.png")
    shutil.copy(good, drop / "b_locked.png")
    (drop / "b_locked.png").chmod(0)
    (drop / "c_folder" / "p1.png").write_bytes(b"x")
    (drop / "d_locked_folder").mkdir()
    (drop / "d_locked_folder").chmod(0)
    for p in (tmp_path, drop, drop / "c_folder"):
        p.chmod(0o755)
    (drop / "a.png").chmod(0o644)
    (drop / "c_folder" / "p1.png").chmod(0o644)
    out = subprocess.run([sys.executable, "-c", DISCOVER_AS_NOBODY, str(drop)], capture_output=True, text=True,
                         cwd=Path(__file__).parents[2])
    assert out.returncode == 0, out.stderr
    files = {rel: (problem, detail) for rel, problem, detail in json.loads(out.stdout)}
    assert files["a.png"] == (None, None)
    assert files["b_locked.png"] == ("unreadable_file", "EACCES")
    assert files["c_folder/p1.png"] == (None, None)
    assert files["d_locked_folder/"] == ("unreadable_file", "EACCES")


def test_a_file_replaced_during_the_batch_is_never_stored_under_its_old_hash(sample_batch, home, tmp_path,
                                                                           monkeypatch):
    """GIVEN a batch whose second file is replaced while the first is being read WHEN the batch ends
    THEN the second is quarantined as changed_during_ingest, every original in the store hashes to its
    key and fixity passes; a re-run processes the new content."""
    good = _goods(sample_batch, 2)
    drop = tmp_path / "drop"
    drop.mkdir()
    a, b = drop / ("a" + good[0].suffix), drop / ("b" + good[1].suffix)
    shutil.copy(good[0], a)
    shutil.copy(good[1], b)
    import ocr.tesseract

    real_run = ocr.tesseract.run_tsv

    def replace_b_then_ocr(*args, **kwargs):  # a real replacement while the batch runs
        if b.read_bytes() == good[1].read_bytes():
            tmp = drop.parent / "b.new"
            shutil.copy(good[0], tmp)
            os.replace(tmp, b)
        return real_run(*args, **kwargs)

    monkeypatch.setattr(ocr.tesseract, "run_tsv", replace_b_then_ocr)
    cli("ingest", str(drop), "--batch", "moving", "--workers", "1")
    got = _export("moving", home)
    assert (got[b.name]["status"], got[b.name]["reason"]) == ("quarantined", "changed_during_ingest")
    store = LocalFolderStore(home / "objects")
    for key in store.list("originals/"):
        assert hashlib.sha256(store.get_bytes(key)).hexdigest() == key.rsplit("/", 1)[-1]
    db = PipelineDB(Settings(home=home).pipeline_db_url)
    for o in db.objects("moving"):
        assert store.verify(o.key).sha256 == o.sha256
    db.close()
    cli("fixity", "--batch", "moving")
    monkeypatch.setattr(ocr.tesseract, "run_tsv", real_run)
    cli("ingest", str(drop), "--batch", "moving")
    again = _export("moving", home)[b.name]
    assert again["status"] == "duplicate" and again["sha256"] == got[a.name]["sha256"]


def test_new_content_under_the_same_name_retracts_the_record_the_old_content_loaded(sample_batch, home,
                                                                                   tmp_path):
    folder, truth = sample_batch
    t = good_singles(truth)[0]
    drop = tmp_path / "drop"
    drop.mkdir()
    name = "a" + Path(t["source"]).suffix
    shutil.copy(folder / t["source"], drop / name)
    cli("ingest", str(drop), "--batch", "edit")
    first = _export("edit", home)[name]
    assert first["status"] == "loaded", first["reason"]
    did, sector = first["dossier_id"], first["procedure"]["sector"]
    sdb = SectorDB(Settings(home=home).sector_db_url(sector), sector)
    assert sdb.get(did) is not None
    (drop / name).write_bytes(b"%PDF-1.4 not a real pdf any more")
    cli("ingest", str(drop), "--batch", "edit")
    second = _export("edit", home)[name]
    assert second["status"] == "quarantined"
    assert sdb.get(did) is None
    sdb.close()
    db = PipelineDB(Settings(home=home).pipeline_db_url)
    events = [e for e in db.events(dossier_id=did) if e.step == "load" and e.outcome == "retracted"]
    db.close()
    assert len(events) == 1 and events[0].detail == {"sector": sector, "sha256": first["sha256"]}
    assert dossier_id("edit", name) == did


def test_shown_names_never_collide_and_give_back_their_bytes():
    from drops.discover import raw_name, show_name

    names = [b"a.png", "Tờ khai.pdf".encode(), b"bad\xff.png", b"bad\\xff.png", b"a\\b", b"a\\\\xff\xfe"]
    shown = [show_name(n) for n in names]
    assert len(set(shown)) == len(names)
    assert [raw_name(s) for s in shown] == names
    assert shown[:3] == ["a.png", "Tờ khai.pdf", "bad\\xff.png"]
