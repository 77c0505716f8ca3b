import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench import scale_bench  # noqa: E402


def test_as_generated_keeps_the_flat_images_grouped_one_folder_per_dossier(tmp_path, monkeypatch):
    monkeypatch.setattr(scale_bench, "OUT", tmp_path)
    gen = tmp_path / "gen-1"
    # two generated dossiers: a 2-page folder and a 1-page one (file names as the generator lays them)
    pages = {"d0001_birth.pdf/p1.png": b"a", "d0001_birth.pdf/p2.png": b"b", "d0002_land.tif/p1.jpg": b"c"}
    for rel, data in pages.items():
        (gen / rel).parent.mkdir(parents=True, exist_ok=True)
        (gen / rel).write_bytes(data)
    drop = tmp_path / "drop-3-1"
    drop.mkdir()
    for n, (data, ext) in enumerate([(b"a", "png"), (b"b", "png"), (b"c", "jpg")]):
        (drop / f"{n:04d}.{ext}").write_bytes(data)

    grouped = scale_bench.group_as_generated(drop, 3, 1)

    got = {p.relative_to(grouped).as_posix(): p.read_bytes() for p in sorted(grouped.rglob("*")) if p.is_file()}
    assert got == {"d0001_birth/0000.png": b"a", "d0001_birth/0001.png": b"b", "d0002_land/0002.jpg": b"c"}
    assert scale_bench.pages_in(grouped) == scale_bench.pages_in(drop) == 3
