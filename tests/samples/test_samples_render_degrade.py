"""render() returns the exact printed text; degradations are pure, seeded and do what they say."""
import numpy as np
import pytest
from PIL import Image

from samples import degrade
from samples.render import Block, Line, PageBreak, Row, Signature, layout, render, render_lines


def test_render_text_is_printed_lines_in_reading_order():
    items = [Row([Block([Line("ỦY BAN NHÂN DÂN"), Line("Số: 05/QĐ-UBND")], x0=20, x1=90),
                  Block([Line("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, wrap=False)], x0=95, x1=200)]),
             Line("QUYẾT ĐỊNH", bold=True, align="center"), PageBreak(), Line("Điều 1.")]
    pages = render(items, "freeserif", 100)
    assert [p.text for p in pages] == ["ỦY BAN NHÂN DÂN\nSố: 05/QĐ-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nQUYẾT ĐỊNH",
                                       "Điều 1."]
    assert pages[0].image.size == (827, 1169)  # A4 at 100 dpi


def test_long_line_wraps_at_spaces_only():
    text = "Địa chỉ thường trú: " + ", ".join(["Số 12, khu phố 3, phường Phú Hòa, thành phố Thủ Dầu Một"] * 3)
    page = layout([Line(text)])[0]
    assert len(page.lines) > 1
    assert " ".join(p.text for p in page.lines) == text


def test_decomposed_input_is_printed_nfc():
    page = render_lines(["Nguye\u0302\u0303n"], dpi=100)
    assert page.text == "Nguyễn"


def test_render_draws_ink_inside_reported_boxes():
    page = render_lines(["Tờ khai đăng ký khai sinh"], dpi=150)
    (_, (x0, y0, x1, y1)), = page.lines
    a = np.asarray(page.image)
    assert (a[y0:y1, x0:x1] < 128).sum() > 200
    outside = a.copy()
    outside[y0:y1, x0:x1] = 255
    assert (outside < 128).sum() == 0


def test_signature_box_reported():
    page = render([Block([Line("NGƯỜI YÊU CẦU"), Signature(seed=4), Line("Lê Văn Tám")], x0=110, x1=190)],
                  dpi=100)[0]
    assert len(page.signatures) == 1
    x0, y0, x1, y1 = page.signatures[0]
    assert (np.asarray(page.image)[y0:y1, x0:x1] < 128).sum() > 50


@pytest.fixture(scope="module")
def page() -> Image.Image:
    return render_lines(["Căn cứ Luật Hộ tịch ngày 20 tháng 11 năm 2014;"] * 5, dpi=100).image


@pytest.mark.parametrize("specs", [["skew:2.5"], ["noise:8"], ["blur:1.0", "jpeg:40"], ["photocopy"],
                                   ["low_contrast:0.5"], ["bilevel"], ["rotate:90"], ["seal"]])
def test_degradations_pure_and_deterministic(page, specs):
    before = page.tobytes()
    args = {"center": (400, 300), "radius": 90, "text": "ỦY BAN NHÂN DÂN XÃ AN LẬP *"}
    a = degrade.apply(page, specs, seed=5, seal_args=args)
    b = degrade.apply(page, specs, seed=5, seal_args=args)
    assert page.tobytes() == before
    assert a.tobytes() == b.tobytes()
    assert a.tobytes() != page.tobytes()


def test_rotate_turns_clockwise(page):
    marked = page.copy()
    marked.putpixel((0, 0), 0)  # top-left corner
    turned = degrade.rotate(marked, 90)
    assert turned.size == (page.height, page.width)
    assert turned.getpixel((turned.width - 1, 0)) == 0  # top-left went to top-right


def test_noise_depends_on_seed(page):
    assert degrade.noise(page, 8, 1).tobytes() != degrade.noise(page, 8, 2).tobytes()


def test_seal_is_red_and_keeps_black_ink_black(page):
    out = np.asarray(degrade.seal(page, (400, 200), 120, "ỦY BAN NHÂN DÂN PHƯỜNG DĨ AN *", seed=1))
    r, g, b = out[..., 0].astype(int), out[..., 1].astype(int), out[..., 2].astype(int)
    assert ((r - g > 60) & (r - b > 60)).sum() > 500
    ink = np.asarray(page) < 60
    assert out[ink].max() < 100


def test_bilevel_and_low_contrast(page):
    assert degrade.bilevel(page).mode == "1"
    lc = np.asarray(degrade.low_contrast(page, 0.4))
    assert lc.min() > 100 and lc.max() <= 245


def test_photocopy_darkens_edges_not_text_area(page):
    out = np.asarray(degrade.photocopy(page, seed=3))
    h, w = out.shape
    edge = np.concatenate([out[:3].ravel(), out[-3:].ravel(), out[:, :3].ravel(), out[:, -3:].ravel()])
    assert edge.mean() < 150
    assert out[h // 3: 2 * h // 3, w // 4: 3 * w // 4].mean() > 200


def test_unknown_spec_rejected(page):
    with pytest.raises(ValueError):
        degrade.apply(page, ["smudge:3"], seed=0)


def test_row_that_would_cross_bottom_margin_moves_to_next_page():
    filler = [Line(f"Dòng {i}", space_before=1) for i in range(36)]
    row = Row([Block([Line("Nơi nhận:"), Line("- Lưu: VT.")], x0=30, x1=100),
               Block([Line("CHỦ TỊCH"), Signature(), Line("Trần Văn Hai")], x0=110, x1=195)])
    pages = layout(filler + [row])
    assert len(pages) == 2
    assert pages[1].text == "Nơi nhận:\n- Lưu: VT.\nCHỦ TỊCH\nTrần Văn Hai"
    for p in pages:
        assert all(line.baseline < p.height - 20 * 72 / 25.4 for line in p.lines)
