"""Front matter: where the body starts, and the document's metadata (số hiệu, type, issuer, date, title)."""

from __future__ import annotations

import re

from reviewer.document import Block, DocumentMeta
from reviewer.structure import markers as mk

DOC_TYPES = [
    "BỘ LUẬT",
    "LUẬT",
    "PHÁP LỆNH",
    "NGHỊ QUYẾT",
    "NGHỊ ĐỊNH",
    "QUYẾT ĐỊNH",
    "THÔNG TƯ LIÊN TỊCH",
    "THÔNG TƯ",
    "CHỈ THỊ",
    "CÔNG VĂN",
    "KẾ HOẠCH",
    "HƯỚNG DẪN",
    "THÔNG BÁO",
    "TỜ TRÌNH",
    "BÁO CÁO",
    "QUY CHẾ",
    "QUY ĐỊNH",
]
TYPE_LINE = re.compile(rf"^({'|'.join(DOC_TYPES)})\b\s*(.*)$")
NUMBER = re.compile(
    r"(?:Số|Luật số|Bộ luật số|Nghị quyết số|Pháp lệnh số|Số hiệu)\s*[:.]?\s*(\d+[\w/.\-Đđ]*(?:/[\wĐđ.\-]+)+)"
)
NUMBER_LOOSE = re.compile(r"\b(\d{1,4}/\d{4}/[A-ZĐ]{1,6}(?:-[A-ZĐ]{1,8})*\d*)\b")
DATE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)
NATIONAL_MOTTO = re.compile(r"CỘNG HÒA XÃ HỘI CHỦ NGHĨA|CỘNG HOÀ XÃ HỘI CHỦ NGHĨA|Độc lập\s*-\s*Tự do", re.IGNORECASE)
RULE_LINE = re.compile(r"[-_=*]{3,}")
# "Kính gửi:" opening a line, or after the place and date it shares a line with in a PDF's header table.
RECIPIENT = re.compile(r"^(?:[^\n]{0,80}\bnăm\s+\d{4}\s+)?Kính\s+gửi\b")
DOTS = re.compile(r"^[.…\s]+$")
# A recipient on a line of its own ("- Bộ Tư pháp;"), while the list goes on (the line before ends with ":"/";").
RECIPIENT_LINE = re.compile(r"^[-+•]\s*[^\n]{1,150}$")
RECIPIENT_SCAN_LIMIT = 15  # blocks: a letter is addressed at its head, not in its body

LETTER_SUBJECT = re.compile(r"^(?:V/v|v/v|V/V)\.?\s*:?\s*(\S.{3,})$")  # "V/v đề nghị góp ý dự thảo TCVN"
TITLE_LINE_LIMIT = 250  # characters: a longer line is a sentence, not part of a title
FRONT_SCAN_LIMIT = 60  # blocks: the front matter of a real document is far shorter


def body_start(blocks: list[Block]) -> int:
    """Index of the first body block: the first heading or article, else the first block after the preamble."""
    limit = min(len(blocks), FRONT_SCAN_LIMIT)
    for index in range(limit):
        text = blocks[index].text.strip()
        heading = mk.match_heading(text)
        if heading and len(text) < 300:
            return index
    # A letter's body starts after "Kính gửi" and its recipients: a body paragraph there may open with "Căn cứ"
    # ("Căn cứ ý kiến của Hội đồng thẩm định, Cục … đề nghị Quý đơn vị góp ý …") and is no legal preamble.
    addressed = next((i for i in range(min(limit, RECIPIENT_SCAN_LIMIT)) if RECIPIENT.match(blocks[i].text)), None)
    last_preamble = -1
    for index in range(limit if addressed is None else addressed + 1):
        text = blocks[index].text.strip()
        if mk.PREAMBLE.match(text) or NATIONAL_MOTTO.search(text) or NUMBER.search(text) or TYPE_LINE.match(text):
            last_preamble = index
    if addressed is None:
        return last_preamble + 1
    return _after_recipients(blocks, addressed)


def _after_recipients(blocks: list[Block], addressed: int) -> int:
    """The first block after "Kính gửi" and its recipients; a bullet after "Kính gửi: Sở Tư pháp." is body."""
    listing = _opens_list(blocks[addressed].text)
    start = addressed + 1
    while start < len(blocks):
        line = blocks[start].text.strip()
        if DOTS.match(line):
            listing = True
        elif listing and RECIPIENT_LINE.match(line):
            listing = _opens_list(line)
        else:
            break
        start += 1
    return start


def _opens_list(line: str) -> bool:
    line = line.rstrip()
    return line.endswith((":", ";", "..", "…"))


def read_meta(front: list[str], hints: dict[str, str]) -> DocumentMeta:
    meta = DocumentMeta()
    meta.number = hints.get("number") or _number(front)
    meta.date = hints.get("date") or _date(front)
    meta.type, meta.title = _type_and_title(front)
    meta.type = hints.get("type") or meta.type
    meta.title = hints.get("title") or meta.title
    meta.issuer = hints.get("issuer") or _issuer(front)
    return meta


def _number(front: list[str]) -> str | None:
    for line in front:
        found = NUMBER.search(line)
        if found:
            return found.group(1).rstrip(".")
    for line in front:
        found = NUMBER_LOOSE.search(line)
        if found:
            return found.group(1)
    return None


def _date(front: list[str]) -> str | None:
    for line in front:
        found = DATE.search(line)
        if found:
            day, month, year = (int(g) for g in found.groups())
            if 1 <= day <= 31 and 1 <= month <= 12:
                return f"{year:04d}-{month:02d}-{day:02d}"
    return None


def _type_and_title(front: list[str]) -> tuple[str | None, str | None]:
    for index, line in enumerate(front):
        found = TYPE_LINE.match(line.strip())
        if not found or NUMBER.search(line):
            continue
        doc_type = found.group(1).capitalize()
        title_parts = [found.group(2).strip()] if found.group(2).strip() else []
        for following in front[index + 1 : index + 4]:
            if mk.PREAMBLE.match(following) or DATE.search(following) or NUMBER.search(following):
                break
            if title_parts and _leaves_title(title_parts[0], following.strip()):
                break
            title_parts.append(following.strip())
        title = " ".join(title_parts).strip() or None
        return doc_type, title
    for line in front:
        found = LETTER_SUBJECT.match(line.strip())
        if found:  # a letter (công văn) has no type line; its subject line says what it is about
            return "Công văn", found.group(1).strip().rstrip(".")
    return None, None


# The signer's authority, in capitals between a decision's title and its preamble ("GIÁM ĐỐC SỞ Y TẾ TỈNH HÀ NAM").
_AUTHORITY = re.compile(
    r"^(?:GIÁM ĐỐC|CHỦ TỊCH|BỘ TRƯỞNG|THỦ TƯỚNG|CỤC TRƯỞNG|TỔNG CỤC TRƯỞNG|CHÁNH|VIỆN TRƯỞNG|HIỆU TRƯỞNG|"
    r"TRƯỞNG BAN|ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|HỘI ĐỒNG NHÂN DÂN|CHÍNH PHỦ|TỔNG GIÁM ĐỐC)\b"
)


def _leaves_title(title: str, line: str) -> bool:
    """A line after the title that is no part of it: a title in capitals goes on in capitals and one in lower case
    does not go on in capitals (the signer's authority follows it), and none is a sentence ("Để tăng cường hiệu lực
    quản lý nhà nước …;" opens the preamble of laws of 2001)."""
    return (
        (title.isupper() != line.isupper() and any(c.isalpha() for c in line))
        or bool(_AUTHORITY.match(line))
        or line.endswith(";")
        or len(line) > TITLE_LINE_LIMIT
    )


# The issuing body under its parent ("ỦY BAN NHÂN DÂN / TỈNH HÀ NAM / SỞ Y TẾ"): the last line issues, the lines
# above say whose it is.
_SUBORDINATE = re.compile(
    r"^(?:SỞ|PHÒNG|CỤC|CHI CỤC|TỔNG CỤC|VỤ|BAN|TRUNG TÂM|TRƯỜNG|VĂN PHÒNG|THANH TRA|BỘ|VIỆN|HỌC VIỆN)\b"
)
_PLACE = re.compile(r"\b(?:TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ|XÃ|PHƯỜNG|THỊ TRẤN)\b.*$")


def _issuer(front: list[str]) -> str | None:
    lines = []
    for line in front[:4]:
        head = NATIONAL_MOTTO.split(line)[0]
        head = RULE_LINE.split(head)[0].strip(" -_")
        if not head or not head.isupper() or len(head) >= 120 or NUMBER.search(head) or TYPE_LINE.match(head):
            if lines:
                break
            continue  # a scan's stray first line, before the issuer
        lines.append(head)
        if head != line.strip():  # the motto or a rule ends the issuer block on this line
            break
    if len(lines) < 2:
        return lines[0] if lines else None
    issuer, parent = lines[-1], " ".join(lines[:-1])
    if not _SUBORDINATE.match(issuer):
        return " ".join(lines)  # one body's name on two lines: "ỦY BAN NHÂN DÂN / TỈNH HÀ NAM"
    place = _PLACE.search(parent)
    return f"{issuer} {place.group(0)}" if place and not _PLACE.search(issuer) else issuer
