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

from reviewer.report.labels import ACTION_NAMES, DECISION_NAMES, LABEL_NAMES, STATUS_NAMES, kind_name

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
