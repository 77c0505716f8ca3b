"""Options for the OCR stage: one frozen object built by the caller, never read from the environment."""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class OcrOptions(BaseModel):
    model_config = ConfigDict(frozen=True)

    lang: str = Field("vie", description="Tesseract language(s), e.g. 'vie' or 'vie+eng'")
    timeout: float = Field(180.0, gt=0, description="seconds per Tesseract call; a timeout degrades the page")
    max_pages: int = Field(500, ge=1)
    max_megapixels: float = Field(60.0, gt=0, description="pixel budget of one page: a larger page (A1 at 300 dpi, "
                                  "A0 at 200 dpi) is read downsampled to it; its original is kept unchanged")
    max_side: int = Field(30_000, ge=1, description="pages with a longer side are rejected (Tesseract refuses "
                          "over 32,767 pixels, JPEG over 65,535)")
    min_bytes_per_megapixel: float = Field(1000.0, ge=0, description="a page over the budget whose file holds fewer "
                                           "bytes per megapixel is a decompression bomb (page_too_large): blank "
                                           "bilevel pages take 65 (G4) to 320 (PNG), generated bilevel drawings "
                                           "and maps 2,000 to 4,000, grey and colour scans far more")
    max_decode_mb: int = Field(640, ge=16, description="memory one page may take decoded at full size (PNG and "
                               "TIFF cannot decode reduced; JPEG decodes at 1/2, 1/4, 1/8); more is page_too_large")
    tile_megapixels: float = Field(24.0, gt=0, description="pages with more pixels are read both in overlapping "
                                   "tiles and whole at this size, and the reading with more confident text is kept")
    max_file_bytes: int = Field(500 * 2**20, ge=1)
    workers: int = Field(1, ge=1, le=64, description="pages OCRed in parallel, one Tesseract thread each")
    psm: int = Field(3, ge=0, le=13, description="Tesseract page segmentation mode for the page")
    pdf_dpi: int = Field(300, ge=72, le=600, description="rasterisation resolution of PDF pages")
    target_dpi: int = Field(200, ge=150, le=600, description="low-resolution pages (under 0.6 of this) are "
                            "upscaled to this: 200, as read_dpi, since the LSTM reads lines at a fixed height "
                            "(100 and 150 dpi views in bench/HISTORY.md, round eight)")
    read_dpi: int = Field(200, ge=0, le=600, description="pages scanned finer are read reduced to this (0: as "
                          "scanned): Tesseract's LSTM sees each line at a fixed height, so 300 dpi adds layout "
                          "work, not accuracy (tune and calibrate views in bench/HISTORY.md)")
    osd_min_conf: float = Field(5.0, ge=0, description="OSD orientation confidence needed to trust it (upright pages score 10-25)")
    use_text_layer: bool = Field(True, description="take a good born-digital text layer instead of OCR")
    preprocess: bool = Field(True, description="orientation, deskew, clean-up and binarisation before OCR")
    rescore: bool = Field(True, description="choose between the readings Tesseract's LSTM weighed for a word "
                          "with a Vietnamese syllable model (ocr/rescore.py: ghỉ -> ghi, đài -> dài)")
    bilevel_thicken: bool = Field(True, description="read a 1-bit page twice, the second time with strokes 1 px "
                                  "thicker, and keep each line's better reading (ocr/merge.py)")
    binarise: bool = Field(False, description="give Tesseract our Otsu binary image instead of normalised grey")
    jpeg_quality: int = Field(80, ge=30, le=95, description="quality of colour page images in the PDF")
    read_codes: bool = Field(True, description="read barcodes and QR codes on every page (ocr/barcodes.py)")
    separator_code: str = Field("PATCHT", min_length=1, description="content of the barcode on a separator "
                                "sheet: such a page splits a scanned file into dossiers and is not OCR'd")
    cover_code_prefix: str = Field("BIAHS", min_length=1, description="start of the barcode content of a "
                                   "dossier cover sheet (the rest may be the dossier code); not OCR'd")
