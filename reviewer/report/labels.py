"""Vietnamese names for what the exports print: labels, actions, statuses, decisions, document kinds."""

from __future__ import annotations

import re
import unicodedata

from reviewer.propose import default_rules
from reviewer.store import ExportRow

LABEL_NAMES = {
    "certified_copy": "Bản sao có chứng thực",
    "original": "Bản chính",
    "copy": "Bản sao",
    "paper_document": "Đơn, tờ khai, giấy tờ",
    "none": "Không phải yêu cầu giấy tờ",
}
ACTION_NAMES = {
    "abolish": "Bãi bỏ",
    "database_lookup": "Khai thác cơ sở dữ liệu",
    "electronic_copy": "Chấp nhận bản điện tử",
    "electronic_form": "Biểu mẫu điện tử",
    "drop_certification": "Bỏ yêu cầu chứng thực",
    "keep": "Giữ nguyên",
}
STATUS_NAMES = {
    "pending": "Chưa xử lý",
    "confirmed": "Đã xác nhận",
    "rejected": "Đã từ chối",
    "approved": "Đã phê duyệt",
    "returned": "Trả lại",
}
DECISION_NAMES = {
    "confirm": "Xác nhận",
    "edit": "Sửa và xác nhận",
    "reject": "Từ chối",
    "approve": "Phê duyệt",
    "return": "Trả lại",
    "undo": "Hoàn tác",
}


_UNDO_REASON = re.compile(r"undo decision \d+ \((\w+)\)")


def reason_text(row: ExportRow) -> str:
    """A decision's reason as the report prints it: an undo's own note ("undo decision 7 (reject)", kept so in
    the store and the CSV for the audit) reads as the decision it took back."""
    undone = _UNDO_REASON.fullmatch(row.reason or "") if row.decision == "undo" else None
    if undone:
        return f"Hoàn tác quyết định «{DECISION_NAMES.get(undone.group(1), undone.group(1))}»"
    return row.reason or ""


def kind_name(kind: str | None) -> str:
    if not kind:
        return ""
    spec = default_rules().kinds.get(kind) or {}
    name = spec.get("name", kind)
    return name[:1].upper() + name[1:]


def paper_cell(row: ExportRow) -> str:
    """'Sổ hộ khẩu (bản sao)': the kind of paper and the form asked for."""
    form = LABEL_NAMES.get(row.label, row.label)
    name = kind_name(row.document_kind)
    if not name:
        return form
    if row.label == "paper_document":
        return name
    return f"{name} ({form[:1].lower() + form[1:]})"


# Proper names that keep their capitals when an all-caps title is lowered ("QUỐC TỊCH VIỆT NAM").
_PROPER_NAMES = (
    "Việt Nam",
    "Quốc hội",
    "Chính phủ",
    "Nhà nước",
    "Hà Nội",
    "Hồ Chí Minh",
    "Công an nhân dân",
    "Quân đội nhân dân",
    "Mặt trận Tổ quốc",
    "Đảng Cộng sản",
)
_PROPER = re.compile(r"\b(?:" + "|".join(re.escape(name.lower()) for name in _PROPER_NAMES) + r")\b")
_PROPER_CASED = {name.lower(): name for name in _PROPER_NAMES}


def file_name(source: str) -> str:
    """A document's file name (or portal record, "procedures.jsonl#1.000178") without the folders it sits in on
    the server: what users see of a path."""
    return source.replace("\\", "/").rsplit("/", 1)[-1]


def sentence_case(title: str) -> str:
    # Titles copied from front matter are often all caps ("CƯ TRÚ"); a heading reads better as "Cư trú".
    if title.isupper():
        title = _PROPER.sub(lambda found: _PROPER_CASED[found.group()], title.lower())
        return title[:1].upper() + title[1:]
    return title


# The document type a số hiệu names by its suffix ("23/2018/NĐ-CP" is a Nghị định). "/QH14" is left out on
# purpose: laws and the National Assembly's resolutions share it.
_TYPE_BY_NUMBER = (
    (re.compile(r"/NĐ-", re.IGNORECASE), "Nghị định"),
    (re.compile(r"/TTLT-", re.IGNORECASE), "Thông tư liên tịch"),
    (re.compile(r"/TT-", re.IGNORECASE), "Thông tư"),
    (re.compile(r"/QĐ-", re.IGNORECASE), "Quyết định"),
    (re.compile(r"/NQ-", re.IGNORECASE), "Nghị quyết"),
    (re.compile(r"/CT-", re.IGNORECASE), "Chỉ thị"),
)
# Issuers printed as the front matter has them, all caps, and how a citation names them.
_ISSUERS = {
    "CHÍNH PHỦ": "Chính phủ",
    "QUỐC HỘI": "Quốc hội",
    "THỦ TƯỚNG CHÍNH PHỦ": "Thủ tướng Chính phủ",
    "ỦY BAN THƯỜNG VỤ QUỐC HỘI": "Ủy ban Thường vụ Quốc hội",
    "UỶ BAN THƯỜNG VỤ QUỐC HỘI": "Ủy ban Thường vụ Quốc hội",
    # The one ministry whose official name capitalises a second word.
    "BỘ CÔNG THƯƠNG": "Bộ Công Thương",
    "NGÂN HÀNG NHÀ NƯỚC VIỆT NAM": "Ngân hàng Nhà nước Việt Nam",
}
# Names typed in mixed case but not as the official name has them ("Bộ Công thương"), by their folded form.
_OFFICIAL_NAMES = {name.casefold(): name for name in _ISSUERS.values()}


def type_from_number(number: str | None) -> str | None:
    """'Nghị định' for '23/2018/NĐ-CP', None when the số hiệu does not say."""
    for pattern, kind in _TYPE_BY_NUMBER:
        if number and pattern.search(number):
            return kind
    return None


def issuer_name(issuer: str | None) -> str | None:
    """The issuer as a citation prints it ('của Bộ Công an'), or None when it cannot be cased safely."""
    issuer = " ".join(unicodedata.normalize("NFC", issuer or "").split())
    if not issuer:
        return None
    if issuer.casefold() in _OFFICIAL_NAMES:
        return _OFFICIAL_NAMES[issuer.casefold()]
    if not issuer.isupper():
        return issuer
    if issuer in _ISSUERS:
        return _ISSUERS[issuer]
    words = issuer.split()
    # "BỘ CÔNG AN" -> "Bộ Công an": a ministry's name capitalises its first word only. Compound names
    # ("BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI") and local bodies (place names) cannot be cased by rule.
    if words[0] == "BỘ" and len(words) > 1 and "-" not in words and "VÀ" not in words:
        rest = " ".join(words[1:]).lower()
        return f"Bộ {rest[:1].upper()}{rest[1:]}"
    return None


def _date_vn(iso: str | None) -> str | None:
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", iso or "")
    return f"{match[3]}/{match[2]}/{match[1]}" if match else None


def document_heading(row: ExportRow, issuer: str | None = None, date: str | None = None) -> str:
    """How a report names a document, as a legal officer cites it.

    'Luật Cư trú số 68/2020/QH14', 'Nghị định số 23/2018/NĐ-CP ngày 23/02/2018 của Chính phủ quy định về …'.
    ``issuer`` and ``date`` (ISO) come from the document's metadata when known; the type is read from the số
    hiệu when the metadata lacks it. The file name is used only when neither số hiệu nor title is known.
    """
    number = (row.document_number or "").strip()
    kind = (row.document_type or "").strip() or type_from_number(number) or ""
    title = sentence_case(" ".join((row.document_title or "").split()))
    if not title and not number:
        return file_name(row.document_source)
    if kind.lower() in ("luật", "bộ luật") and title:
        named = title if title.lower().startswith(kind.lower()) else f"{kind} {title}"
        return f"{named} số {number}" if number and number not in named else named
    # A published procedure's title already says what it is ("Thủ tục đăng ký lại khai sinh").
    if title and (not kind or title.lower().startswith(kind.lower()) or kind.lower().startswith("thủ tục")):
        return f"{title} ({number})" if number and number not in title else title
    parts = [kind or "Văn bản"]
    if number:
        parts.append(f"số {number}")
    when, by = _date_vn(date), issuer_name(issuer)
    if when:
        parts.append(f"ngày {when}")
    if by:
        parts.append(f"của {by}")
    if title:
        parts.append(title[:1].lower() + title[1:])
    return " ".join(parts)
