"""Administrative procedures of the National Public Service Portal (``procedures.jsonl``), one RawDocument each.

``thanh_phan_ho_so`` was a table on the portal and arrives flattened: a sub-table header
``Tên giấy tờ`` ``Mẫu đơn, tờ khai`` ``Số lượng`` run together, preceded by the dossier case it covers
("--" when there is none, or "- Hồ sơ đề nghị cấp lại …:", "Trường hợp …", "Nộp trực tiếp"), then the rows,
each ``<name><form file names><quantity>`` with no separator. What the data shows (2,378 records):

- the quantity cell is always ``N bản chính`` or ``N bản chính,M bản sao``, glued to the text before it and
  followed by the next cell or the end; the same words inside a name have a space before the number
  ("nộp 01 bản chính tờ khai …") and are not cell ends;
- N is one digit (0–9); the digit before it belongs to the name ("theo Mẫu số 18" + "1 bản chính");
- form files (``Mau48.docx``, ``Mẫu số 01.docx``, ``TK 1.000703.docx``; .docx/.doc/.pdf/.xlsx) sit between
  the name and the quantity, glued to both;
- after the last row of a sub-table comes the next case heading, glued to the last quantity;
- a few records have no table at all (free text or "--"): their lines become items without quantity.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator
from pathlib import Path

from reviewer.document import Block, RawDocument
from reviewer.errors import BadInput, UnreadableDocument
from reviewer.read.layout import MARKER, continues_sentence, ends_sentence
from reviewer.read.normalize import normalize_text

TABLE_HEADER = "Tên giấy tờMẫu đơn, tờ khaiSố lượng"
PROCEDURE_TYPE = "Thủ tục hành chính"
QUANTITY = re.compile(
    # "01 bản chính" after a space, colon or bracket is prose ("hải quan: 01 bản chính;"), not a cell
    r"(?:(?<=[^\s\d])(?P<two>[1-9]\d)|(?<=\S)(?<![\s(:]0)(?P<one>\d)|^(?P<lead>\d{1,2}))"
    r" ?bản chính(?:, ?(?P<copies>\d{1,2}) ?bản sao)?(?=\S|$)"
)
_FORM_EXT = re.compile(r"\.(?:docx?|pdf|xlsx?|rar|zip)(?![\w])", re.IGNORECASE)
# where a glued form file name may start: after ; : or a closing bracket, after a dot glued to a letter,
# or at a lower→upper case change glued without a space ("theo mẫuMauDanhsach…")
_FORM_NAME_START = r"(?:Mẫu|Mau|MẪU|Phụ lục|Phu luc|PL|TK|TTHC|NA\d|M\d|Ms|Mus|Biểu|Bieu)[\w ]"
_FORM_START = re.compile(
    rf"(?<=[;:)])(?=\S)|(?<=[^\W\d_]{2}\.)(?=\S)|(?<=[a-zà-ỹ0-9)])(?={_FORM_NAME_START})"
    # "30/6/2023.NA5.doc", "cá nhân7-Mẫu NA6.doc", "THƯỜNG TRÚ,33-Mẫu số 02-….doc"
    r"|(?<=\d\.)(?=[A-ZĐ][A-Za-z]*\d)|(?<=[^\s\d])(?=\d{1,3}-(?:Mẫu|Mau|M))"
    # a form name glued to anything but a space or an opening bracket: "NĐ-CPMau04.docx", "hạnmau so 20.doc"
    r"|(?<=[^\s(])(?=(?:Mẫu|Mau|MẪU|mau|mẫu|Mus)(?:\s?(?:số|so)?\s?\d|[A-Z]))"
)
_STEP = re.compile(r"(?=(?<!^)\bBước\s+\d+\s*[:.])")
# A line that is only a list marker ("-", "+", "b)", "d.4)", "2.") heads the text of the next line.
_MARKER_ONLY = re.compile(r"^(?:[-–+•*]|(?:[a-zđ](?:\.?\d+)*|[ivx]+)\)|\d+(?:\.\d+)*[.)]?)$")
# A point marker left at the end of the text before a step ("… Luật Địa chất và khoáng sản a)" + "Bước 1. …").
_TRAILING_MARKER = re.compile(r"\s((?:[a-zđ](?:\.?\d+)*|[ivx]+)\))$")
# What opens a new item in a wrapped record: a point, a bullet, a numbered line, a step.
_NEW_ITEM = re.compile(r"^(?:(?:[a-zđ](?:\.?\d+)*|[ivx]+|[A-ZĐ])\)|[-–+•*●]|\d+(?:\.\d+)*[.)]\s|Bước\s+\d|\(\d+\))")
_CASE_DASHES = re.compile(r"^[-–\s]*$")
_BULLET = re.compile(r"^(?:[-–+•*]+\s*)+")


def _split_forms(name: str) -> tuple[str, list[str]]:
    """Peel glued form file names off the end of an item's name."""
    forms: list[str] = []
    rest = name
    while True:
        ends = list(_FORM_EXT.finditer(rest))
        if not ends or ends[-1].end() != len(rest):
            break
        window_start = ends[-2].end() if len(ends) > 1 else max(0, len(rest) - 90)
        window_start = max(window_start, len(rest) - 90)
        starts = [m.start() for m in _FORM_START.finditer(rest, window_start, ends[-1].start())]
        start = starts[-1] if starts else (ends[-2].end() if len(ends) > 1 else None)
        if start is None or start <= 0:
            break
        forms.insert(0, rest[start:].strip())
        rest = rest[:start]
    return rest.strip(), forms


def _quantity_text(originals: int, copies: int | None) -> str:
    parts = [f"{originals} bản chính"]
    if copies is not None:
        parts.append(f"{copies} bản sao")
    return ", ".join(parts)


def split_dossier(field: str) -> list[tuple[str | None, str, list[str], str]]:
    """Split ``thanh_phan_ho_so`` into (case, name, forms, quantity) rows in order.

    ``case`` is the sub-table heading the row belongs to (None when the table has none); rows without a
    quantity (free text, trailing notes) have an empty ``quantity``.
    """
    rows: list[tuple[str | None, str, list[str], str]] = []
    # some records are NFD or carry zero-width characters: normalise first so the header and patterns match
    field = normalize_text(field)
    chunks = field.split(TABLE_HEADER)
    case = _clean_case(chunks[0])
    if len(chunks) == 1:
        for line in re.split(r"\n+", field):
            text = line.strip(" -–")
            if text and not _CASE_DASHES.match(line):
                rows.append((None, text, [], ""))
        return rows
    for position, chunk in enumerate(chunks[1:], start=1):
        cursor = 0
        for match in QUANTITY.finditer(chunk):
            name = chunk[cursor : match.start()]
            cursor = match.end()
            originals = int(match.group("two") or match.group("one") or match.group("lead"))
            copies = int(match.group("copies")) if match.group("copies") else None
            name, forms = _split_forms(name.strip())
            if name or forms:
                rows.append((case, name or forms[0], forms, _quantity_text(originals, copies)))
        tail = chunk[cursor:].strip()
        if position < len(chunks) - 1:
            case = _clean_case(tail)
        elif tail:
            rows.append((case, tail, [], ""))
    return rows


def _clean_case(text: str) -> str | None:
    text = text.strip()
    if not text or _CASE_DASHES.match(text):
        return None
    return text


def _step_paragraphs(text: str) -> list[str]:
    """The paragraphs of ``trinh_tu_thuc_hien``, rebuilt where the portal kept a PDF's line breaks.

    A third of the records were pasted from PDFs: a marker stands alone on its line ("b)" then the text) and
    sentences break mid-phrase ("Cộng đồng dân cư xây" / "dựng hồ sơ đề nghị …"). A unit cut there loses its
    subject or its verb. A line that starts in lower case (and is not a point "c)") continues the line before
    unless that one ended a sentence; in a record wrapped that way at least twice, so does any line that does not
    open a new item ("… khoản 1 Điều 5" / "Quyết định số 24/2024/QĐ-UBND …").
    """
    lines = _marked_lines(text)
    wrapped = sum(continues_sentence(before, line) for before, line in itertools.pairwise(lines)) >= 2
    joined: list[str] = []
    for line in lines:
        if joined and (continues_sentence(joined[-1], line) or wrapped and _runs_on(joined[-1], line)):
            joined[-1] = f"{joined[-1]} {line}"
        else:
            joined.append(line)
    paragraphs: list[str] = []
    for line in joined:
        pieces = [piece.strip() for piece in _STEP.split(line) if piece.strip()]
        for index, piece in enumerate(pieces):
            # "a) Bước 1: …" is one step, not a lone "a)" and a step; nor is "… khoản 1 Điều 75 a) Bước 1. …"
            # a sentence ending in "a)" and a step without its point
            trailing = _TRAILING_MARKER.search(paragraphs[-1]) if index else None
            if index and _MARKER_ONLY.match(pieces[index - 1]):
                paragraphs[-1] = f"{paragraphs[-1]} {piece}"
            elif trailing:
                paragraphs[-1] = paragraphs[-1][: trailing.start()].rstrip()
                paragraphs.append(f"{trailing.group(1)} {piece}")
            else:
                paragraphs.append(piece)
    return paragraphs


def _marked_lines(text: str) -> list[str]:
    """Non-empty lines, a marker alone on its line ("b)", "-") put at the head of the next."""
    lines: list[str] = []
    marker = ""
    for raw in re.split(r"\n+", text or ""):
        line = raw.strip()
        if _MARKER_ONLY.match(line):
            marker = f"{marker} {line}".strip()
        elif line:
            lines.append(f"{marker} {line}".strip())
            marker = ""
    return lines


def _runs_on(previous: str, line: str) -> bool:
    return not ends_sentence(previous) and not _NEW_ITEM.match(line)


def read_procedure(record: dict, source: str) -> RawDocument:
    """One portal record (a dict of ``procedures.jsonl``) as a RawDocument of format 'procedure'."""
    if not isinstance(record, dict) or not record.get("ma_thu_tuc"):
        raise BadInput(source, "a procedure record needs at least 'ma_thu_tuc'")
    blocks: list[Block] = [Block("Trình tự thực hiện", kind="heading")]
    for paragraph in _step_paragraphs(str(record.get("trinh_tu_thuc_hien") or "")):
        text = normalize_text(paragraph)
        if text:
            blocks.append(Block(text))
    blocks.append(Block("Thành phần hồ sơ", kind="heading"))
    for case, name, forms, quantity in split_dossier(str(record.get("thanh_phan_ho_so") or "")):
        name = _BULLET.sub("", normalize_text(name))
        if not name:
            continue
        text = f"{name} ({quantity})" if quantity else name
        case_text = normalize_text(case) if case else ""
        cells = (name, "; ".join(normalize_text(f) for f in forms), quantity, case_text)
        blocks.append(Block(text=text, kind="dossier_item", cells=cells))
    hints = {
        "number": str(record.get("ma_thu_tuc") or ""),
        "title": normalize_text(str(record.get("ten_thu_tuc") or "")),
        "type": PROCEDURE_TYPE,
        "issuer": normalize_text(str(record.get("co_quan_co_tham_quyen") or "")),
        "ministry": str(record.get("_ministry_dir") or ""),
        "decision": str(record.get("so_quyet_dinh") or ""),
    }
    return RawDocument(
        source=source, format="procedure", pages=None, blocks=blocks, hints={k: v for k, v in hints.items() if v}
    )


def iter_procedures(jsonl_path: str | Path) -> Iterator[RawDocument]:
    """Each record of a portal JSONL file as a RawDocument, source ``<path>#<ma_thu_tuc>``."""
    path = Path(jsonl_path)
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise UnreadableDocument(str(path), f"cannot open ({exc.strerror or exc})") from exc
    with handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise BadInput(f"{path}:{number}", f"not a JSON object ({exc.msg} at column {exc.colno})") from exc
            code = record.get("ma_thu_tuc") if isinstance(record, dict) else None
            yield read_procedure(record, f"{path}#{code}" if code else f"{path}:{number}")


__all__ = ["MARKER", "iter_procedures", "read_procedure", "split_dossier"]
