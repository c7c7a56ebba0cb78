"""The document model every reader feeds and every later stage reads.

Readers produce a :class:`RawDocument` (text blocks with pages); ``reviewer.structure`` turns it into a
:class:`Document` whose :class:`Unit` objects are the clause units that get classified: a điểm, a khoản
without điểm, an article without khoản, a dossier item or a table row.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Literal

# The marker a unit's text opens with when it is a list item: "a) ", "2. ", "1.2. ", "(3) ", "- ".
LIST_MARKER = re.compile(r"^\s*(?:\(?[a-zđ]\)|\(?\d+(?:\.\d+)*[.)]|[-+•*–])\s*", re.IGNORECASE)

Format = Literal["pdf", "pdf-ocr", "docx", "doc", "text", "procedure"]
BlockKind = Literal["paragraph", "table_row", "dossier_item", "heading"]


@dataclass(frozen=True)
class Block:
    """One paragraph (or table row) of extracted text, in reading order."""

    text: str
    page: int | None = None
    kind: BlockKind = "paragraph"
    cells: tuple[str, ...] = ()


@dataclass
class RawDocument:
    """What a reader returns: normalised text blocks, before any legal structure is found."""

    source: str
    format: Format
    pages: int | None
    blocks: list[Block]
    # Metadata a reader knows for sure (portal records carry it); structure fills the rest from front matter.
    hints: dict[str, str] = field(default_factory=dict)


@dataclass
class DocumentMeta:
    number: str | None = None  # số hiệu, e.g. 68/2020/QH14
    type: str | None = None  # Luật, Nghị định, Thông tư, Quyết định, Thủ tục hành chính …
    issuer: str | None = None
    date: str | None = None  # ISO yyyy-mm-dd
    title: str | None = None
    format: str | None = None
    pages: int | None = None


@dataclass
class Unit:
    """A clause unit: the smallest piece of a document that can carry a requirement."""

    citation: str  # bottom-up, e.g. "điểm b khoản 2 Điều 7"
    text: str
    context: str = ""  # the lead-in: the khoản text, article heading or table header it hangs from
    page: int | None = None
    kind: str = "clause"  # article | clause | point | item | row | appendix
    article: str | None = None  # "7", "10a"
    clause: str | None = None  # "2"
    point: str | None = None  # "b"
    appendix: str | None = None  # "Phụ lục I"

    def to_json(self) -> dict:
        return {"citation": self.citation, "text": self.text, "context": self.context, "page": self.page}


@dataclass
class Document:
    source: str
    meta: DocumentMeta
    units: list[Unit]
    front_matter: list[str] = field(default_factory=list)
    back_matter: list[str] = field(default_factory=list)
    outline: list[tuple[str, str]] = field(default_factory=list)  # (level, heading) for readable output

    def to_json(self) -> dict:
        return {"document": asdict(self.meta), "units": [u.to_json() for u in self.units]}
