"""Typefaces with Vietnamese glyphs, shared by the image and the PDF renderer."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

_FREE = Path("/usr/share/fonts/truetype/freefont")
_DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
_NOTO = Path("/usr/share/fonts/truetype/noto")
_CROS = Path("/usr/share/fonts/truetype/croscore")  # fonts-croscore: Times and Arial metrics
_ROBOTO = Path("/usr/share/fonts/truetype/roboto/unhinted/RobotoTTF")  # fonts-roboto


@dataclass(frozen=True)
class Family:
    name: str
    regular: Path
    bold: Path
    italic: Path
    bold_italic: Path

    def path(self, bold: bool = False, italic: bool = False) -> Path:
        if bold and italic:
            return self.bold_italic
        if bold:
            return self.bold
        if italic:
            return self.italic
        return self.regular


FAMILIES: dict[str, Family] = {
    "freeserif": Family("freeserif", _FREE / "FreeSerif.ttf", _FREE / "FreeSerifBold.ttf",
                        _FREE / "FreeSerifItalic.ttf", _FREE / "FreeSerifBoldItalic.ttf"),
    "dejavuserif": Family("dejavuserif", _DEJAVU / "DejaVuSerif.ttf", _DEJAVU / "DejaVuSerif-Bold.ttf",
                          _DEJAVU / "DejaVuSerif-Italic.ttf", _DEJAVU / "DejaVuSerif-BoldItalic.ttf"),
    "freesans": Family("freesans", _FREE / "FreeSans.ttf", _FREE / "FreeSansBold.ttf",
                       _FREE / "FreeSansOblique.ttf", _FREE / "FreeSansBoldOblique.ttf"),
    "dejavusans": Family("dejavusans", _DEJAVU / "DejaVuSans.ttf", _DEJAVU / "DejaVuSans-Bold.ttf",
                         _DEJAVU / "DejaVuSans-Oblique.ttf", _DEJAVU / "DejaVuSans-BoldOblique.ttf"),
    "notoserif": Family("notoserif", _NOTO / "NotoSerif-Regular.ttf", _NOTO / "NotoSerif-Bold.ttf",
                        _NOTO / "NotoSerif-Italic.ttf", _NOTO / "NotoSerif-BoldItalic.ttf"),
    "notosans": Family("notosans", _NOTO / "NotoSans-Regular.ttf", _NOTO / "NotoSans-Bold.ttf",
                       _NOTO / "NotoSans-Italic.ttf", _NOTO / "NotoSans-BoldItalic.ttf"),
    # Tinos has Times New Roman's metrics, the face Decree 30 prescribes; tuning views only (bench/ocr_batch.py --fonts)
    "tinos": Family("tinos", _CROS / "Tinos-Regular.ttf", _CROS / "Tinos-Bold.ttf",
                    _CROS / "Tinos-Italic.ttf", _CROS / "Tinos-BoldItalic.ttf"),
    "arimo": Family("arimo", _CROS / "Arimo-Regular.ttf", _CROS / "Arimo-Bold.ttf",
                    _CROS / "Arimo-Italic.ttf", _CROS / "Arimo-BoldItalic.ttf"),
    # a grotesque sans no split uses, for tuning views (Debian's EB Garamond was tried: its bold has
    # no Vietnamese letters)
    "roboto": Family("roboto", _ROBOTO / "Roboto-Regular.ttf", _ROBOTO / "Roboto-Bold.ttf",
                     _ROBOTO / "Roboto-Italic.ttf", _ROBOTO / "Roboto-BoldItalic.ttf"),
}


def family(name: str) -> Family:
    try:
        return FAMILIES[name]
    except KeyError:
        raise ValueError(f"unknown font family {name!r}; choose from {sorted(FAMILIES)}") from None


@lru_cache(maxsize=256)
def pil_font(path: Path, size_px: int) -> ImageFont.FreeTypeFont:
    # BASIC layout: text is NFC precomposed, and the result must not depend on libraqm being present
    return ImageFont.truetype(str(path), size_px, layout_engine=ImageFont.Layout.BASIC)


# Widths are measured once at a large size in points and scaled, so layout is the same at any dpi.
_MEASURE_PT = 100


def text_width_pt(path: Path, size_pt: float, text: str) -> float:
    return pil_font(path, _MEASURE_PT).getlength(text) * size_pt / _MEASURE_PT
