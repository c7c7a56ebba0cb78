"""PDF reader: text layer first, OCR for pages without a usable one.

Engines for the text layer, measured by ``bench/bench_read.py`` on the shared text PDFs (one process, pages
per CPU second; the 2-core box was shared with other jobs, so CPU time is the fair figure):

| file | pdfplumber | pypdfium2 | auto |
|---|---|---|---|
| SRC-B_01 (30 p., Công báo) | 9.8 | 242 | 147 |
| SRC-C_02 (30 p.) | 9.6 | 254 | 79 |
| SRC-D_02 (61 p.) | 8.3 | 219 | 131 |
| SRC-F_01 (43 p.) | 11.6 | 329 | 294 |
| SRC-F_05 (47 p., dense) | 5.8 | 131 | 127 |

- ``pdfium`` – pypdfium2 ``get_text_range`` per page, line geometry from char boxes: 22–28x pdfplumber, and
  the same paragraphs (the tests compare them); it finds no tables.
- ``pdfplumber`` – pdfminer layout analysis; the only one that finds ruled tables (``extract_tables``).
- ``auto`` (default) – pdfium for every page; pdfplumber only for pages that draw a grid of thin horizontal
  and vertical rules (checked on pdfium's path objects), whose tables become ``table_row`` blocks. Text-only
  pages keep the fast path; table pages cost what pdfplumber costs (SRC-F_10, 169 pages of dangerous-goods
  tables, is the slow case).

A page counts as lacking a text layer when it has fewer than ``MIN_PAGE_LETTERS`` letters, or when its
letters are not Vietnamese (garbage layer from a broken font map: too few letters only Vietnamese uses).
"""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from reviewer.config import settings
from reviewer.document import Block, RawDocument
from reviewer.errors import (
    ConverterMissing,
    DocumentTooLarge,
    EncryptedDocument,
    ReviewerError,
    UnreadableDocument,
)
from reviewer.read.layout import Line, TableRow, rebuild_paragraphs
from reviewer.read.normalize import legacy_converter, vietnamese_ratio

MIN_PAGE_LETTERS = 40
MIN_VIETNAMESE_RATIO = 0.03
TABLE_RULES = (3, 2)  # thin horizontal, vertical segments a page needs to be worth pdfplumber's time
_LETTER = re.compile(r"[^\W\d_]")


def open_pdf(path: Path) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower() or "security" in message.lower():
            raise EncryptedDocument(str(path), "the PDF is password-protected") from exc
        raise UnreadableDocument(str(path), f"corrupt or truncated PDF ({message})") from exc
    except (OSError, ValueError) as exc:
        raise UnreadableDocument(str(path), f"cannot open the PDF ({exc})") from exc


def check_pages(path: Path, count: int) -> None:
    limit = settings().max_pages
    if count > limit:
        raise DocumentTooLarge(str(path), f"{count} pages is over the limit of {limit} pages")
    if count == 0:
        raise UnreadableDocument(str(path), "the PDF has no pages")


def page_has_text(text: str) -> bool:
    """Enough letters, and Vietnamese ones (``text`` already legacy-converted)."""
    letters = len(_LETTER.findall(text))
    if letters < MIN_PAGE_LETTERS:
        return False
    return vietnamese_ratio(text) >= MIN_VIETNAMESE_RATIO


# --- pdfium engine -----------------------------------------------------------------------------------


def pdfium_lines(page: pdfium.PdfPage, number: int) -> tuple[list[Line], str]:
    """Lines of one page with how far each reaches to the right margin, and the raw page text."""
    textpage = page.get_textpage()
    try:
        # pdfium marks a hyphen it found at a line break as U+FFFE
        text = textpage.get_text_range().replace("\ufffe", "-")
        # legacy fonts (.VnTime, VNI-Times) are detected on the whole page, where there is enough text
        convert = legacy_converter(text)
        raw_lines: list[tuple[str, float | None]] = []
        lefts, rights = [], []
        index = 0
        for chunk in text.splitlines(keepends=True):
            body = chunk.rstrip("\r\n")
            stripped = body.rstrip()
            right = None
            if stripped:
                try:
                    right = textpage.get_charbox(index + len(stripped) - 1)[2]
                    lefts.append(textpage.get_charbox(index + len(body) - len(body.lstrip()))[0])
                    rights.append(right)
                except pdfium.PdfiumError:
                    right = None
            raw_lines.append((body, right))
            index += len(chunk)
    finally:
        textpage.close()
    left_edge = min(lefts) if lefts else 0.0
    right_edge = max(rights) if rights else 0.0
    width = right_edge - left_edge
    lines = []
    for body, right in raw_lines:
        if not body.strip():
            continue
        fill = (right - left_edge) / width if right is not None and width > 50 else None
        lines.append(Line(convert(body), number, fill))
    return lines, convert(text)


def has_ruled_lines(page: pdfium.PdfPage) -> bool:
    """Whether the page draws the thin horizontal and vertical rules of a table.

    Công báo pages carry filled boxes and a header rule but no grid; a ruled table has several thin
    horizontal and vertical segments. Only such pages go through pdfplumber, the slow table finder.
    """
    horizontal = vertical = 0
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        width, height = right - left, top - bottom
        if height < 3 and width > 15:
            horizontal += 1
        elif width < 3 and height > 8:
            vertical += 1
        if horizontal >= TABLE_RULES[0] and vertical >= TABLE_RULES[1]:
            return True
    return False


# --- pdfplumber engine -------------------------------------------------------------------------------


def is_real_table(rows: list[list[str | None]]) -> bool:
    """A ruled grid of text, not a frame drawn around running text (a box, a revision bar, a border)."""
    if len(rows) < 2:
        return False
    multi = sum(1 for r in rows if sum(1 for c in r if c and c.strip()) >= 2)
    return multi * 2 >= len(rows)


def plumber_page_items(plumber_page, number: int, tables: bool = True) -> list[Line | TableRow]:
    """Lines and ruled-table rows of one pdfplumber page, in reading (top-to-bottom) order."""
    found = []
    if tables and (plumber_page.lines or plumber_page.rects):
        for table in plumber_page.find_tables():
            rows = [r for r in table.extract() if r and any(c for c in r)]
            if is_real_table(rows):
                found.append((table.bbox, rows))
    items: list[tuple[float, Line | TableRow]] = []
    text_lines = plumber_page.extract_text_lines(return_chars=False)
    convert = legacy_converter("\n".join(ln["text"] for ln in text_lines))
    lefts = [ln["x0"] for ln in text_lines] or [0.0]
    rights = [ln["x1"] for ln in text_lines] or [0.0]
    left_edge, width = min(lefts), max(rights) - min(lefts)
    for ln in text_lines:
        middle = (ln["top"] + ln["bottom"]) / 2
        if any(b[1] <= middle <= b[3] and b[0] <= ln["x0"] <= b[2] for b, _ in found):
            continue
        fill = (ln["x1"] - left_edge) / width if width > 50 else None
        items.append((ln["top"], Line(convert(ln["text"]), number, fill)))
    for bbox, rows in found:
        for offset, row in enumerate(rows):
            # cells that span columns come back as None: keep each merged cell once
            cells = tuple(convert(" ".join((c or "").split())) for c in row if c is not None)
            items.append((bbox[1] + offset * 1e-3, TableRow(cells, number)))
    items.sort(key=lambda pair: pair[0])
    return [item for _, item in items]


def _plumber_open(path: Path):
    import pdfplumber

    try:
        return pdfplumber.open(str(path))
    except Exception as exc:  # pdfminer raises many unrelated types on broken files
        raise UnreadableDocument(str(path), f"corrupt PDF ({type(exc).__name__}: {exc})") from exc


# --- reader ------------------------------------------------------------------------------------------


def read_pdf(path: Path, *, ocr: bool = True, engine: str = "auto") -> RawDocument:
    """Read a PDF. Pages without a usable text layer are OCR'd (when ``ocr``); format 'pdf-ocr' when most are."""
    document = open_pdf(path)
    try:
        count = len(document)
        check_pages(path, count)
        pages: list[list[Line | TableRow]] = [[] for _ in range(count)]
        missing: list[int] = []
        table_pages: list[int] = []
        for index in range(count):
            try:
                page = document[index]
            except pdfium.PdfiumError as exc:
                raise UnreadableDocument(str(path), f"page {index + 1} cannot be loaded ({exc})") from exc
            try:
                lines, text = pdfium_lines(page, index + 1)
                if not page_has_text(text):
                    missing.append(index)
                    continue
                if engine == "pdfplumber" or (engine == "auto" and has_ruled_lines(page)):
                    table_pages.append(index)
                pages[index] = list(lines)
            finally:
                page.close()
    finally:
        document.close()
    if table_pages:
        _replace_with_plumber(path, pages, table_pages, tables=True)
    ocr_pages = 0
    if missing:
        if not ocr and len(missing) == count:
            raise UnreadableDocument(str(path), "the PDF has no text layer and OCR is turned off")
        if ocr:
            from reviewer.read.ocr import ocr_pdf_pages

            for index, lines in ocr_pdf_pages(path, missing).items():
                pages[index] = list(lines)
            ocr_pages = len(missing)
    blocks = rebuild_paragraphs(pages)
    if not blocks:
        reason = "no text found, even after OCR" if ocr_pages else "no text found in the PDF"
        raise UnreadableDocument(str(path), reason)
    fmt = "pdf-ocr" if ocr_pages * 2 > count else "pdf"
    return RawDocument(source=str(path), format=fmt, pages=count, blocks=blocks)


def _replace_with_plumber(path: Path, pages: list, indexes: list[int], tables: bool) -> None:
    with _plumber_open(path) as plumber:
        for index in indexes:
            try:
                pages[index] = plumber_page_items(plumber.pages[index], index + 1, tables=tables)
            except ReviewerError:
                raise
            except Exception as exc:  # pdfminer/pdfplumber: keep the pdfium lines of this page
                del exc


def read_pdf_plumber_only(path: Path) -> list[Block]:
    """Whole document through pdfplumber (benchmark baseline and fallback)."""
    with _plumber_open(path) as plumber:
        check_pages(path, len(plumber.pages))
        pages = [plumber_page_items(p, i + 1) for i, p in enumerate(plumber.pages)]
    return rebuild_paragraphs(pages)


__all__ = ["read_pdf", "read_pdf_plumber_only", "open_pdf", "ConverterMissing"]
