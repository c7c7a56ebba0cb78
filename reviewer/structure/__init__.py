"""Structure: a reader's blocks become a :class:`~reviewer.document.Document` of cited clause units."""

from __future__ import annotations

from reviewer.document import Document, RawDocument
from reviewer.structure import markers
from reviewer.structure.front import body_start, read_meta
from reviewer.structure.parser import StructureParser

__all__ = ["article_preambles", "build_document"]

PREAMBLE_CHARS = 2000  # the end of what comes before: the khoản nearest the unit say most about it


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


def article_preambles(document: Document) -> list[str]:
    """For each unit, what its article says before the unit's khoản (the earlier khoản and their paragraphs).

    Who compiles a dossier is often said there and not in the list's own lead-in: "1. Trại giam … có trách nhiệm lập
    hồ sơ đề nghị tha tù …" then "2. Hồ sơ đề nghị tha tù trước thời hạn có điều kiện bao gồm:". Units outside
    articles (appendices, portal procedures) get "".
    """
    preambles: list[str] = []
    article: tuple[str | None, str | None] | None = None
    earlier: list[tuple[str | None, str]] = []  # (khoản, text) of the article's clause-level units so far
    for unit in document.units:
        key = (unit.appendix, unit.article)
        if key != article:
            article, earlier = key, []
        if unit.article is None or unit.appendix is not None:
            preambles.append("")
            continue
        before = "\n".join(text for clause, text in earlier if clause != unit.clause)
        preambles.append(before[-PREAMBLE_CHARS:])
        if unit.kind in ("clause", "paragraph"):
            earlier.append((unit.clause, unit.text))
    return preambles
