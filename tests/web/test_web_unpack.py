"""Uploads unpacked into a drop folder: every hostile zip is refused before a byte is written (and
nothing is left behind), good ones land owner-only with their names kept as the ingest keeps them."""
from __future__ import annotations

import io
import os
import stat
import struct
import warnings
import zipfile
from pathlib import Path

import pytest

from drops.discover import discover
from web.unpack import Limits, UploadRefused, place_files, unpack_zip

LIMITS = Limits(max_bytes=50 << 20, max_entries=100, max_ratio=100.0)


def make_zip(entries: list[tuple[str | zipfile.ZipInfo, bytes]], method=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as zf:
        for name, data in entries:
            zf.writestr(name, data)
    return buf.getvalue()


def unix_entry(name: str, mode: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = mode << 16
    return info


def unpack(data: bytes, dest: Path, limits: Limits = LIMITS):
    return unpack_zip(io.BytesIO(data), len(data), dest, limits)


def refused(data: bytes, tmp_path: Path, limits: Limits = LIMITS) -> UploadRefused:
    dest = tmp_path / "drop"
    with pytest.raises(UploadRefused) as caught:
        unpack(data, dest, limits)
    assert not dest.exists()  # nothing of a refused upload is kept
    return caught.value


@pytest.mark.parametrize("name, code", [
    ("../evil.pdf", "path_traversal"),
    ("lo/../../evil.pdf", "path_traversal"),
    ("lo\\..\\..\\evil.pdf", "path_traversal"),  # Windows separators are separators
    ("/etc/cron.d/evil", "absolute_path"),
    ("\\\\server\\share\\evil.pdf", "absolute_path"),
    ("C:\\Windows\\evil.pdf", "absolute_path"),
    ("a" * 256 + ".pdf", "name_too_long"),
])
def test_entries_that_climb_out_or_cannot_exist_refuse_the_zip(tmp_path, name, code):
    data = make_zip([("lo/d1.pdf", b"%PDF-1.4 fine"), (name, b"x")])
    assert refused(data, tmp_path).code == code


def test_a_nul_in_a_name_refuses_the_zip(tmp_path):
    data = make_zip([("d1.pdf", b"%PDF-1.4"), ("evilXpdf.png", b"x")]).replace(b"evilXpdf", b"evil\0pdf")
    assert refused(data, tmp_path).code == "bad_name"


@pytest.mark.parametrize("mode, code", [
    (stat.S_IFLNK | 0o777, "zip_link"),
    (stat.S_IFIFO | 0o644, "zip_special"),
    (stat.S_IFCHR | 0o644, "zip_special"),
])
def test_link_and_device_entries_refuse_the_zip(tmp_path, mode, code):
    data = make_zip([("d1.pdf", b"%PDF-1.4"), (unix_entry("passwd.pdf", mode), b"/etc/passwd")])
    error = refused(data, tmp_path)
    assert (error.code, error.name) == (code, "passwd.pdf")


def test_an_encrypted_entry_refuses_the_zip(tmp_path):
    data = bytearray(make_zip([("secret.pdf", b"%PDF-1.4 hidden")], zipfile.ZIP_STORED))
    for sig, flag_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):  # local and central headers
        at = data.index(sig) + flag_at
        data[at:at + 2] = struct.pack("<H", struct.unpack("<H", data[at:at + 2])[0] | 0x1)
    assert refused(bytes(data), tmp_path).code == "zip_encrypted"


def test_a_zip_bomb_is_stopped_by_its_compression_ratio(tmp_path):
    data = make_zip([("d1.pdf", b"%PDF-1.4"), ("blank.tif", bytes(20 << 20))])  # 20 MiB of zeros, ~20 kB packed
    assert len(data) < 100_000
    error = refused(data, tmp_path)
    assert (error.code, error.name) == ("zip_ratio", "blank.tif")


def test_a_zip_bomb_is_stopped_by_the_total_size(tmp_path):
    data = make_zip([(f"d{i}.pdf", os.urandom(400_000)) for i in range(3)])
    assert refused(data, tmp_path, Limits(max_bytes=1_000_000, max_entries=100, max_ratio=100.0)).code == "too_large"


def test_a_zip_bomb_is_stopped_by_the_entry_count(tmp_path):
    data = make_zip([(f"d{i}.pdf", b"%PDF") for i in range(11)])
    assert refused(data, tmp_path, Limits(max_bytes=1 << 20, max_entries=10, max_ratio=100.0)).code == \
        "too_many_entries"


def test_a_header_that_lies_about_sizes_is_caught_while_writing(tmp_path):
    """GIVEN a zip whose headers say an entry is 10 bytes while it holds 100 kB WHEN it is unpacked THEN
    the write stops (the CRC of what the header allows does not match) and nothing is left."""
    payload = os.urandom(100_000)
    data = bytearray(make_zip([("d1.pdf", payload)], zipfile.ZIP_STORED))
    for sig, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):  # uncompressed size fields
        at = data.index(sig) + size_at
        data[at:at + 4] = struct.pack("<I", 10)
    assert refused(bytes(data), tmp_path).code == "zip_corrupt"


@pytest.mark.parametrize("entries", [
    [("d1.pdf", b"a"), ("d1.pdf", b"b")],
    [("d1", b"a"), ("d1/p1.png", b"b")],
])
def test_two_entries_at_one_path_refuse_the_zip(tmp_path, entries):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile itself frowns at a duplicate name
        data = make_zip(entries)
    assert refused(data, tmp_path).code == "duplicate_entry"


def test_not_a_zip_or_a_truncated_one_is_refused(tmp_path):
    good = make_zip([("d1.pdf", os.urandom(5000))])
    assert refused(b"PK\x03\x04" + os.urandom(200), tmp_path).code == "zip_corrupt"
    assert refused(good[:-30], tmp_path).code == "zip_corrupt"


def test_a_batch_folder_zipped_whole_lands_as_its_dossiers_owner_only(tmp_path):
    data = make_zip([("lo-01/d1.pdf", b"%PDF-1.4 one"), ("lo-01/d2/", b""), ("lo-01/d2/p1.png", b"png1"),
                     ("lo-01/d2/p2.png", b"png2"), ("lo-01/Tờ khai Nguyễn.pdf", b"%PDF-1.4 two")])
    dest = tmp_path / "drop"
    done = unpack(data, dest)
    assert (done.files, done.bytes) == (4, 12 + 4 + 4 + 12)
    assert sorted(d.source for d in discover(dest)) == ["Tờ khai Nguyễn.pdf", "d1.pdf", "d2/"]
    for path in [dest, *dest.rglob("*")]:
        assert stat.S_IMODE(path.stat().st_mode) == (0o700 if path.is_dir() else 0o600), path


def test_a_name_that_is_not_utf8_keeps_its_bytes_as_the_ingest_does(tmp_path):
    """GIVEN a zip from an old Windows tool, a name in a Vietnamese code page without the UTF-8 flag
    WHEN unpacked THEN the file carries those very bytes and the ingest shows them losslessly."""
    raw = "Hô\u0300 sơ.pdf".encode("cp1258")  # "Hồ sơ.pdf" as Windows-1258 writes it (tone mark apart)
    assert raw == b"H\xf4\xcc s\xf5.pdf"
    placeholder = b"X" * len(raw)
    data = make_zip([("ok.pdf", b"%PDF"), (placeholder.decode(), b"%PDF-1.4")]).replace(placeholder, raw)
    dest = tmp_path / "drop"
    unpack(data, dest)
    assert raw in os.listdir(os.fsencode(dest))
    shown = sorted(d.source for d in discover(dest))
    assert shown == ["H\\xf4\\xcc s\\xf5.pdf", "ok.pdf"]


def test_files_from_the_browser_follow_the_same_rules(tmp_path):
    def sent(*names):
        return [(n, io.BytesIO(b"%PDF-1.4"), 8) for n in names]

    dest = tmp_path / "drop"
    with pytest.raises(UploadRefused) as caught:
        place_files(sent("lo-01/d1.pdf", "lo-01/../../x.pdf"), dest, LIMITS)
    assert caught.value.code == "path_traversal" and not dest.exists()
    with pytest.raises(UploadRefused) as caught:
        place_files(sent("d1.pdf", "d2.pdf", "d3.pdf"), dest, Limits(max_bytes=20, max_entries=10, max_ratio=1))
    assert caught.value.code == "too_large" and not dest.exists()
    done = place_files(sent("lo-01/d1.pdf", "lo-01/d2/p1.pdf", "lo-01/d2/p2.pdf"), dest, LIMITS)
    assert done.files == 3 and sorted(d.source for d in discover(dest)) == ["d1.pdf", "d2/"]
    with pytest.raises(UploadRefused):  # a second upload into an existing folder writes nothing
        place_files(sent("d9.pdf"), dest, LIMITS)
    assert not (dest / "d9.pdf").exists()
