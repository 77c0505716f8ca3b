"""Large sheets are read within the pixel budget, bombs of the same size are not, and a worker stays
under 1.5 GB.

The big pages (an A1 drawing at 300 dpi, an A0 cadastral map at 200 dpi) are generated once per
session and stored the way scanners store them: grey JPEG, bilevel CCITT G4 TIFF.
"""
from __future__ import annotations

import random
from pathlib import Path

import pytest
from PIL import Image
from reportlab.pdfgen import canvas

from ocr.loader import PageRef, load_image, plan_raster, render_dpi
from ocr.options import OcrOptions
from ocr.pdfa import write_pdfa
from ocr.pipeline import read_file
from peak_reader import peak_read
from samples.cases import make_case
from samples.drawings import cadastral_map, construction_drawing
from sohoa.errors import QuarantineError, Reason

PEAK_LIMIT_MB = 1536
MM_PER_PT = 25.4 / 72


@pytest.fixture(scope="session")
def sheets(tmp_path_factory) -> dict[str, Path]:
    """An A1 design drawing at 300 dpi (grey JPEG) and an A0 cadastral map at 200 dpi (G4 TIFF)."""
    d = tmp_path_factory.mktemp("sheets")
    rnd = random.Random(16)
    drawing = construction_drawing(rnd, make_case(rnd, "construction_permit"), "A1", 300)
    drawing.image.save(d / "a1_drawing.jpg", quality=75, dpi=(300, 300))
    rnd = random.Random(17)
    sheet = cadastral_map(rnd, make_case(rnd, "land_change_registration"), "A0", 200, extract=False)
    sheet.image.convert("1").save(d / "a0_map.tif", compression="group4", dpi=(200, 200))
    return {"a1": d / "a1_drawing.jpg", "a0": d / "a0_map.tif", "a1_text": drawing.text, "a0_text": sheet.text}


def test_a_large_sheet_is_planned_downsampled_and_a_bomb_of_its_size_refused():
    """GIVEN the header of an A1 page at 300 dpi (7016 x 9933, 70 MP, over the 60 MP budget)
    WHEN its file holds 2.3 MB (a grey JPEG) or 170 kB (a bilevel G4 drawing)
    THEN it is read downsampled to the budget at 278 dpi, its physical size kept;
    WHEN the same header comes from 30 kB (a blank sheet or a decompression bomb)
    THEN page_too_large before anything is decoded."""
    opts = OcrOptions()
    for mode, kind, size in (("L", "jpeg", 2_300_000), ("1", "tiff", 170_000)):
        plan = plan_raster((7016, 9933), (300, 300), mode, kind, size, opts)
        assert plan.reduced and plan.dpi == 278
        assert plan.size[0] * plan.size[1] <= opts.max_megapixels * 1_000_000
        assert abs(plan.size[1] / plan.dpi - 9933 / 300) < 0.01  # inches: the same sheet
    with pytest.raises(QuarantineError) as ei:
        plan_raster((7016, 9933), (300, 300), "1", "png", 30_000, opts)
    assert ei.value.reason == Reason.page_too_large and "bomb" in ei.value.detail


def test_a_page_whose_decode_would_not_fit_in_memory_is_refused():
    """GIVEN a colour TIFF of 20,000 x 14,000 pixels (A0 at 600 dpi) with plenty of bytes
    WHEN planned THEN page_too_large: it cannot be decoded reduced and at full size takes 840 MB."""
    with pytest.raises(QuarantineError) as ei:
        plan_raster((20_000, 14_000), (600, 600), "RGB", "tiff", 400_000_000, OcrOptions())
    assert ei.value.reason == Reason.page_too_large and "MB" in ei.value.detail


def test_a_jpeg_over_the_budget_is_decoded_at_a_draft_scale(tmp_path):
    """GIVEN a 4000 x 3000 JPEG and a 2 MP budget WHEN loaded THEN libjpeg decodes it at half size
    (draft), the page comes back at the budget with its dpi lowered to match, marked as reduced."""
    path = tmp_path / "big.jpg"
    Image.effect_noise((4000, 3000), 60).save(path, quality=80, dpi=(400, 400))
    opts = OcrOptions(max_megapixels=2.0)
    with Image.open(path) as im:
        plan = plan_raster(im.size, im.info["dpi"], im.mode, "jpeg", path.stat().st_size, opts)
    assert plan.draft == 0.5 and plan.dpi == 163
    img, dpi = load_image(PageRef("jpeg", str(path), 0, 1, "big.jpg"), opts)
    assert dpi == 163 and img.size == plan.size and img.size[0] * img.size[1] <= 2_000_000
    assert img.info["reduced_from"] == (4000, 3000)


def test_a_turned_jpeg_over_the_budget_comes_back_upright_and_reduced(tmp_path):
    """GIVEN a 4000 x 3000 JPEG whose EXIF says to turn it 90° WHEN loaded within a 2 MP budget THEN it
    is upright (portrait), reduced to the budget, and its full size is given upright too."""
    path = tmp_path / "turned.jpg"
    exif = Image.Exif()
    exif[0x0112] = 6
    Image.effect_noise((4000, 3000), 60).save(path, quality=80, dpi=(400, 400), exif=exif)
    img, dpi = load_image(PageRef("jpeg", str(path), 0, 1, "turned.jpg"), OcrOptions(max_megapixels=2.0))
    assert img.size[1] > img.size[0] and img.size[0] * img.size[1] <= 2_000_000 and dpi == 163
    assert img.info["reduced_from"] == (3000, 4000)


def test_a_pdf_sheet_renders_at_the_dpi_its_size_allows(tmp_path):
    """GIVEN a PDF whose page is an A0 sheet WHEN loaded THEN it renders at the dpi that fits 60 MP
    (about 190), not refused; a page kilometres long still is."""
    path = tmp_path / "a0.pdf"
    w_pt, h_pt = 841 / MM_PER_PT, 1189 / MM_PER_PT
    c = canvas.Canvas(str(path), pagesize=(w_pt, h_pt))
    c.drawString(100, 100, "BẢN ĐỒ")
    c.save()
    img, dpi = load_image(PageRef("pdf", str(path), 0, 1, "a0.pdf"), OcrOptions())
    assert 185 <= dpi <= 200 and img.size[0] * img.size[1] <= 60_000_000
    assert abs(img.size[0] / dpi * 25.4 - 841) < 1.5  # the sheet's true width in mm
    with pytest.raises(QuarantineError) as ei:
        render_dpi(3, 3_000_000, OcrOptions())
    assert ei.value.reason == Reason.page_too_large


def test_an_a1_drawing_and_an_a0_map_are_read_by_one_worker_under_1_5_gb(sheets):
    """GIVEN an A1 drawing at 300 dpi and an A0 map at 200 dpi, read on two threads of one process
    WHEN read THEN both are read (downsampled, recognised as line art), and the process's peak plus
    Tesseract's peak on the largest image it was given stay under 1.5 GB."""
    report = peak_read(sheets["a1"], sheets["a0"])
    for name in ("a1_drawing.jpg", "a0_map.tif"):
        (flags,) = report["results"][name]
        assert {"downsampled", "line_art"} <= set(flags), flags
    assert report["tesseract_mb"] > 20  # it did run on a real page
    assert report["worker_mb"] < PEAK_LIMIT_MB, report


def test_a_large_drawing_is_read_at_its_true_size(sheets, tmp_path):
    """GIVEN the A1 drawing WHEN read THEN its text (title block, view titles) is found at the place
    it is printed, and the PDF/A page is an A1 sheet (841 x 594 mm)."""
    (page,) = read_file(sheets["a1"], OcrOptions(), tmp_path / "w")
    assert (page.width, page.height, page.dpi) == (9933, 7016, 300)  # the original's frame, words mapped back
    with Image.open(page.image_path) as im:  # the image it was read from: within the budget
        assert im.size[0] * im.size[1] <= 60_000_000 and abs(im.size[0] / page.width - im.size[1] / page.height) < 0.001
    assert round(page.width / page.dpi * 25.4) == 841 and round(page.height / page.dpi * 25.4) == 594
    words = {w.text: w for w in page.words}
    for printed in ("MẶT", "BẰNG", "CHỦ", "CÔNG", "TRÌNH:"):
        assert printed in words, printed
    title = [w for w in page.words if w.text == "CHỦ"][0]  # the title block sits bottom right
    assert title.bbox[0] > 0.6 * page.width and title.bbox[1] > 0.75 * page.height
    assert page.text.count("TỶ LỆ") + page.text.count("TỶ LỆ") >= 2
    pdf = tmp_path / "a1.pdf"
    write_pdfa([page], pdf)
    import pikepdf

    with pikepdf.open(pdf) as doc:
        box = [float(v) for v in doc.pages[0].mediabox]
    assert abs((box[2] - box[0]) * MM_PER_PT - 841) < 1 and abs((box[3] - box[1]) * MM_PER_PT - 594) < 1
