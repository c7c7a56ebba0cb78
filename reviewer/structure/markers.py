"""Recognisers for the structural markers of Vietnamese legal texts, one compiled pattern each.

Markers are matched at the start of a block only: readers guarantee that a marker at a line start opens a block.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Vietnamese point letters: a) b) c) d) đ) e) g) h) i) k) l) m) n) o) p) q) r) s) t) u) v) x) y); no f, j, w, z.
POINT_LETTERS = "abcdđeghiklmnopqrstuvxy"

_ROMAN = r"[IVXLC]+"

PART = re.compile(rf"^(?:PHẦN|Phần)\s+(THỨ\s+\w+|[Tt]hứ\s+\w+|{_ROMAN}|\d+)\b[.:]?\s*(.*)$")
CHAPTER = re.compile(rf"^(?:CHƯƠNG|Chương)\s+({_ROMAN}|\d+)\b[.:]?\s*(.*)$")
SUBSECTION = re.compile(r"^(?:TIỂU MỤC|Tiểu mục)\s+(\d+)\b[.:]?\s*(.*)$")
SECTION = re.compile(rf"^(?:MỤC|Mục)\s+(\d+|{_ROMAN})\b[.:]?\s*(.*)$")
# "Điều 10a." / "ĐIỀU 5:" / OCR "Điều 20 ." — the number must be followed by a separator or the end.
ARTICLE = re.compile(r"^(?:ĐIỀU|Điều)\s+(\d{1,3}[a-zđ]?)\s*(?:[.:]\s*|\s*$|\s+(?=[A-ZĐÀ-Ỹ]))(.*)$")
CLAUSE = re.compile(r"^(\d{1,3}[a-zđ]?)\s?[.)]\s+(\S.*)$")
SUBCLAUSE = re.compile(r"^(\d{1,3}(?:\.\d{1,3})+)\.?\s+(\S.*)$")
# In OCR text the dot after a khoản number is often lost or read as a comma: "3 Công dân …", "2, Khi …".
OCR_CLAUSE = re.compile(r"^(\d{1,2})\s?,?\s+([A-ZĐÀ-Ỹ].*)$")
POINT = re.compile(rf"^([{POINT_LETTERS}])\s?\)\s*(\S.*)$")
DASH = re.compile(r"^[-–—+•*]\s*(\S.*)$")
ROMAN_ITEM = re.compile(rf"^({_ROMAN})\s?[.)]\s+(\S.*)$")
LETTER_ITEM = re.compile(r"^([A-Z])\s?[.)]\s+(\S.*)$")
APPENDIX = re.compile(r"^(?:PHỤ LỤC|Phụ lục|PHỤ LUC)\b\s*(.*)$")

# Back matter: the recipients list and the signature block.
# "Nơi nhận:" alone or followed by its list ("Nơi nhận: - Như trên; …") opens the recipients list wherever it
# stands (a letter has no articles; a Word file lays it out in a table row beside the signature). Followed by words
# it is a clause ("Nơi nhận hồ sơ là …", "Nơi nhận: Bộ phận Một cửa …").
RECIPIENTS = re.compile(r"^(?:Nơi nhận|NƠI NHẬN)\s*:?\s*(?:$|[-–+•])")
# An attachment after a letter's signature ("DANH MỤC THỦ TỤC …", "(Kèm theo Công văn số …)"): it is read again.
ATTACHMENT = re.compile(r"^(?:DANH MỤC\b|\(?Kèm theo\b)")
SIGNATURE = re.compile(
    r"^(?:TM\.|T\.M\.|KT\.|K\.T\.|Q\.|TL\.|TUQ\.|"
    r"CHỦ TỊCH(?: QUỐC HỘI| NƯỚC)?$|THỦ TƯỚNG$|BỘ TRƯỞNG$|PHÓ THỦ TƯỚNG$|CHÁNH ÁN$|VIỆN TRƯỞNG$|"
    r"TỔNG KIỂM TOÁN|Luật này (?:đã )?được Quốc hội|Bộ luật này (?:đã )?được Quốc hội|"
    r"Pháp lệnh này (?:đã )?được)"
)
PREAMBLE = re.compile(
    r"^(?:Căn cứ|Theo đề nghị|Xét đề nghị|Quốc hội ban hành|Chính phủ ban hành|"
    r"Bộ trưởng .{0,80}ban hành|Ủy ban thường vụ Quốc hội ban hành)"
)

OPEN_QUOTES = "“\"«„'‘"
CLOSE_QUOTE = re.compile(r"[”\"»'’][.;,]?\s*(?:\(\d+\))?$")


@dataclass(frozen=True)
class Marker:
    level: str  # part | chapter | section | subsection | article | clause | subclause | point | dash | roman | letter
    label: str  # "7", "b", "II", "" for dashes
    rest: str  # the text after the marker


def match_heading(text: str) -> Marker | None:
    """Levels above the article, the article itself and appendices."""
    for level, pattern in (
        ("part", PART),
        ("chapter", CHAPTER),
        ("subsection", SUBSECTION),
        ("section", SECTION),
        ("article", ARTICLE),
    ):
        found = pattern.match(text)
        if found:
            return Marker(level, found.group(1).upper() if level != "article" else found.group(1), found.group(2))
    return None


def match_item(text: str) -> Marker | None:
    """Levels below the article: khoản, sub-khoản (1.1), điểm, dashes, and appendix numbering."""
    for level, pattern in (
        ("subclause", SUBCLAUSE),
        ("clause", CLAUSE),
        ("point", POINT),
        ("roman", ROMAN_ITEM),
        ("letter", LETTER_ITEM),
    ):
        found = pattern.match(text)
        if found:
            return Marker(level, found.group(1), found.group(2))
    found = DASH.match(text)
    if found:
        return Marker("dash", "", found.group(1))
    return None


def is_appendix_heading(text: str) -> str | None:
    """The appendix name ("Phụ lục I") when the block opens an appendix, else None."""
    found = APPENDIX.match(text)
    if not found or len(text) > 250:
        return None
    rest = found.group(1)
    label = re.match(rf"^(?:SỐ\s+|số\s+)?({_ROMAN}|\d+[A-Za-z]?)\b", rest)
    return f"Phụ lục {label.group(1)}" if label else "Phụ lục"


def is_back_matter(text: str) -> bool:
    return bool(RECIPIENTS.match(text) or SIGNATURE.match(text))


def opens_quote(text: str) -> bool:
    return bool(text) and text[0] in OPEN_QUOTES


def closes_quote(text: str) -> bool:
    return bool(CLOSE_QUOTE.search(text))
