"""Blocks → cited clause units.

A stack of open containers (article, khoản, điểm, dash item, appendix item) follows the markers; every block that
carries text becomes a unit that knows its citation, its lead-in (the text of the container it hangs from) and its
page. A container whose own text introduces a list (``Hồ sơ gồm:``) is itself a unit too: a bare lead-in can be a
requirement.

Text quoted by an amending document (``Sửa đổi khoản 2 Điều 5 như sau: "…"``) is parsed as the amended
document's structure: its units cite the amended article and say where the amendment sits.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from reviewer.document import Block, Unit
from reviewer.structure import markers as mk

ITEM_DEPTH = {"subclause": 1, "clause": 1, "point": 2, "dash": 3}
APPENDIX_DEPTH = {"roman": 0, "letter": 0, "clause": 1, "subclause": 2, "point": 3, "dash": 4}

AMENDED_TARGET = re.compile(
    r"(?:(điểm\s+[a-zđ])\s+)?(?:(khoản\s+\d+)\s+)?(Điều\s+\d+[a-zđ]?)(?!.*Điều\s+\d)", re.IGNORECASE
)


# "Luật Nhà ở số 65/2014/QH13", "Thông tư số 105/2020/TT-BTC": a document named with its number.
AMENDED_DOCUMENT = re.compile(
    r"\b((?:Bộ\s+luật|Luật|Pháp\s+lệnh|Nghị\s+quyết|Nghị\s+định|Thông\s+tư(?:\s+liên\s+tịch)?|Quyết\s+định)"
    r"(?:\s+[^\s,;:.()“”\"]+){0,10}?\s+số\s+\d+/\d{4}/[\wĐđ\-]*[\wĐđ])"
)
_AMENDS = re.compile(r"sửa đổi|bổ sung|thay thế|bãi bỏ", re.IGNORECASE)


@dataclass
class Node:
    level: str
    label: str
    text: str
    unit: Unit | None = None
    dash_count: int = 0


@dataclass
class Body:
    """What the parser gathers besides units."""

    units: list[Unit] = field(default_factory=list)
    outline: list[tuple[str, str]] = field(default_factory=list)
    back_matter: list[str] = field(default_factory=list)


class StructureParser:
    """Parses the body of a document (front matter already removed) into units."""

    def __init__(self, has_articles: bool, quoted: bool = False, ocr: bool = False):
        self.has_articles = has_articles
        self.quoted = quoted
        self.ocr = ocr
        self.last_clause = 0
        self.body = Body()
        self.article: Node | None = None
        self.items: list[Node] = []  # open khoản / điểm / dash nodes under the article or appendix
        self.appendix: str | None = None
        self.appendix_heading = ""
        self.in_back_matter = False
        self.pending_title_for: tuple[str, str] | None = None
        self.paragraph_count = 0
        self.root_dashes = 0
        self._pending: Node | None = None  # the node whose own unit is being created
        # An unnumbered paragraph ending in ":" ("Hồ sơ gồm:") and the khoản or article it sits in: the điểm and
        # dashes that follow it in that container are its list, and it ends their lead-in.
        self.lead_paragraph: tuple[Node, str] | None = None
        self.headed_article = ""  # the last article with a heading, for articles that lost theirs
        self.unheaded_count = 0
        # The open article's heading line and how many units came before it: an article whose whole text is on
        # its heading line ("Điều 2. Quyết định này có hiệu lực kể từ ngày ký.") is a unit itself.
        self.article_start: tuple[Block, str, int] | None = None
        self.table_rows = 0  # data rows so far in the table being read

    # -- entry -------------------------------------------------------------------------------------------------

    def parse(self, blocks: list[Block]) -> Body:
        if self.ocr:
            blocks = [part for block in blocks for part in _split_run_in_markers(block)]
        index = 0
        while index < len(blocks):
            block = blocks[index]
            text = block.text.strip()
            if not text:
                index += 1
                continue
            if self._opens_amendment(text):
                end = _quote_end(blocks, index)
                if end is not None:
                    self._parse_quoted(blocks[index : end + 1])
                    index = end + 1
                    continue
            self._feed(block, text)
            index += 1
        self._close_article()
        _disambiguate(self.body.units)
        return self.body

    # -- one block ---------------------------------------------------------------------------------------------

    def _feed(self, block: Block, text: str) -> None:
        if block.kind != "table_row":
            self.table_rows = 0  # any other block ends the table
        appendix = mk.is_appendix_heading(text)
        if appendix and (self.in_back_matter or self.appendix or _looks_like_heading(text)):
            self._open_appendix(appendix, text)
            return
        if self.in_back_matter and not self.has_articles and mk.ATTACHMENT.match(text):
            self._open_appendix("Phụ lục", text)  # a letter's attached list, cited as its appendix
            return
        if self.in_back_matter:
            self.body.back_matter.append(text)
            return
        if self._opens_back_matter(text):
            self._close_article()
            self.in_back_matter = True
            self.body.back_matter.append(text)
            return
        heading = mk.match_heading(text)
        if heading and heading.level == "article":
            self._open_article(heading, block)
            return
        if heading and heading.level != "article" and _looks_like_heading(text):
            self._close_article()
            self.article, self.items = None, []
            self.body.outline.append((heading.level, text))
            self.pending_title_for = (heading.level, text)
            return
        if self.pending_title_for and self.article is None and not self.appendix and _looks_like_title(text):
            level, heading_text = self.body.outline.pop()
            self.body.outline.append((level, f"{heading_text} {text}"))
            self.pending_title_for = None
            return
        self.pending_title_for = None
        if block.kind == "table_row":
            self._add_row(block, text)
            return
        item = mk.match_item(text)
        if self.appendix:
            self._add_appendix_item(block, text, item)
        elif self.article is not None:
            self._add_article_item(block, text, item)
        elif self.has_articles:
            # Text between headings outside any article (chapter titles, captions) is outline, not a unit.
            self.body.outline.append(("text", text))
        else:
            self._add_item_without_articles(block, text, item)

    def _opens_back_matter(self, text: str) -> bool:
        """The recipients list or the signature block: in a law after its last article, in a letter or a decision
        without articles at "Nơi nhận:" or an all-caps signature line (``KT. CỤC TRƯỞNG``)."""
        if self.appendix or not mk.is_back_matter(text):
            return False
        if mk.RECIPIENTS.match(text):
            return True
        return self._after_last_article(text) and (self.has_articles or text.isupper())

    def _after_last_article(self, text: str) -> bool:
        # A signature-like line inside an article ("Bộ trưởng ..." in a sentence) is not back matter: only short
        # all-caps lines or the adoption formula count.
        return text.isupper() or len(text) < 60 or text.startswith(("Luật này", "Bộ luật này", "Pháp lệnh này"))

    # -- containers --------------------------------------------------------------------------------------------

    def _open_article(self, heading: mk.Marker, block: Block) -> None:
        self._close_article()
        title = heading.rest.strip()
        self.article = Node("article", heading.label, f"Điều {heading.label}. {title}".strip().rstrip("."))
        self.items = []
        self.last_clause = 0
        self.body.outline.append(("article", self.article.text))
        self.article_start = (block, title, len(self.body.units))
        if _runs_in(title):
            self._heading_unit()

    def _close_article(self) -> None:
        """An article that ends with no unit of its own had its whole text on the heading line."""
        if self.article_start is not None and len(self.body.units) == self.article_start[2]:
            self._heading_unit()
        self.article_start = None

    def _heading_unit(self) -> None:
        assert self.article is not None and self.article_start is not None
        block, title, _ = self.article_start
        self.article_start = None
        if title and not self.appendix:
            self._unit(block, self._citation([], article=self.article.label), title, "", kind="paragraph")

    def _restarts_without_heading(self, item: mk.Marker) -> bool:
        """A "1." after khoản 2 or later of a text document: the source lost the next article's heading (some
        published law texts drop most of them), so this is khoản 1 of an article with no heading, not a stray line
        of the article before. Scans (misread digits) and quoted amendments number differently."""
        return not self.ocr and not self.quoted and item.label == "1" and self.last_clause >= 2

    def _open_unheaded_article(self) -> None:
        assert self.article is not None
        if not self.article.label.startswith("?"):  # the first to lose its heading after this one
            self.headed_article, self.unheaded_count = self.article.label, 0
        self.unheaded_count += 1
        order = f" thứ {self.unheaded_count}" if self.unheaded_count > 1 else ""
        # cited "khoản 1 Điều ? (sau Điều 66)": the officer sees where to look without a made-up number
        self.article = Node("article", f"?{order} (sau Điều {self.headed_article})", "")
        self.items = []
        self.last_clause = 0
        self.body.outline.append(("article", f"Điều {self.article.label}"))

    def _open_appendix(self, name: str, text: str) -> None:
        self._close_article()
        self.lead_paragraph = None
        self.appendix = name
        self.appendix_heading = text
        self.in_back_matter = False
        self.article, self.items = None, []
        self.body.outline.append(("appendix", text))

    def _add_article_item(self, block: Block, text: str, item: mk.Marker | None) -> None:
        assert self.article is not None
        if item is None and self.ocr and (found := mk.OCR_CLAUSE.match(text)):
            item = mk.Marker("clause", found.group(1), found.group(2))
        if item is not None and item.level == "clause":
            if self._restarts_without_heading(item):
                self._open_unheaded_article()
            label = self._clause_label(item)
            item = mk.Marker("clause", label, item.rest) if label else None
        if item is None or item.level not in ITEM_DEPTH:
            self._add_paragraph(block, text)
            return
        if item.level == "clause":
            self.last_clause = int(re.match(r"\d+", item.label).group())
        depth = ITEM_DEPTH[item.level]
        self.items = [node for node in self.items if ITEM_DEPTH.get(node.level, 0) < depth]
        parent = self.items[-1] if self.items else self.article
        node = Node(item.level, self._dash_label(parent) if item.level == "dash" else item.label, text)
        citation = self._citation(self.items + [node], article=self.article.label)
        # Both, for a list under a lead paragraph: the khoản's opening sentence often says who compiles it.
        context = parent.text if item.level == "clause" else self._lead_in(parent, parent.text)
        self._pending = node
        node.unit = self._unit(block, citation, text, context, kind=_KIND[item.level])
        self.items.append(node)

    def _add_paragraph(self, block: Block, text: str) -> None:
        """An unnumbered paragraph: it belongs to the innermost khoản (or the article), not to a điểm."""
        assert self.article is not None
        self.items = [node for node in self.items if node.level in ("clause", "subclause")][:1]
        parent = self.items[-1] if self.items else self.article
        self.lead_paragraph = (parent, text) if text.rstrip().endswith(":") else None
        citation = self._citation(self.items, article=self.article.label)
        context = parent.text if parent is not self.article or not self.items else self.article.text
        self._unit(
            block,
            citation,
            text,
            context if parent is not self.article else self.article.text,
            kind="paragraph",
        )

    def _add_appendix_item(self, block: Block, text: str, item: mk.Marker | None) -> None:
        if item is None:
            parent = self.items[-1] if self.items else None
            context = parent.text if parent else self.appendix_heading
            citation = self._appendix_citation(self.items)
            self._unit(block, citation, text, context, kind="appendix")
            self.lead_paragraph = (parent, text) if text.rstrip().endswith(":") else None
            return
        depth = APPENDIX_DEPTH.get(item.level, 4)
        self.items = [node for node in self.items if APPENDIX_DEPTH.get(node.level, 4) < depth]
        parent = self.items[-1] if self.items else None
        label = self._dash_label(parent) if item.level == "dash" else item.label
        node = Node(item.level, label, text)
        context = parent.text if parent else self.appendix_heading
        if item.level in ("point", "dash"):
            context = self._lead_in(parent, context)
        self._pending = node
        node.unit = self._unit(block, self._appendix_citation(self.items + [node]), text, context, kind="appendix")
        self.items.append(node)

    def _add_item_without_articles(self, block: Block, text: str, item: mk.Marker | None) -> None:
        """Documents without articles (official letters, portal procedures): paragraphs and list items."""
        if block.kind == "heading":
            self.items = [Node("heading", "", text)]
            self.body.outline.append(("heading", text))
            return
        if block.kind == "dossier_item":
            heading = self.items[0].text if self.items and self.items[0].level == "heading" else "Thành phần hồ sơ"
            count = sum(1 for unit in self.body.units if unit.kind == "item" and unit.context == heading) + 1
            self._unit(block, f"{heading}, mục {count}", text, heading, kind="item")
            return
        heading = self.items[0] if self.items and self.items[0].level == "heading" else None
        if item is not None and item.level in ITEM_DEPTH:
            depth = ITEM_DEPTH[item.level]
            self.items = [n for n in self.items if n.level == "heading" or ITEM_DEPTH.get(n.level, 0) < depth]
            parent = self.items[-1] if self.items else None
            label = self._dash_label(parent) if item.level == "dash" else item.label
            node = Node(item.level, label, text)
            path = [n for n in self.items + [node] if n.level != "heading"]
            citation = _join([_item_citation(n) for n in reversed(path)])
            if heading:
                citation = f"{citation}, {heading.text}" if citation else heading.text
            self._pending = node
            node.unit = self._unit(block, citation, text, parent.text if parent else "", kind=_KIND[item.level])
            self.items.append(node)
            return
        self.paragraph_count += 1
        prefix = heading.text + ", " if heading else ""
        context = self.items[-1].text if self.items else ""
        self._unit(block, f"{prefix}đoạn {self.paragraph_count}", text, context, kind="paragraph")

    def _add_row(self, block: Block, text: str) -> None:
        cells = [c.strip() for c in block.cells if c and c.strip()] or [text]
        if _is_header_row(cells):
            self.body.outline.append(("table", " | ".join(cells)))
            return
        self.table_rows += 1
        row_text = " | ".join(cells)
        number = cells[0].rstrip(".") if len(cells) > 1 and _ROW_NUMBER.match(cells[0]) else str(self.table_rows)
        if self.appendix:
            citation = f"{self._appendix_citation(self.items) or self.appendix}, bảng, dòng {number}"
            parent = self.items[-1] if self.items else None
            context = self._lead_in(parent, parent.text if parent else self.appendix_heading)
        elif self.article is not None:
            citation = self._citation(self.items, article=self.article.label) + f", bảng, dòng {number}"
            parent = self.items[-1] if self.items else self.article
            context = self._lead_in(parent, parent.text)
        else:
            citation, context = f"bảng, dòng {number}", ""
        self._unit(block, citation, row_text, context, kind="row")

    def _lead_in(self, parent: Node | None, text: str) -> str:
        """The parent's text, and after it the unnumbered paragraph that opened the list under it, if any."""
        if self.lead_paragraph is not None and self.lead_paragraph[0] is parent:
            return f"{text}\n{self.lead_paragraph[1]}" if text else self.lead_paragraph[1]
        return text

    # -- quoted amendments -------------------------------------------------------------------------------------

    def _opens_amendment(self, text: str) -> bool:
        if not mk.opens_quote(text):
            return False
        last = self.body.units[-1] if self.body.units else None
        return last is not None and last.text.rstrip().endswith(":")

    def _parse_quoted(self, blocks: list[Block]) -> None:
        amending = self.body.units[-1]
        target = AMENDED_TARGET.search(amending.text)
        inner_blocks = [_strip_quotes(block) for block in blocks]
        sub = StructureParser(has_articles=True, quoted=True)
        where = f"(nội dung sửa đổi, bổ sung tại {amending.citation})"
        amended = self._amended_document(amending)
        if amended:  # "khoản 2 Điều 21 Luật Nhà ở số 65/2014/QH13 (…)": the article is the amended document's
            where = f"{amended} {where}"
        if target:
            article = re.sub(r"\s+", " ", target.group(3)).split()[1]
            sub.article = Node("article", article, amending.text)
            first = mk.match_item(inner_blocks[0].text) if inner_blocks else None
            if target.group(2) and (first is None or first.level not in ("clause", "subclause")):
                sub.items = [Node("clause", target.group(2).split()[1], amending.text)]
                if target.group(1) and first is None:
                    sub.items.append(Node("point", target.group(1).split()[1], amending.text))
        else:
            sub.article = Node("article", "?", amending.text)
        inner = sub.parse(inner_blocks)
        for unit in inner.units:
            unit.citation = f"{unit.citation} {where}"
            if not unit.context or unit.context == sub.article.text:
                unit.context = amending.text
            self.body.units.append(unit)

    def _amended_document(self, amending: Unit) -> str | None:
        """The document the quoted text belongs to, as the amending unit or the khoản and article around it name it
        (``1. Sửa đổi, bổ sung một số điều của Luật Nhà ở số 65/2014/QH13 …``)."""
        around = [amending.text, *(node.text for node in reversed(self.items))]
        if self.article is not None:
            around.append(self.article.text)
        for text in around:
            found = AMENDED_DOCUMENT.search(text) if _AMENDS.search(text) else None
            if found:
                return re.sub(r"\s+", " ", found.group(1))
        return None

    # -- helpers -----------------------------------------------------------------------------------------------

    def _clause_label(self, item: mk.Marker) -> str | None:
        """The khoản number to cite, or None when the marker is not a khoản (a year "2020. …", a stray number).

        Khoản are numbered 1, 2, 3 … within an article. OCR misreads digits ("2." as "3", "7." as "1."), so in a
        scanned document a khoản is cited by its place in that sequence; in a text document a number out of
        sequence is not a khoản at all.
        """
        number = int(re.match(r"\d+", item.label).group())
        suffix = item.label[len(str(number)) :]
        last = self.last_clause
        if self.ocr and not self.quoted:
            return str(last + 1) if last > 0 or number <= 3 else None
        if last == 0 and (self.quoted or number <= 3):
            return item.label
        if suffix and number == last:
            return item.label  # an inserted khoản: "5a." after "5."
        if last < number <= last + 2:
            return item.label
        return None

    def _dash_label(self, parent: Node | None) -> str:
        if parent is None:
            self.root_dashes += 1
            return str(self.root_dashes)
        parent.dash_count += 1
        return str(parent.dash_count)

    def _citation(self, path: list[Node], article: str) -> str:
        parts = [_item_citation(node) for node in reversed(path)]
        parts.append(f"Điều {article}")
        citation = _join(parts)
        return f"{citation} {self.appendix}" if self.appendix else citation

    def _appendix_citation(self, path: list[Node]) -> str:
        labels = [node.label or "-" for node in path if node.level != "dash"]
        dashes = [node for node in path if node.level == "dash"]
        citation = self.appendix or "Phụ lục"
        if labels:
            citation += ", mục " + ".".join(labels)
        if dashes:
            citation += f", gạch đầu dòng thứ {dashes[-1].label}"
        return citation

    def _unit(self, block: Block, citation: str, text: str, context: str, kind: str) -> Unit:
        unit = Unit(
            citation=citation,
            text=text,
            context=context,
            page=block.page,
            kind=kind,
            article=self.article.label if self.article else None,
            appendix=self.appendix,
        )
        for node in self.items + ([self._pending] if self._pending else []):
            if node.level == "clause":
                unit.clause = node.label
            if node.level == "point":
                unit.point = node.label
        self._pending = None
        self.body.units.append(unit)
        return unit


_KIND = {
    "clause": "clause",
    "subclause": "clause",
    "point": "point",
    "dash": "item",
    "roman": "appendix",
    "letter": "appendix",
}


def _item_citation(node: Node) -> str:
    if node.level in ("clause", "subclause"):
        return f"khoản {node.label}"
    if node.level == "point":
        return f"điểm {node.label}"
    if node.level == "dash":
        return f"gạch đầu dòng thứ {node.label}"
    return node.label


def _join(parts: list[str]) -> str:
    return " ".join(part for part in parts if part)


def _looks_like_heading(text: str) -> bool:
    return len(text) <= 250 and not text.rstrip().endswith((";", ","))


# A heading line that goes on into the article's first sentence: it ends like a sentence and speaks of this
# document ("Quyết định này", "Luật này") or of what someone must do. A law's titles never do ("Điều 5. Trách
# nhiệm của các tổ chức xã hội.").
_RUN_IN = re.compile(r"\b(?:này|phải|nộp|xuất trình|có hiệu lực|chịu trách nhiệm)\b", re.IGNORECASE)


def _runs_in(title: str) -> bool:
    return title.rstrip().endswith((".", ":", ";")) and len(title.split()) >= 6 and bool(_RUN_IN.search(title))


# The header of a dossier table ("STT | Tên giấy tờ | Mẫu đơn, tờ khai | Số lượng") names columns, asks for nothing.
_HEADER_CELL = re.compile(
    r"^(?:stt|tt|số\s+(?:thứ\s+)?tự|(?:tên\s+)?(?:giấy\s+tờ|thành\s+phần\s+hồ\s+sơ|hồ\s+sơ|tài\s+liệu)(?:\s+phải\s+nộp)?|"
    r"mẫu\s+đơn,?\s*tờ\s+khai|mẫu\s+đơn|tờ\s+khai|số\s+lượng|ghi\s+chú|đối\s+tượng|loại\s+giấy\s+tờ|"
    r"bản\s+chính|bản\s+sao|hình\s+thức|yêu\s+cầu|nội\s+dung)$",
    re.IGNORECASE,
)
_ROW_NUMBER = re.compile(r"^\d{1,3}\.?$")


def _is_header_row(cells: list[str]) -> bool:
    return len(cells) > 1 and all(_HEADER_CELL.match(re.sub(r"\s+", " ", c.strip(" .:*"))) for c in cells)


def _looks_like_title(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    return (
        bool(letters)
        and len(text) <= 250
        and (upper / len(letters) > 0.6 or not text.rstrip().endswith((".", ";", ":")))
    )


def _quote_end(blocks: list[Block], start: int, limit: int = 400) -> int | None:
    """Index of the block that closes the quotation opened at ``start``."""
    for index in range(start, min(len(blocks), start + limit)):
        text = blocks[index].text.strip()
        if index > start and mk.opens_quote(text) and _opens_new_amendment(blocks[index - 1].text):
            return index - 1
        if mk.closes_quote(text) and (index > start or len(text) > 1):
            return index
    return None


def _opens_new_amendment(previous: str) -> bool:
    return previous.rstrip().endswith(":")


def _strip_quotes(block: Block) -> Block:
    text = block.text.strip()
    if mk.opens_quote(text):
        text = text[1:].lstrip()
    text = re.sub(r"[”\"»'’]([.;,]?)\s*(\(\d+\))?$", r"\1", text).rstrip()
    return Block(text=text, page=block.page, kind=block.kind, cells=block.cells)


# OCR loses line breaks and dots: "… hợp pháp đó. 3 Công dân được …" hides the next khoản inside a paragraph.
RUN_IN_MARKER = re.compile(r"(?<=[.;:])\s+(?=(?:\d{1,2}\s?[.,]?|[a-zđ]\))\s+[A-ZĐÀ-Ỹ])")


def _split_run_in_markers(block: Block) -> list[Block]:
    if block.kind != "paragraph":
        return [block]
    parts = [part.strip() for part in RUN_IN_MARKER.split(block.text) if part.strip()]
    return [Block(text=part, page=block.page, kind=block.kind, cells=block.cells) for part in parts]


def _disambiguate(units: list[Unit]) -> None:
    """Several unnumbered paragraphs under one container share a citation: number them ``đoạn N``."""
    counts = Counter(unit.citation for unit in units)
    seen: Counter[str] = Counter()
    for unit in units:
        if counts[unit.citation] > 1:
            seen[unit.citation] += 1
            unit.citation = f"đoạn {seen[unit.citation]} {unit.citation}"
