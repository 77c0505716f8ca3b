"""Bad and hostile inputs are refused with a reason, before anything large is decoded."""
from __future__ import annotations

import io
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pikepdf
import pytest
from PIL import Image

from ocr.inputs import sniff
from ocr.options import OcrOptions
from ocr.pipeline import read_file
from sohoa.errors import QuarantineError, Reason


def _reason(path: Path, opts: OcrOptions, tmp_path: Path) -> Reason:
    with pytest.raises(QuarantineError) as ei:
        read_file(path, opts, tmp_path / "work")
    return ei.value.reason


def _png_bytes(w: int, h: int, mode: str = "L") -> bytes:
    buf = io.BytesIO()
    Image.new(mode, (w, h), 255).save(buf, "PNG")
    return buf.getvalue()


def _png_header_only(w: int, h: int) -> bytes:
    """A PNG whose IHDR claims w x h with a tiny (compressed) body: a decompression bomb's header."""
    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))
    ihdr = struct.pack(">IIBBBBB", w, h, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 1024)) + chunk(b"IEND", b"")


def test_sniff_types_by_magic_bytes_case_insensitive_extension(tmp_path, opts):
    """GIVEN files whose bytes match their extension WHEN sniffed THEN the type comes from the bytes."""
    (tmp_path / "a.PNG").write_bytes(_png_bytes(10, 10))
    Image.new("RGB", (10, 10)).save(tmp_path / "b.JPEG", "JPEG")
    Image.new("L", (10, 10)).save(tmp_path / "c.tif", "TIFF")
    (tmp_path / "d.Pdf").write_bytes(b"%PDF-1.7\n%junk")
    assert [sniff(tmp_path / n, opts) for n in ("a.PNG", "b.JPEG", "c.tif", "d.Pdf")] == ["png", "jpeg", "tiff", "pdf"]


@pytest.mark.parametrize("name,data,reason", [
    ("empty.pdf", b"", Reason.empty_file),
    ("png_named.pdf", _png_bytes(10, 10), Reason.type_mismatch),
    ("pdf_named.jpg", b"%PDF-1.4\n", Reason.type_mismatch),
    ("letter.docx", b"PK\x03\x04rest of a zip", Reason.unsupported_type),
    ("notes.txt", "Đơn đề nghị".encode(), Reason.unsupported_type),
    ("png_named.txt", _png_bytes(10, 10), Reason.unsupported_type),
    ("garbage.pdf", b"this is not a pdf at all", Reason.corrupt_pdf),
    ("garbage.png", b"GIF89a not ours", Reason.unreadable_image),
])
def test_sniff_refuses_with_reason(tmp_path, opts, name, data, reason):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(QuarantineError) as ei:
        sniff(path, opts)
    assert ei.value.reason == reason


def test_too_large_file(tmp_path):
    path = tmp_path / "big.png"
    path.write_bytes(_png_bytes(200, 200))
    with pytest.raises(QuarantineError) as ei:
        sniff(path, OcrOptions(max_file_bytes=100))
    assert ei.value.reason == Reason.too_large


def test_truncated_image_is_unreadable(tmp_path, opts, decision_page):
    buf = io.BytesIO()
    decision_page.image.save(buf, "JPEG", quality=80)
    path = tmp_path / "cut.jpg"
    path.write_bytes(buf.getvalue()[: len(buf.getvalue()) // 3])
    assert _reason(path, opts, tmp_path) == Reason.unreadable_image


def test_corrupt_pdf_body(tmp_path, opts):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << >>\n%%EOF")
    assert _reason(path, opts, tmp_path) == Reason.corrupt_pdf


def test_encrypted_pdf(tmp_path, opts):
    path = tmp_path / "locked.pdf"
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.save(path, encryption=pikepdf.Encryption(user="secret", owner="owner"))
    assert _reason(path, opts, tmp_path) == Reason.encrypted_pdf


def test_zero_size_pdf_page(tmp_path, opts):
    path = tmp_path / "zero.pdf"
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.pages[0].obj.MediaBox = pikepdf.Array([0, 0, 0, 0])
    pdf.save(path)
    assert _reason(path, opts, tmp_path) == Reason.zero_size_page


def test_zero_size_png(tmp_path, opts):
    path = tmp_path / "zero.png"
    path.write_bytes(_png_header_only(0, 100))
    assert _reason(path, opts, tmp_path) == Reason.zero_size_page


def test_too_many_pages_in_tiff(tmp_path):
    path = tmp_path / "many.tif"
    frames = [Image.new("1", (50, 50), 1) for _ in range(3)]
    frames[0].save(path, save_all=True, append_images=frames[1:], compression="group4")
    with pytest.raises(QuarantineError) as ei:
        read_file(path, OcrOptions(max_pages=2), tmp_path / "w")
    assert ei.value.reason == Reason.too_many_pages


def test_hundred_megapixel_page_refused(tmp_path, opts):
    """GIVEN a real 10000x10000 bilevel PNG (tiny on disk) WHEN read THEN page_too_large, nothing decoded."""
    path = tmp_path / "huge.png"
    Image.new("1", (10_000, 10_000), 1).save(path)
    assert path.stat().st_size < 200_000
    assert _reason(path, opts, tmp_path) == Reason.page_too_large


def test_decompression_bomb_refused_within_a_memory_limit(tmp_path):
    """GIVEN a PNG header claiming 100000x100000 pixels, in a process limited to 1 GB of address space
    WHEN read THEN page_too_large is raised (decoding it would need 10 GB and fail with MemoryError)."""
    path = tmp_path / "bomb.png"
    path.write_bytes(_png_header_only(100_000, 100_000))
    code = f"""
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (1500 * 2**20, 1500 * 2**20))
from pathlib import Path
from ocr.options import OcrOptions
from ocr.pipeline import read_file
from sohoa.errors import QuarantineError
try:
    read_file(Path({str(path)!r}), OcrOptions(), Path({str(tmp_path / 'w')!r}))
except QuarantineError as e:
    print(e.reason)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                         cwd=Path(__file__).resolve().parents[2])
    assert out.stdout.strip() == "page_too_large", out.stderr[-2000:]


def test_transparent_and_16_bit_images_load_as_paper(tmp_path, opts):
    """A transparent PNG is flattened onto white paper; 16-bit grey is scaled, not clipped to white."""
    from ocr.loader import PageRef, load_image

    rgba = Image.new("RGBA", (100, 100), (0, 0, 0, 0))
    rgba.paste((0, 0, 0, 255), (10, 10, 20, 20))
    rgba.save(tmp_path / "t.png")
    im, _ = load_image(PageRef("png", str(tmp_path / "t.png"), 0, 1, "t.png"), opts)
    assert im.mode == "RGB" and im.getpixel((50, 50)) == (255, 255, 255) and im.getpixel((15, 15)) == (0, 0, 0)
    import numpy as np

    a = np.full((100, 100), 60000, dtype=np.uint16)
    a[10:20, 10:20] = 3000
    g16 = Image.fromarray(a)
    assert g16.mode.startswith("I;16")
    g16.save(tmp_path / "g.png")
    im, _ = load_image(PageRef("png", str(tmp_path / "g.png"), 0, 1, "g.png"), opts)
    assert im.mode == "L" and im.getpixel((50, 50)) == 255 and im.getpixel((15, 15)) < 20
