"""What the review desk prints: Vietnamese names, badges, and document text made safe to show.

Document text is untrusted: a clause may contain ``<script>`` or Markdown. It is shown only through
:func:`highlight` (HTML-escaped first, then ``<mark>`` added around evidence spans, rendered with ``st.html``),
or through ``st.text``/``st.code``; never through ``unsafe_allow_html``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from typing import Any

from reviewer.report.labels import (
    ACTION_NAMES,
    DECISION_NAMES,
    LABEL_NAMES,
    STATUS_NAMES,
    file_name,
    kind_name,
    sentence_case,
)

ROLE_NAMES = {
    "department": "Đơn vị (Sở, ngành)",
    "officer": "Chuyên viên pháp chế",
    "head": "Lãnh đạo đơn vị",
    "admin": "Quản trị hệ thống",
}
MODEL_BADGE = "Gợi ý của mô hình"
MODEL_ICON, HUMAN_ICON = ":material/smart_toy:", ":material/person:"

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$])")


def label_name(label: str) -> str:
    return LABEL_NAMES.get(label, label)


def status_name(status: str | None) -> str:
    return STATUS_NAMES.get(status or "", status or "—")


def action_name(action: str | None) -> str:
    return ACTION_NAMES.get(action or "", action or "—")


def decision_name(kind: str) -> str:
    return DECISION_NAMES.get(kind, kind)


def document_kind_name(kind: str | None) -> str:
    return kind_name(kind) or "Không xác định"


def md_escape(value: str) -> str:
    """Backslash-escape Markdown so that a user name or file name prints as itself in ``st.markdown``."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", value or "")


def decision_badge(reviewer: str | None) -> str:
    """The badge of a human decision; model suggestions carry :data:`MODEL_BADGE` instead."""
    return f"Quyết định của {md_escape(reviewer or 'người dùng')}"


def _span(item: Any) -> tuple[int, int, str] | None:
    if isinstance(item, Mapping):
        start, end, kind = item.get("start"), item.get("end"), item.get("kind", "")
    else:
        start, end, kind = getattr(item, "start", None), getattr(item, "end", None), getattr(item, "kind", "")
    if not isinstance(start, int) or not isinstance(end, int) or start >= end:
        return None
    return start, end, str(kind or "")


def highlight(text: str, evidence: Iterable[Any] = ()) -> str:
    """HTML of ``text`` with each evidence span in ``<mark>``; every piece of the text is escaped.

    Spans that overlap an earlier one or fall outside the text are dropped rather than breaking the markup.
    """
    spans = sorted(s for s in (_span(e) for e in evidence) if s is not None and s[1] <= len(text))
    pieces, cursor = [], 0
    for start, end, kind in spans:
        if start < cursor:
            continue
        pieces.append(html.escape(text[cursor:start]))
        css = "doc" if kind == "document" else "cue"
        pieces.append(f'<mark class="{css}">{html.escape(text[start:end])}</mark>')
        cursor = end
    pieces.append(html.escape(text[cursor:]))
    return "".join(pieces)


BOX_STYLE = (
    "<style>.rv-unit{font-family:inherit;white-space:pre-wrap;padding:.35rem .6rem;margin:.15rem 0;"
    "border-left:3px solid #d0d4dc;color:#555}.rv-unit.current{border-left:4px solid #c0392b;color:#111;"
    "background:#fff8f0}.rv-cite{font-size:.8rem;color:#777}mark.cue{background:#ffe28a}"
    "mark.doc{background:#b8e0ff}</style>"
)


def unit_box(citation: str, text: str, evidence: Iterable[Any] = (), current: bool = False) -> str:
    """One clause unit as an escaped HTML block (citation above, text with highlighted evidence)."""
    css = "rv-unit current" if current else "rv-unit"
    return (
        f'<div class="{css}"><div class="rv-cite">{html.escape(citation or "")}</div>'
        f"{highlight(text, evidence if current else ())}</div>"
    )


# -- how the desk names a finding ----------------------------------------------------------------------------

_SHORT_TITLE = 48


def document_short_name(number: str | None, kind: str | None, title: str | None, source: str) -> str:
    """How the desk names a document in one line: 'Luật Cư trú 68/2020/QH14', 'Nghị định 104/2022/NĐ-CP'.

    A law is known by its title, a decree or decision by its type and số hiệu; without either, the file name.
    """
    number, kind = (number or "").strip(), (kind or "").strip()
    title = sentence_case(" ".join((title or "").split()))
    if kind.lower() in ("luật", "bộ luật") and title and len(title) <= _SHORT_TITLE:
        named = title if title.lower().startswith(kind.lower()) else f"{kind} {title}"
        return f"{named} {number}".strip()
    if kind.lower().startswith("thủ tục") and title and len(title) <= _SHORT_TITLE:
        # A published procedure carries the số hiệu of the decision that published it: its name says more.
        return f"{title} ({number})" if number else title
    if number:
        return f"{kind} {number}".strip()
    if title:
        return title if len(title) <= _SHORT_TITLE else title[: _SHORT_TITLE - 1].rstrip() + "…"
    return file_name(source)


def finding_name(citation: str | None, document: str) -> str:
    """'điểm a khoản 2 Điều 21 — Luật Cư trú 68/2020/QH14': a finding as an officer would cite it."""
    return f"{citation or '(không có trích dẫn)'} — {document}"


# -- refusals in Vietnamese ----------------------------------------------------------------------------------
# The library says why it refuses in English (for logs and the command line); the desk shows these instead.
# Each pattern matches a reason the library raises (tests/ui/test_desk_texts.py checks that every reason in
# the code that reaches the desk has one); groups are passed to the template.

_ACTIONS = {
    "confirm": "xác nhận",
    "edit": "sửa và xác nhận",
    "reject": "từ chối",
    "approve": "phê duyệt",
    "return": "trả lại",
    "undo": "hoàn tác",
}
_ROLE_ACTIONS: list[tuple[str, str]] = [
    (r"see documents of (.+)", "xem văn bản của {0}"),
    (r"decide proposals of (.+)", "quyết định phương án của {0}"),
    (r"(\w+) proposals", "{action0} phương án"),
    (r"manage users", "quản lý tài khoản"),
    (r"change another user's password", "đổi mật khẩu của tài khoản khác"),
    (r"scan documents", "tải lên hoặc quét văn bản"),
    (r"run a batch scan", "quét hàng loạt"),
    (r"draft proposals", "soạn phương án"),
    (r"undo decisions", "hoàn tác quyết định"),
    (r"read the audit log", "xem nhật ký thao tác"),
    (r"switch the model", "chuyển mô hình phân loại"),
    (r"upload documents", "tải văn bản lên"),
    (r"retrain the model", "huấn luyện lại mô hình"),
]
_FORMATS = {"pdf": "PDF", "docx": "DOCX", "doc": "DOC", "text": "văn bản thuần", "procedure": "thủ tục"}

REASONS: list[tuple[str, str]] = [
    # accounts and permissions
    (r"the account is disabled", "tài khoản đã bị khóa"),
    (r"wrong user name or password", "sai tên đăng nhập hoặc mật khẩu"),
    (r"a password needs at least (\d+) characters", "mật khẩu cần ít nhất {0} ký tự"),
    (r"a password must not be the user name", "mật khẩu không được trùng tên đăng nhập"),
    (r"unknown role .+", "vai trò không hợp lệ"),
    (r"an? (\w+) user needs a department", "tài khoản vai trò {role0} cần có đơn vị"),
    (r"empty password", "mật khẩu không được để trống"),
    (r"a user with this name already exists", "tên đăng nhập này đã có"),
    (r"no such user.*", "không có tài khoản này"),
    # decisions
    (r"no such document", "không tìm thấy văn bản (có thể đã bị xóa hoặc thay thế)"),
    (r"no such finding", "không tìm thấy phát hiện (có thể văn bản đã được quét lại)"),
    (r"no such proposal", "không tìm thấy phương án (có thể văn bản đã được quét lại)"),
    (r"unknown decision .+", "loại quyết định không hợp lệ"),
    (r"an edit needs the new proposal text", "«Sửa rồi xác nhận» cần nội dung phương án mới; ô nội dung đang trống"),
    (r"returning a proposal needs a reason", "trả lại phương án cần ghi ý kiến"),
    (r"rejecting a proposal needs a reason", "từ chối cần chọn lý do"),
    (r"cannot (\w+) a proposal that is (\w+)", "không thể {action0} phương án đang ở trạng thái «{status1}»"),
    (r"no decision left to undo", "không còn quyết định nào của bạn để hoàn tác"),
    (r"a label is chosen when confirming, not on (\w+)", "chỉ chọn nhãn khi xác nhận, không chọn khi {action0}"),
    (
        r"the action is chosen when editing a proposal, not on (\w+)",
        "chỉ chọn phương án khi sửa, không chọn khi {action0}",
    ),
    (r"unknown action .+", "phương án không hợp lệ"),
    (
        r"it already has a proposal: confirm it with the right label instead",
        "khoản này đã có phương án: hãy xác nhận phương án đó với nhãn đúng",
    ),
    (
        r"someone drafted a proposal for it meanwhile; open it again",
        "người khác vừa soạn phương án cho khoản này; hãy mở lại",
    ),
    (
        r"unknown finding label (.+); reject a unit that is none",
        "nhãn này không dùng để xác nhận; khoản không phải yêu cầu giấy tờ thì hãy bấm «Từ chối» và chọn lý do",
    ),
    (
        r"changed since you opened it.*",
        "phương án đã thay đổi trong lúc bạn xem; quyết định của bạn chưa được ghi, hãy xem lại",
    ),
    (
        r"someone else decided it first",
        "người khác vừa quyết định phương án này trước; quyết định của bạn chưa được ghi",
    ),
    (
        r"its document was re-scanned; decide on the new version.*",
        "văn bản vừa được quét lại; quyết định của bạn chưa được ghi, hãy quyết định trên phiên bản mới",
    ),
    (
        r"decided again since your last decision; not undone",
        "không hoàn tác được: phương án đã được quyết định lại sau quyết định của bạn",
    ),
    (r"unknown order .+", "cách sắp xếp không hợp lệ"),
    (r"unknown export format .+", "định dạng xuất không hỗ trợ (chọn DOCX, CSV hoặc XLSX)"),
    # the store
    (r"cannot open the database.*", "không mở được cơ sở dữ liệu; hãy báo quản trị hệ thống"),
    (
        r"more predictions or proposals than units|a proposal for unit .+ has no prediction",
        "lỗi nội bộ khi lưu kết quả đọc văn bản; hãy báo quản trị hệ thống",
    ),
    # admin tools
    (r"not a model folder.*", "thư mục này không chứa mô hình phân loại"),
    (r"no such file or folder.*", "không có tệp hoặc thư mục này trên máy chủ"),
    (
        r"outside the scan folders: (.+)",
        "trang này chỉ quét các thư mục {0} (cài đặt scan_roots) và thư mục con của chúng",
    ),
    # reading an uploaded file
    (r"the file is empty", "tệp rỗng"),
    (r"not a regular file", "không phải tệp thông thường"),
    (r"(.+?) MB exceeds the limit of (.+?) MB", "tệp {0} MB, vượt giới hạn {1} MB"),
    (r"(.+?) bytes is over the limit of (.+?) bytes", "tệp quá lớn ({0} byte, giới hạn {1} byte)"),
    (r"(.+?) pages is over the limit of (.+?) pages", "tệp có {0} trang, vượt giới hạn {1} trang"),
    (r"the PDF is password-protected", "tệp PDF có mật khẩu; hãy gỡ mật khẩu rồi tải lên lại"),
    (r"corrupt or truncated PDF.*|corrupt PDF.*", "tệp PDF bị hỏng hoặc không trọn vẹn"),
    (r"cannot open the PDF.*", "không mở được tệp PDF"),
    (r"the PDF has no pages", "tệp PDF không có trang nào"),
    (r"page (.+?) cannot be (?:loaded|rendered).*", "không đọc được trang {0} của tệp PDF"),
    (
        r"the PDF has no text layer and OCR is turned off",
        "tệp PDF là bản quét (không có lớp chữ) và chức năng nhận dạng chữ đang tắt",
    ),
    (r"no text found, even after OCR", "không tìm thấy chữ trong tệp, kể cả sau khi nhận dạng chữ (OCR)"),
    (r"no text found in the PDF", "không tìm thấy chữ trong tệp PDF"),
    (r"scanned PDF needs OCR but .+ not installed", "bản quét cần nhận dạng chữ nhưng máy chủ chưa cài tesseract"),
    (r"Tesseract has no Vietnamese model.*", "máy chủ chưa cài gói nhận dạng chữ tiếng Việt cho tesseract"),
    (r"cannot run tesseract.*", "máy chủ không chạy được chương trình nhận dạng chữ (tesseract)"),
    (r"tesseract failed on page (.+?)(?: \(.*|:.*)?", "nhận dạng chữ thất bại ở trang {0}"),
    (r"the OCR worker processes failed.*", "nhận dạng chữ thất bại"),
    (r"corrupt or truncated (?:DOCX|ZIP/DOCX file).*|corrupt DOCX.*", "tệp DOCX bị hỏng hoặc không trọn vẹn"),
    (r"the Word document contains no text", "văn bản Word không có chữ"),
    (
        r"LibreOffice could not convert the \.doc file.*|antiword could not read the \.doc file.*",
        "không chuyển đổi được tệp .doc (tệp hỏng hoặc không trọn vẹn?)",
    ),
    (r"(?:LibreOffice|antiword) took over (.+?) s", "chuyển đổi tệp .doc quá lâu (hơn {0} giây)"),
    (
        r"cannot run LibreOffice.*|reading \.doc needs LibreOffice.*",
        "máy chủ thiếu công cụ đọc tệp .doc (LibreOffice hoặc antiword)",
    ),
    (r"internal error reading the (\w+) file.*", "lỗi nội bộ khi đọc tệp {format0}"),
    (r"a library needed to read (\w+) files is missing.*", "máy chủ thiếu thư viện đọc tệp {format0}"),
    (r"the file needs more memory than is available", "tệp cần nhiều bộ nhớ hơn máy chủ hiện có"),
    (r"cannot (?:read|open)(?: the)?(?: (\w+))? file.*|cannot open \(.*", "không đọc được tệp"),
    (r"the text file contains no text", "tệp văn bản không có chữ"),
    (
        r"binary content, not text.*",
        "tệp không phải văn bản mà là dữ liệu nhị phân (tệp khóa của Word, cơ sở dữ liệu, chương trình?)",
    ),
    (r"a procedure record needs at least 'ma_thu_tuc'", "bản ghi thủ tục hành chính thiếu mã thủ tục"),
    (r"not a JSON object.*", "dòng dữ liệu thủ tục hành chính không đúng định dạng JSON"),
    (r"an OLE2 file without a Word document stream.*", "tệp Office cũ nhưng không phải văn bản Word (.doc)"),
    (r"a ZIP archive that is not a Word \(\.docx\) document", "tệp nén ZIP, không phải văn bản Word (.docx)"),
    (
        r"binary content \(image, archive or program\), not a document",
        "tệp ảnh, tệp nén hoặc chương trình, không phải văn bản",
    ),
    (r"binary content of an unknown format", "tệp có định dạng không xác định, không phải văn bản"),
    # the batch scan: why it refused a file (stored with the file, shown in the documents list), and its summary
    (r"unreadable", "không đọc được tệp"),
    (r"out of memory while reading", "máy chủ hết bộ nhớ khi đọc tệp này"),
    (
        r"the reader process died while reading .+",
        "tiến trình đọc tệp bị dừng đột ngột khi đọc tệp này (tệp hỏng hoặc máy chủ thiếu bộ nhớ)",
    ),
    (
        r"a reading process died before reading any file.*",
        "tiến trình đọc tệp bị dừng trước khi đọc được tệp nào (thiếu bộ nhớ hoặc bị dừng); hãy quét lại",
    ),
    (r"a reading process died before reading.*", "tiến trình đọc tệp bị dừng đột ngột; hãy quét lại"),
    (r"internal error while reading.*", "lỗi nội bộ khi đọc tệp; hãy báo quản trị hệ thống"),
    (r"internal error while classifying.*", "lỗi nội bộ khi phân loại nội dung tệp; hãy báo quản trị hệ thống"),
    (r"unknown engine; choose one of .+", "cách chạy quét không hợp lệ"),
    (r"Ray is not installed.*", "máy chủ chưa cài Ray để quét trên nhiều máy; hãy báo quản trị hệ thống"),
    (r"(\d+) excluded by name \(not documents\): (.*)", "{0} tệp, thư mục bị loại theo tên (không phải văn bản): {1}"),
]
_COMPILED = [(re.compile(rf"^(?:{pattern})$", re.DOTALL), template) for pattern, template in REASONS]
_ROLE_REFUSAL = re.compile(r"^an? (\w+) user may not (.+)$", re.DOTALL)
_COMPILED_ROLE_ACTIONS = [(re.compile(rf"^(?:{pattern})$"), template) for pattern, template in _ROLE_ACTIONS]


def _fill(template: str, groups: tuple[str | None, ...]) -> str:
    plain = [group or "" for group in groups]
    named: dict[str, str] = {}
    for i, group in enumerate(plain):
        named[f"action{i}"] = _ACTIONS.get(group, group)
        named[f"status{i}"] = status_name(group)
        named[f"role{i}"] = ROLE_NAMES.get(group, group)
        named[f"format{i}"] = _FORMATS.get(group.lower(), group.upper())
    return template.format(*plain, **named)


def reason_text(reason: str | None) -> str | None:
    """The Vietnamese for a refusal reason the library gives, or None when there is none for it."""
    reason = (reason or "").strip()
    refusal = _ROLE_REFUSAL.match(reason)
    if refusal:
        role, what = refusal.groups()
        for pattern, template in _COMPILED_ROLE_ACTIONS:
            found = pattern.match(what)
            if found:
                return f"vai trò {ROLE_NAMES.get(role, role)} không được {_fill(template, found.groups())}"
        return f"vai trò {ROLE_NAMES.get(role, role)} không được thực hiện thao tác này"
    for pattern, template in _COMPILED:
        found = pattern.match(reason)
        if found:
            return _fill(template, found.groups())
    return None


def scan_summary_lines(summary: Any, max_refused: int = 20) -> list[str]:
    """What a batch scan did, in Vietnamese (``ScanSummary.lines`` is the command line's English)."""
    by_label = ", ".join(f"{label_name(label)} {n}" for label, n in sorted(summary.by_label.items()))
    lines = [
        f"Tìm thấy {summary.inputs} văn bản: đã đọc {summary.read}, bỏ qua {summary.skipped} (không đổi), "
        f"{summary.duplicates} trùng nội dung, {len(summary.refused)} bị từ chối",
        f"{summary.pages} trang, {summary.units} khoản, điểm; {summary.findings} phát hiện"
        + (f" ({by_label})" if by_label else ""),
        f"Thời gian: {summary.wall_seconds:.1f} giây",
    ]
    if getattr(summary, "excluded", None):
        lines.append(f"{len(summary.excluded)} tệp, thư mục bị loại theo tên (không phải văn bản)")
    if getattr(summary, "outside", None):
        lines.append(f"{len(summary.outside)} tệp bị bỏ qua: liên kết trỏ ra ngoài thư mục được phép quét")
    for source, reason in summary.refused[:max_refused]:
        lines.append(f"Bị từ chối: {source.replace(chr(92), '/').rsplit('/', 1)[-1]}: {reason_text(reason) or reason}")
    if len(summary.refused) > max_refused:
        lines.append(f"… và {len(summary.refused) - max_refused} tệp khác bị từ chối (xem danh sách văn bản)")
    still = getattr(summary, "still_refused", [])
    for source, reason in still[:max_refused]:
        name = source.replace(chr(92), "/").rsplit("/", 1)[-1]
        lines.append(f"Vẫn bị từ chối (chưa sửa từ lần quét trước): {name}: {reason_text(reason) or reason}")
    if len(still) > max_refused:
        lines.append(f"… và {len(still) - max_refused} tệp khác vẫn bị từ chối")
    return lines
