"""Rebuild paragraphs from the lines of PDF pages (text layer or OCR).

Contract with ``reviewer.structure``: a line that starts with a structural marker (Phần, Chương, Mục,
Điều N, ``N.``, ``N.N.``, ``a)``, ``-``, ``+``, Phụ lục) always opens a new block, so a block never holds two
markers at line starts. Running headers/footers (Công báo "CÔNG BÁO/Số …/Ngày …", page numbers) are dropped
before joining, so a page number never runs into a clause.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from reviewer.document import Block
from reviewer.read.normalize import normalize_text

MARKER = re.compile(
    r"^(?:"
    # a heading, not a wrapped reference ("… quy định tại" / "Điều 23 của Luật này"): the number is followed
    # by punctuation, the end of the line or a capitalised title
    r"(?:Phần|PHẦN|Chương|CHƯƠNG|Mục|MỤC)\s+(?:[IVXLC]+|\d+|thứ \w+)(?=\s*[.:]|\s*$|\s+[A-ZĐÀ-Ỹ])"
    r"|(?:Điều|ĐIỀU)\s+\d+[a-zđ]?\s*[.:]"
    r"|(?:Phụ lục|PHỤ LỤC|Phụ Lục)\b"
    r"|\d{1,3}(?:\.\d{1,3})*\.(?:\s|$)"
    r"|\d{1,3}\)\s"
    r"|[a-zđ]\)\s?"
    r"|[-–—+•*]\s"
    r")"
)
_PAGE_NUMBER = re.compile(r"^[-–—\s]*(?:Trang\s*)?\d{1,4}(?:\s*/\s*\d{1,4})?[-–—\s]*$", re.IGNORECASE)
_CONG_BAO = re.compile(r"^(?:\d{1,4}\s+)?CÔNG\s*BÁO\s*/.*$|^.*CÔNG\s*BÁO\s*/\s*Số.*$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.;:!?…]['\"”)]?$")
# Points numbered otherwise ("a.1)", "d1)", "iii)", "b.") open an item too, though they begin in lower case.
_LOWER_MARKER = re.compile(r"^(?:[a-zđ](?:\.?\d+)*|[ivx]+)[).](?:\s|$)")


@dataclass(frozen=True)
class Line:
    text: str
    page: int
    # right edge relative to the page's text width (0–1); None when the extractor gives no geometry
    fill: float | None = None


@dataclass(frozen=True)
class TableRow:
    cells: tuple[str, ...]
    page: int


def _header_key(text: str) -> str:
    return re.sub(r"\d+", "#", text.strip().lower())


def drop_running_lines(pages: list[list[Line]]) -> list[list[Line]]:
    """Remove page numbers, Công báo headers and any first/last line repeated on many pages."""
    edge_keys: Counter[str] = Counter()
    for lines in pages:
        keys = {_header_key(ln.text) for ln in lines[:2] + lines[-2:]}
        edge_keys.update(keys)
    threshold = max(3, len(pages) // 3)
    repeated = {k for k, n in edge_keys.items() if n >= threshold and len(k) > 1}
    cleaned = []
    for lines in pages:
        keep = []
        for i, ln in enumerate(lines):
            at_edge = i < 3 or i >= len(lines) - 3
            text = ln.text.strip()
            if not text:
                continue
            if at_edge and (_PAGE_NUMBER.match(text) or _CONG_BAO.match(text) or _header_key(text) in repeated):
                continue
            keep.append(ln)
        cleaned.append(keep)
    return cleaned


def _is_caps_title(text: str) -> bool:
    # cheaper than counting letters with a regex: this runs twice per line
    return text == text.upper() and sum(ch.isalpha() for ch in text[:8]) >= 3


def _starts_new(prev: Line, line: Line) -> bool:
    text = line.text
    if MARKER.match(text):
        return True
    prev_text = prev.text
    if _is_caps_title(text) != _is_caps_title(prev_text):
        return True
    first = text[0]
    if _SENTENCE_END.search(prev_text) and (first.isupper() or first in "\"“('"):
        return True
    # a short line followed by a capitalised one ends a paragraph even without punctuation (headings, names)
    if prev.fill is not None and prev.fill < 0.6 and first.isupper():
        return True
    return False


def ends_sentence(text: str) -> bool:
    return _SENTENCE_END.search(text) is not None


def continues_sentence(previous: str, line: str, wrapped: bool = False) -> bool:
    """``line`` was wrapped from ``previous`` in a file that kept a PDF's line breaks ("… nghị quyết số" / "số
    điều theo …"): it begins in lower case (or "(" then lower case), opens no item, and ``previous`` did not
    end a sentence. In a file known to be ``wrapped``, a line that begins with a number that is no marker
    ("… khoản 2 Điều" / "40 của Luật này;") continues too."""
    start = line[1:2] if line[:1] == "(" else line[:1]
    if not (start.isalpha() and start.islower() or wrapped and start.isdigit()):
        return False
    return not MARKER.match(line) and not _LOWER_MARKER.match(line) and not ends_sentence(previous)


def _join(left: str, right: str) -> str:
    # Vietnamese words are not hyphenated across lines; a trailing hyphen glued to a letter joins a compound
    # that was split ("TT-" / "BCA", "ki-lô-" / "gam"), so keep the hyphen and add no space.
    if left.endswith("-") and len(left) > 1 and left[-2].isalnum():
        return left + right
    return f"{left} {right}"


def rebuild_paragraphs(pages: list[list[Line | TableRow]]) -> list[Block]:
    """Join wrapped lines into paragraph blocks; table rows pass through as ``table_row`` blocks."""
    text_pages = [[item for item in page if isinstance(item, Line)] for page in pages]
    cleaned = drop_running_lines(text_pages)
    blocks: list[Block] = []
    current: list[Line] = []

    def flush() -> None:
        if current:
            text = current[0].text
            for ln in current[1:]:
                text = _join(text, ln.text)
            if text:
                blocks.append(Block(text=text, page=current[0].page))
            current.clear()

    for page, kept in zip(pages, cleaned, strict=True):
        kept_ids = {id(ln) for ln in kept}
        for item in page:
            if isinstance(item, TableRow):
                flush()
                cells = tuple(normalize_text(c, legacy=False) for c in item.cells)
                if any(cells):
                    blocks.append(Block(" | ".join(c for c in cells if c), item.page, "table_row", cells))
                continue
            if id(item) not in kept_ids:
                continue
            # readers convert legacy encodings per page, where there is enough text to tell
            line = Line(normalize_text(item.text, legacy=False), item.page, item.fill)
            if not line.text:
                continue
            if current and _starts_new(current[-1], line):
                flush()
            current.append(line)
    flush()
    return blocks
