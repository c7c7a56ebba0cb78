"""Vietnamese names for what the exports print: labels, actions, statuses, decisions, document kinds."""

from __future__ import annotations

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


def _sentence_case(title: str) -> str:
    # Titles copied from front matter are often all caps ("CƯ TRÚ"); a heading reads better as "Cư trú".
    if title.isupper():
        title = title.lower()
        return title[:1].upper() + title[1:]
    return title


def document_heading(row: ExportRow) -> str:
    """How a report names a document: 'Luật Cư trú số 68/2020/QH14', 'Nghị định số 62/2021/NĐ-CP quy định …'."""
    kind = (row.document_type or "").strip()
    title = _sentence_case(" ".join((row.document_title or "").split()))
    number = (row.document_number or "").strip()
    if not title and not number:
        return row.document_source
    if not title:
        return f"{kind or 'Văn bản'} số {number}"
    if kind.lower() in ("luật", "bộ luật"):
        named = title if title.lower().startswith(kind.lower()) else f"{kind} {title}"
        return f"{named} số {number}" if number and number not in named else named
    # A published procedure's title already says what it is ("Thủ tục đăng ký lại khai sinh").
    if not kind or title.lower().startswith(kind.lower()) or kind.lower().startswith("thủ tục"):
        return f"{title} ({number})" if number and number not in title else title
    lowered = title[:1].lower() + title[1:]
    return f"{kind} số {number} {lowered}" if number else f"{kind} {lowered}"
