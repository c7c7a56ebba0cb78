"""Structure: a reader's blocks become a :class:`~reviewer.document.Document` of cited clause units."""

from __future__ import annotations

from reviewer.document import Document, RawDocument
from reviewer.structure import markers
from reviewer.structure.front import body_start, read_meta
from reviewer.structure.parser import StructureParser

__all__ = ["build_document"]


def build_document(raw: RawDocument) -> Document:
    blocks = [block for block in raw.blocks if block.text.strip()]
    start = 0 if raw.format == "procedure" else body_start(blocks)
    front = [block.text.strip() for block in blocks[:start]]
    body = blocks[start:]
    has_articles = any(
        (heading := markers.match_heading(block.text.strip())) is not None and heading.level == "article"
        for block in body
    )
    parsed = StructureParser(has_articles=has_articles, ocr=raw.format == "pdf-ocr").parse(body)
    if raw.format == "procedure" and raw.hints.get("title"):
        _name_the_procedure(parsed.units, raw.hints["title"])
    meta = read_meta(front, raw.hints)
    meta.format = raw.format
    meta.pages = raw.pages
    return Document(
        source=raw.source,
        meta=meta,
        units=parsed.units,
        front_matter=front,
        back_matter=parsed.back_matter,
        outline=parsed.outline,
    )


def _name_the_procedure(units, title: str) -> None:
    """A portal item's lead-in names its procedure: "Giấy khám sức khỏe" means little without knowing for what."""
    for unit in units:
        if unit.context in ("Thành phần hồ sơ", "Trình tự thực hiện") or not unit.context:
            unit.context = f"{unit.context or 'Thủ tục'} thủ tục {title}"
