"""Whose paper a dossier item names, and in what form it is asked for.

DOMAIN.md: a paper issued by someone else (a permit, a certificate, a contract) that must be handed in as
``bản chính`` is ``original``; what the applicant writes itself (đơn, tờ khai, báo cáo, bản cam kết) is
``paper_document`` even when marked ``bản chính``; a plain ``bản sao`` is ``copy`` whoever issued it. Items rarely
say who issues them, but their head noun does (``Giấy phép thăm dò khoáng sản (1 bản chính)`` against
``Giấy khai đăng ký xe (1 bản chính)``). The head nouns are data (``patterns/heads.jsonl``); the form comes from the
wording, else from the portal's quantity column (the wording wins: ``Bản sao Giấy chứng nhận … (1 bản chính)`` is a
copy).
"""

from __future__ import annotations

import re
import unicodedata

from reviewer.find.matcher import pipeline

ISSUED, OWN = "issued", "own"
ORIGINAL, COPY = "original", "copy"

# What comes before an item's head noun: the list marker, a count, and the form ("Bản sao có chứng thực của …").
_BEFORE_HEAD = re.compile(
    r"^[\s\-+*•–]*(?:\(?(?:[ivxlc]{1,5}|[a-zđ]|\d{1,2}(?:\.\d+)*)[.)]\s*)?(?:0?\d\s+)?"
    r"(?:bản\s+(?:sao(?:\s+(?:có\s+)?chứng\s+thực|\s+hợp\s+lệ|\s+y(?:\s+bản\s+chính)?)?|chính|chụp|gốc|dịch"
    r"|photo|phô\s*tô)"
    r"\s*(?:điện\s+tử\s*)?(?:của\s+|các\s+|một\s+trong\s+các\s+)?)?",
    re.IGNORECASE,
)
# The portal's quantity column: "(1 bản chính)", "(0 bản chính,1 bản sao)".
_QUANTITY = re.compile(r"\((\d+)\s*bản\s+chính\s*(?:,\s*(\d+)\s*bản\s+sao)?\s*\)", re.IGNORECASE)
_ORIGINAL_WORDS = re.compile(r"\bbản\s+(?:chính|gốc)\b|\bxuất\s+trình\b", re.IGNORECASE)
_COPY_OF_ORIGINAL = re.compile(r"\bsao\s+y(?:\s+bản\s+chính)?\b", re.IGNORECASE)  # a copy, whatever it is of
_COPY_WORDS = re.compile(r"\bbản\s+(?:sao|chụp|photo|phô\s*tô)\b", re.IGNORECASE)


def item_head(text: str) -> str | None:
    """``issued`` or ``own`` when the item starts with a known head noun, else None."""
    text = unicodedata.normalize("NFC", text)
    start = _BEFORE_HEAD.match(text).end()
    heads = [m for m in pipeline().match(text) if m.kind == "head" and start <= m.start <= start + 1]
    return heads[0].tag if heads else None


def _wording(text: str) -> tuple[str, re.Match | None]:
    """The item's words before the portal's quantity column ("sao y" read as a copy), and that column."""
    column = _QUANTITY.search(text)
    return _COPY_OF_ORIGINAL.sub("bản sao", text[: column.start()] if column else text), column


def stated_form(text: str) -> str | None:
    """``original`` or ``copy`` as the item's wording, else its quantity column, asks; None when neither says."""
    wording, column = _wording(unicodedata.normalize("NFC", text))
    if _ORIGINAL_WORDS.search(wording):
        return ORIGINAL
    if _COPY_WORDS.search(wording):
        return COPY
    if column is None:
        return None
    if int(column.group(1)) > 0:
        return ORIGINAL
    return COPY if column.group(2) and int(column.group(2)) > 0 else None


_CERTIFIED = re.compile(r"\b(?:chứng\s+thực|công\s+chứng)\b", re.IGNORECASE)


def asks_original_of_issued(text: str) -> bool:
    """The item's own words ask for the original (``bản chính``, ``bản gốc``) of a paper issued by someone else,
    with no copy or certified copy offered instead: ``a) Bản chính Giấy khai sinh;`` is ``original`` by
    DOMAIN.md's definition, whatever else it resembles. The quantity column alone does not count: the portal marks
    the applicant's own forms ``(1 bản chính)`` too."""
    text = unicodedata.normalize("NFC", text)
    if item_head(text) != ISSUED:
        return False
    wording, _ = _wording(text)
    return bool(_ORIGINAL_WORDS.search(wording)) and not _COPY_WORDS.search(wording) and not _CERTIFIED.search(wording)


# A lead-in that has the applicant show the papers listed after it: "… người đề nghị xuất trình các giấy tờ sau:",
# "… người lái xe phải mang theo các giấy tờ sau đây:".
_HANDED_IN = re.compile(r"\bnộp\b|\bbản\s+(?:sao|chụp)\b|\bchứng\s+thực\b|\bcông\s+chứng\b", re.IGNORECASE)
_PRESENTING_LEAD_IN = re.compile(r"\b(?:xuất\s+trình|mang\s+theo|mang\s+đủ)\b[^.;\n]*:\s*$", re.IGNORECASE)


def presented_under_lead_in(text: str, context: str) -> bool:
    """The item names a paper issued by someone else, with no form of its own, under a lead-in that has it
    shown (``b) Sổ hộ khẩu;`` under ``Người đề nghị xuất trình các giấy tờ sau:``): presenting is showing the
    original (DOMAIN.md: ``xuất trình``, ``mang theo … để đối chiếu``). An item that offers a copy keeps its own
    word."""
    text, context = unicodedata.normalize("NFC", text), unicodedata.normalize("NFC", context)
    shown = _PRESENTING_LEAD_IN.search(context)
    # "… xuất trình bản chính hoặc nộp bản sao có chứng thực các giấy tờ sau:", "… xuất trình giấy tờ tùy thân và
    # nộp các giấy tờ sau:": the list is handed in, or may be copies; the lead-in does not make it shown.
    if not shown or _HANDED_IN.search(shown.group(0)) or item_head(text) != ISSUED:
        return False
    wording, _ = _wording(text)
    return not _COPY_WORDS.search(wording) and not _CERTIFIED.search(wording)
