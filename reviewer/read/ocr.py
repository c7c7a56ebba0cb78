"""OCR of scanned PDF pages: pypdfium2 renders, Tesseract ``vie`` reads, one page per worker process.

Each worker runs Tesseract with ``OMP_THREAD_LIMIT=1``: Tesseract's own OpenMP threads fight the process
pool for the cores and make the whole run slower. The worker count is ``settings().ocr_workers``.
Lines come from Tesseract's TSV output, so each carries its right edge and the paragraph rebuilding can
tell a short last line of a paragraph from a wrapped one. Words Tesseract is unsure of in a line made of
noise (stamps, signature marks) are dropped.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import shutil
import subprocess
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from reviewer.config import settings
from reviewer.errors import ConverterMissing, ReviewerError, UnreadableDocument
from reviewer.read.layout import Line

# Measured on SRC-A_01 page 11 (Luật Cư trú, scanned with speckles), similarity of 7 known lines / seconds:
# 200 dpi raw 0.912/2.1 s, 200 dpi + median 3x3 0.927/1.4 s, 250 dpi + median 0.923/2.2 s,
# 300 dpi raw 0.861/2.4 s, 300 dpi + median 0.917/3.6 s; psm 6 was no better than psm 3 (0.88 vs 0.90).
DPI = 200
PSM = 3  # automatic page segmentation: copes with two-column headers and signature blocks
MIN_LINE_CONFIDENCE = 35.0
# scanner dirt read as punctuation at the edges of a line: "_ Điều 20", ".b) Văn bản", "cơ sở; _"
_LEADING_JUNK = re.compile(r"^(?:[_|:;'\"`„.,¿ˆ~‘’“”«»—]+\s*)+(?=[\w(©®])")
_TRAILING_JUNK = re.compile(r"(?:\s+[_|:'\"`„,¿ˆ~.\-—‘’“”«»]{1,2})+$")
# marker characters Tesseract confuses on these scans: "$." for "5.", "€)"/"©)" for "c)", "ð)" for "đ)"
_MARKER_REPAIRS = ((re.compile(r"^\$\.(?=\s)"), "5."), (re.compile(r"^[©®€]\)"), "c)"), (re.compile(r"^ð\)"), "đ)"))
# a lone letter after the final punctuation of a line is a stamp or signature fragment
_TRAILING_SPECK = re.compile(r"(?<=[.;:])\s+\S$")


def check_tesseract(source: str) -> None:
    if shutil.which("tesseract") is None:
        raise ConverterMissing(source, "scanned PDF needs OCR but the 'tesseract' program is not installed")
    try:
        langs = subprocess.run(
            ["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        ).stdout.split()
    except (OSError, subprocess.SubprocessError) as exc:
        raise ConverterMissing(source, f"cannot run tesseract ({exc})") from exc
    if "vie" not in langs:
        raise ConverterMissing(source, "Tesseract has no Vietnamese model: install tesseract-ocr-vie")


def _render(path: str, index: int, dpi: int):
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(path)
    try:
        page = document[index]
        from PIL import ImageFilter

        bitmap = page.render(scale=dpi / 72, grayscale=True)
        # a 3x3 median removes the scan speckles Tesseract otherwise reads as punctuation (and is faster)
        image = bitmap.to_pil().filter(ImageFilter.MedianFilter(3))
        page.close()
        return image
    finally:
        document.close()


def clean_line(text: str) -> str:
    text = _LEADING_JUNK.sub("", text.strip())
    text = _TRAILING_SPECK.sub("", _TRAILING_JUNK.sub("", text))
    for pattern, repair in _MARKER_REPAIRS:
        text = pattern.sub(repair, text)
    return text


def tsv_lines(tsv: str, number: int) -> list[Line]:
    """Group Tesseract TSV words into lines; compute each line's reach towards the right margin."""
    groups: dict[tuple[str, str, str], list[tuple[str, float, int, int]]] = {}
    order: list[tuple[str, str, str]] = []
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5" or not cols[11].strip():
            continue
        key = (cols[2], cols[3], cols[4])  # block, paragraph, line
        if key not in groups:
            groups[key] = []
            order.append(key)
        left, width = int(cols[6]), int(cols[8])
        groups[key].append((cols[11], float(cols[10]), left, left + width))
    rows = []
    for key in order:
        words = groups[key]
        confidence = sum(w[1] for w in words) / len(words)
        text = clean_line(" ".join(w[0] for w in words))
        letters = sum(ch.isalpha() for ch in text)
        if confidence < MIN_LINE_CONFIDENCE and letters < 12:
            continue  # a stamp, a signature scrawl or scanner dirt
        rows.append((text, min(w[2] for w in words), max(w[3] for w in words)))
    if not rows:
        return []
    left_edge = min(r[1] for r in rows)
    right_edge = max(r[2] for r in rows)
    width = right_edge - left_edge
    return [Line(text, number, (right - left_edge) / width if width > 200 else None) for text, _, right in rows]


def ocr_page(path: str, index: int, dpi: int = DPI, psm: int = PSM) -> list[Line]:
    """OCR one page (0-based ``index``) in this process; returns its lines."""
    os.environ["OMP_THREAD_LIMIT"] = "1"
    try:
        image = _render(path, index, dpi)
    except Exception as exc:  # pypdfium2 / PIL: a page that cannot be rendered
        raise UnreadableDocument(path, f"page {index + 1} cannot be rendered for OCR ({exc})") from exc
    try:
        result = subprocess.run(
            ["tesseract", "stdin", "stdout", "-l", "vie", "--psm", str(psm), "--dpi", str(dpi), "tsv"],
            input=_png_bytes(image),
            capture_output=True,
            timeout=600,
            check=False,
            env={**os.environ, "OMP_THREAD_LIMIT": "1"},
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise ConverterMissing(path, f"tesseract failed on page {index + 1} ({exc})") from exc
    if result.returncode != 0:
        raise UnreadableDocument(path, f"tesseract failed on page {index + 1}: {result.stderr[-200:]!r}")
    return tsv_lines(result.stdout.decode("utf-8", "replace"), index + 1)


def _ocr_page_in_worker(path: str, index: int) -> tuple[list[Line], tuple[str, str] | None]:
    # Domain errors do not survive pickling (their __init__ takes two arguments): send them back as data.
    try:
        return ocr_page(path, index), None
    except ReviewerError as error:
        return [], (type(error).__name__, error.reason)


def _png_bytes(image) -> bytes:
    import io

    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()


def ocr_pdf_pages(path: str | Path, indexes: list[int], workers: int | None = None) -> dict[int, list[Line]]:
    """OCR the given pages, in parallel processes; returns lines per page index."""
    path = str(path)
    check_tesseract(path)
    workers = max(1, workers or settings().ocr_workers)
    # a daemonic worker (e.g. of a batch scan pool) may not start processes of its own
    if workers == 1 or len(indexes) == 1 or multiprocessing.current_process().daemon:
        return {i: ocr_page(path, i) for i in indexes}
    try:
        with ProcessPoolExecutor(max_workers=min(workers, len(indexes))) as pool:
            results = list(pool.map(_ocr_page_in_worker, [path] * len(indexes), indexes))
    except (BrokenProcessPool, OSError) as exc:
        raise UnreadableDocument(path, f"the OCR worker processes failed ({exc})") from exc
    pages: dict[int, list[Line]] = {}
    for index, (lines, error) in zip(indexes, results, strict=True):
        if error is not None:
            kind = ConverterMissing if error[0] == "ConverterMissing" else UnreadableDocument
            raise kind(path, error[1])
        pages[index] = lines
    return pages
