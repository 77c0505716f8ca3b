"""OCR stage: files in, pages (text, words, boxes, confidences, flags) and a PDF/A out.

Entry points: ocr.inputs.sniff, ocr.pipeline.read_file, ocr.pdfa.write_pdfa, ocr.export.write_json.
Plain functions taking an OcrOptions; no Prefect, databases, object stores or environment reads.
"""
