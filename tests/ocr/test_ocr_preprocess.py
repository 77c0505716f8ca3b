"""Each preprocessing step on rendered pages with known degradations."""
from __future__ import annotations

import cv2
import numpy as np
import pytest
from PIL import Image

from ocr import preprocess as pp
from ocr.pipeline import orient, prepare, upright_original
from samples import degrade


def _bw(img: Image.Image, dpi: int = 300) -> np.ndarray:
    return pp.remove_borders(pp.binarise(pp.normalise(pp.to_gray(img), dpi)))


@pytest.mark.parametrize("turned", [0, 90, 180, 270])
def test_turned_page_comes_back_upright(decision_page, opts, turned):
    """GIVEN a page fed into the scanner turned `turned` degrees clockwise
    WHEN orientation is detected THEN the applied clockwise rotation undoes it exactly."""
    img = degrade.rotate(decision_page.image, turned)
    rotation, skew = orient(_bw(img), opts)
    assert rotation == (360 - turned) % 360
    assert abs(skew) <= 0.3
    back = upright_original(img, rotation, 0.0)
    assert np.array_equal(np.asarray(back), np.asarray(decision_page.image))


@pytest.mark.parametrize("angle", [-15.0, -3.0, -0.7, 2.0, 3.0, 9.5])
def test_skew_measured_within_a_third_of_a_degree(decision_page, angle):
    """GIVEN a page skewed by a known angle (counter-clockwise positive) WHEN measured
    THEN the deskew angle is its opposite within 0.3 degrees."""
    img = degrade.skew(decision_page.image, angle)
    measured, _ = pp.estimate_skew(_bw(img))
    assert abs(measured + angle) <= 0.3


@pytest.mark.parametrize("angle", [-2.3, 1.6])
def test_sampled_skew_search_answers_as_the_search_over_all_ink(decision_page, angle):
    """GIVEN a skewed page with far more ink pixels than the search samples
    WHEN its skew is estimated THEN the answer is the one the search over all the ink gives."""
    bw = _bw(degrade.skew(decision_page.image, angle))
    pts = pp._points(bw)
    assert len(pts[0]) > pp.SAMPLE_POINTS  # so the search ran on a sample
    exhaustive, _ = pp._search(*pts, 15.0)
    assert pp.estimate_skew(bw)[0] == pytest.approx(exhaustive, abs=1e-9)


@pytest.mark.parametrize("turned", [0, 90])
def test_page_turned_a_quarter_and_skewed_is_levelled(decision_page, turned):
    """GIVEN a page fed turned by a quarter (or not) and skewed 2 degrees
    WHEN level_or_turn runs THEN it turns it back a quarter and measures the skew within 0.3 degrees."""
    img = degrade.skew(degrade.rotate(decision_page.image, turned), 2.0)
    base, skew = pp.level_or_turn(_bw(img))
    assert base == (360 - turned) % 360 % 180
    assert abs(skew + 2.0) <= 0.3 if not turned else abs(abs(skew) - 2.0) <= 0.3


def test_components_with_16_bit_labels_match_32_bit_and_fall_back_on_specks(decision_page):
    ink = (_bw(decision_page.image) == 0).astype(np.uint8)
    n, labels, stats, cent = pp.components(ink)
    n32, labels32, stats32, cent32 = cv2.connectedComponentsWithStats(ink, connectivity=8)
    assert labels.dtype == np.uint16 and n == n32
    assert np.array_equal(labels, labels32) and np.array_equal(stats, stats32)
    specks = np.zeros((700, 700), np.uint8)
    specks[::2, ::2] = 1  # 122,500 separate pixels: more labels than 16 bits hold
    n, labels, _, _ = pp.components(specks)
    assert n == 350 * 350 + 1 and labels.dtype == np.int32


def test_deskewed_page_is_level(decision_page, opts):
    img = degrade.skew(decision_page.image, 4.0)
    prep = prepare(img, 300, opts)
    residual, _ = pp.estimate_skew(pp.binarise(prep.ocr))
    assert abs(residual) <= 0.3 and abs(prep.skew + 4.0) <= 0.3


def test_scanner_borders_removed_and_text_kept(decision_page):
    img = degrade.photocopy(decision_page.image, seed=3, border=0.03)
    bw = pp.binarise(pp.normalise(pp.to_gray(img), 300))
    cleaned = pp.remove_borders(bw)
    h, w = bw.shape
    edge = np.zeros_like(bw, dtype=bool)
    edge[: h // 40], edge[-h // 40 :], edge[:, : w // 40], edge[:, -w // 40 :] = True, True, True, True
    assert (bw[edge] == 0).mean() > 0.2  # the photocopy really has dark borders
    assert (cleaned[edge] == 0).mean() < 0.01
    inner = (slice(h // 10, -h // 10), slice(w // 10, -w // 10))
    assert np.array_equal(cleaned[inner], bw[inner])  # nothing inside the margins touched


def test_red_seal_fades_but_black_text_under_it_stays(decision_page):
    clean = np.asarray(decision_page.image)
    cx, cy, r = 1000, 700, 250
    sealed = degrade.seal(decision_page.image, (cx, cy), r, "ỦY BAN NHÂN DÂN XÃ TÂN LẬP", seed=1)
    gray = pp.to_gray(sealed)
    box = (slice(cy - r, cy + r), slice(cx - r, cx + r))
    text = clean[box] < 100
    seal_only = (np.asarray(sealed.convert("L"))[box] < 180) & ~(clean[box] < 200)
    assert seal_only.sum() > 1000  # the seal is there, and it is dark in a plain grey conversion
    assert (gray[box][seal_only] > 200).mean() > 0.95  # our grey copy lifts it to paper
    assert (gray[box][text] < 100).mean() > 0.95  # print under the seal stays black


def test_noise_estimate_and_denoise(decision_page):
    noisy = degrade.noise(decision_page.image, 22, seed=1)
    assert pp.noise_level(pp.to_gray(decision_page.image)) < 2
    assert 15 < pp.noise_level(pp.to_gray(noisy)) < 30
    assert pp.noise_level(pp.denoise(pp.to_gray(noisy))) < pp.noise_level(pp.to_gray(noisy)) / 2


def test_low_dpi_page_is_upscaled(opts):
    """GIVEN a 100-dpi page THEN it is read enlarged to target_dpi (200); a 150-dpi page as it is."""
    from samples.render import render_lines

    page = render_lines(["Ủy ban nhân dân xã Tân Lập, tỉnh Bình Dương"] * 5, dpi=100)
    prep = prepare(page.image, 100, opts)
    assert prep.scale == pytest.approx(2.0)
    assert prep.ocr.shape[1] == page.image.width * 2
    page = render_lines(["Ủy ban nhân dân xã Tân Lập, tỉnh Bình Dương"] * 5, dpi=150)
    assert prepare(page.image, 150, opts).scale == 1.0


def test_contrast_stretch_keeps_the_darkest_ink_darkest():
    """GIVEN a page of a few lines, so that the darkest half percent of it is light grey WHEN the
    background is flattened THEN ink darker than that comes out black, not mirrored back to white."""
    page = np.full((400, 400), 250, np.uint8)
    page[:8, :] = 150  # 2 % of the page a grey rule
    page[200:202, 100:110] = 10  # a little black ink
    out = pp.normalise(page, 300)
    assert out[201, 105] == 0 and out[4, 200] <= 10 and out[300, 300] >= 245


def test_fine_page_is_read_reduced(decision_page, opts):
    """GIVEN a 300-dpi A4 page WHEN prepared THEN it is read at read_dpi (200); a page within 15 % of it,
    a drawing big enough for tiles, or read_dpi 0 keep their pixels; a 100-dpi page is still upscaled."""
    from ocr.loader import ocr_scale, work_pixels

    prep = prepare(decision_page.image, 300, opts)
    assert prep.scale == pytest.approx(2 / 3)
    assert prep.ocr.shape[1] == round(decision_page.image.width * 2 / 3)
    a4 = decision_page.image.size
    assert ocr_scale(220, a4, opts) == 1.0 and ocr_scale(300, a4, opts.model_copy(update={"read_dpi": 0})) == 1.0
    assert ocr_scale(300, (7016, 9933), opts) == 1.0  # A1 at 300 dpi: 70 MP
    assert ocr_scale(600, a4, opts) == pytest.approx(1 / 3) and ocr_scale(100, (827, 1169), opts) == pytest.approx(2.0)
    assert work_pixels(a4, 300, opts) == a4[0] * a4[1]  # the page itself is still decoded whole


def test_quality_flags(decision_page):
    def flags(img):
        g = pp.to_gray(img)
        return pp.quality_flags(g, pp.binarise(pp.normalise(g, 300)), 300)

    assert flags(decision_page.image) == []
    assert "blank_page" in flags(Image.new("L", (2480, 3508), 250))
    assert "low_contrast" in flags(degrade.low_contrast(decision_page.image, 0.25))
    assert "blurry" in flags(degrade.blur(decision_page.image, 3.0))
    assert pp.small_text([20] * 10, 300) and not pp.small_text([40] * 10, 300)


def test_fax_normal_mode_pixels_made_square(decision_page, tmp_path, opts):
    """GIVEN a 1-bit fax at 204 x 98 dpi (half the lines) WHEN loaded THEN pixels are square at 204 dpi."""
    from ocr.loader import PageRef, load_image

    fax = decision_page.image.resize((1687, 1146)).point(lambda v: 255 if v > 150 else 0).convert("1")
    path = tmp_path / "fax.tif"
    fax.save(path, compression="group4", dpi=(204, 98))
    im, dpi = load_image(PageRef("tiff", str(path), 0, 1, "fax.tif"), opts)
    assert dpi == 204 and im.mode == "1"
    assert im.size == (1687, round(1146 * 204 / 98))


def test_scanned_pdf_page_is_its_stored_image_not_a_resampled_rendering(decision_page, tmp_path, opts):
    """GIVEN a scanner's PDF (one 300 dpi image over the whole page) WHEN loaded THEN the pixels are the
    stored image's, as decoded, not a rendering (which stretches 2480 to 2481 pixels and blurs glyphs)."""
    import pypdfium2 as pdfium
    from ocr.loader import PageRef, load_image

    path = tmp_path / "scan.pdf"
    decision_page.image.save(path, resolution=300)
    im, dpi = load_image(PageRef("pdf", str(path), 0, 1, "scan.pdf"), opts)
    pdf = pdfium.PdfDocument(str(path))
    stored = np.asarray(list(pdf[0].get_objects())[0].get_bitmap(render=False).to_pil().convert("L"))
    rendered = pdf[0].render(scale=300 / 72).to_pil()
    pdf.close()
    assert dpi == 300 and im.size == decision_page.image.size and rendered.size != im.size
    assert np.array_equal(np.asarray(im.convert("L")), stored)


def test_pdf_image_with_a_transparency_mask_is_rendered(tmp_path, opts):
    """GIVEN a page image whose transparent part shows white paper (a soft mask pdfium's stored pixels
    leave out) WHEN loaded THEN the page is rendered: white where the mask hides the image."""
    from reportlab.pdfgen import canvas
    from ocr.loader import PageRef, load_image

    rgba = Image.new("RGBA", (600, 800), (0, 0, 0, 0))
    rgba.paste((0, 0, 0, 255), (100, 100, 300, 300))
    rgba.save(tmp_path / "a.png")
    path = tmp_path / "masked.pdf"
    c = canvas.Canvas(str(path), pagesize=(144, 192))  # 600 x 800 pixels at 300 dpi
    c.drawImage(str(tmp_path / "a.png"), 0, 0, 144, 192, mask="auto")
    c.showPage()
    c.save()
    im, dpi = load_image(PageRef("pdf", str(path), 0, 1, "masked.pdf"), opts)
    g = np.asarray(im.convert("L"))
    assert dpi == 300 and g[700, 500] > 240 and g[200, 200] < 15


LEADER_LINES = [
    "Giới tính: Nữ ........................................ Sinh ngày: 05/07/1983 ......................",
    "Dân tộc: Kinh ........................................ Quốc tịch: Việt Nam .........................",
    "Vốn kinh doanh: 300.000.000 đồng. Hộ Lực ở Thị trấn Đạo Thạnh, ấp Mỹ Lợi.",
]


@pytest.fixture(scope="module")
def leader_page():
    from samples.render import Line, render
    return render([Line(t, size=13, space_before=4) for t in LEADER_LINES], "freeserif", 300)[0]


def test_leaders_are_whitened_and_words_keep_every_pixel(leader_page):
    """GIVEN lines with dotted leaders, full stops, '300.000.000' and dots below vowels
    WHEN leaders are removed THEN the leader rows lose their dots and every other ink pixel stays."""
    gray = np.asarray(leader_page.image.convert("L"))
    mask = pp.leader_mask(gray, 300)
    ink = gray < 128
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    hit = np.unique(labels[mask & ink])
    hit = hit[hit > 0]
    small = (stats[hit, 2] <= 12) & (stats[hit, 3] <= 12)
    assert len(hit) >= 60 and small.all()  # many leader dots, nothing glyph-sized
    # the third line has no leader: none of its ink is touched
    rows = np.nonzero(ink.any(axis=1))[0]
    bands = np.split(rows, np.nonzero(np.diff(rows) > 10)[0] + 1)
    last = bands[-1]
    assert not mask[last[0]:last[-1] + 1].any()


def test_a_leader_line_reads_as_its_words(leader_page, opts):
    """GIVEN the leader lines scanned 1.8° askew with sensor noise WHEN the page goes through
    preparation and Tesseract THEN both fields of each shared line read exactly (with its leaders
    left in, the levelled line is read as 'CHƠI HnH: NƯ ... SInH Hưay: 09/07/20.')."""
    from ocr import tesseract
    scan = degrade.apply(leader_page.image, ["skew:1.8", "noise:5"], seed=7)
    prep = prepare(scan, 300, opts)
    words = tesseract.parse_tsv(tesseract.run_tsv(Image.fromarray(prep.ocr), "vie", 3, 60))
    text = " ".join(w["text"] for w in words)
    for part in ("Giới tính: Nữ", "Sinh ngày: 05/07/1983", "Dân tộc: Kinh", "Quốc tịch: Việt Nam",
                 "300.000.000 đồng."):
        assert part in text


def test_u8_percentile_is_numpys_percentile():
    rng = np.random.default_rng(5)
    for n in (1, 2, 7, 1000, 33_333):
        a = rng.normal(170, 60, n).clip(0, 255).astype(np.uint8)
        for q in (0.5, 20, 25, 50, 90, 99.9, [0.5, 90]):
            assert np.array_equal(np.asarray(pp.u8_percentile(a, q)), np.asarray(np.percentile(a, q)))
    page = rng.integers(0, 256, (400, 300)).astype(np.uint8)[::4, ::4]  # a strided view, as normalise passes
    assert pp.u8_percentile(page, 0.5) == np.percentile(page, 0.5)


def test_a_bilevel_page_is_read_with_soft_edges():
    """A fax page's pixels are 0 or 255; softened, its strokes get the grey ramps of a grey scan."""
    page = np.full((60, 80), 255, np.uint8)
    page[20:40, 30:34] = 0
    soft = pp.smooth_bilevel(page, 1.0)
    assert soft.shape == page.shape and soft[30, 32] < 64 and soft[5, 5] == 255
    grey = lambda a: int(((a > 0) & (a < 255)).sum())  # noqa: E731
    assert grey(page) == 0 and grey(soft) > 0
    assert pp.smooth_bilevel(page, 1.5).shape == (90, 120)


@pytest.mark.parametrize("scale", [0.62, 0.66, 0.667, 0.67, 0.7])
def test_a_seal_printed_black_does_not_turn_a_bilevel_page_over(decision_page, scale):
    """GIVEN a decision whose red seal, stamped over its last lines, a 1-bit scan printed black
    WHEN read at any working scale THEN the ink above and below the lines says upright, and turned
    over says upside down: the disc's band is no text line and does not count."""
    rows = np.nonzero((np.asarray(decision_page.image.convert("L")) < 128).any(axis=1))[0]
    centre = (int(0.7 * decision_page.image.width), int(rows[-1]) - 150)  # over the last lines
    sealed = degrade.seal(decision_page.image, centre, 195, "ỦY BAN NHÂN DÂN XÃ PHÚ AN", seed=3)
    page = degrade.bilevel(sealed)
    gray = pp.smooth_bilevel(pp.to_gray(page), scale)
    _, _, bw = pp.cleaned(gray, int(300 * scale))
    level = bw[::2, ::2]
    assert pp.updown_ratio(level) >= 1.4
    assert pp.updown_ratio(pp.rot90(level, 180)) <= 1 / 1.4
