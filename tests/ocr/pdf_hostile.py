"""PDFs holding JavaScript, launch actions or embedded files, built with pikepdf (a plain module:
tests/ocr and tests/flows both use it)."""
from __future__ import annotations

from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, String

KINDS = {  # kind -> the flag it must raise
    "named_javascript": "pdf_javascript",
    "open_action_javascript": "pdf_javascript",
    "page_open_javascript": "pdf_javascript",
    "link_javascript": "pdf_javascript",
    "launch": "pdf_launch_action",
    "embedded_file": "pdf_embedded_file",
    "file_attachment": "pdf_embedded_file",
}


def add_active_content(src: Path, dst: Path, kind: str) -> Path:
    """A copy of `src` with one kind of active content added."""
    with pikepdf.open(src) as pdf:
        page = pdf.pages[0].obj
        js = Dictionary(S=Name.JavaScript, JS=String("app.alert('x');"))
        if kind == "named_javascript":
            pdf.Root.Names = Dictionary(JavaScript=Dictionary(Names=Array([String("a"), pdf.make_indirect(js)])))
        elif kind == "open_action_javascript":
            pdf.Root.OpenAction = js
        elif kind == "page_open_javascript":
            page.AA = Dictionary(O=js)
        elif kind == "link_javascript":
            page.Annots = Array([pdf.make_indirect(Dictionary(Type=Name.Annot, Subtype=Name.Link,
                                                              Rect=Array([0, 0, 100, 100]), A=js))])
        elif kind == "launch":
            pdf.Root.OpenAction = Dictionary(S=Name.Launch, F=String("cmd.exe"))
        elif kind in ("embedded_file", "file_attachment"):
            data = pdf.make_stream(b"MZ not really a program")
            data.Type = Name.EmbeddedFile
            spec = pdf.make_indirect(Dictionary(Type=Name.Filespec, F=String("a.exe"), EF=Dictionary(F=data)))
            if kind == "embedded_file":
                pdf.Root.Names = Dictionary(EmbeddedFiles=Dictionary(Names=Array([String("a.exe"), spec])))
            else:
                page.Annots = Array([pdf.make_indirect(Dictionary(
                    Type=Name.Annot, Subtype=Name.FileAttachment, Rect=Array([0, 0, 20, 20]), FS=spec))])
        else:
            raise ValueError(kind)
        pdf.save(dst)
    return dst
