"""The review queue: findings waiting for a decision, one page at a time, least certain first.

Decisions run in button callbacks whose arguments are bound when the page is drawn: the proposal version the
officer saw goes to ``api.decide``, so a decision someone else made in between is a conflict, not an overwrite.
"""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from reviewer import api
from reviewer.classify.data import FINDING_LABELS, LABELS
from reviewer.errors import DecisionConflict, ReviewerError
from reviewer.store import PROPOSAL_STATUSES, UNSURE_NONE_BELOW, FindingDetail, FindingRow, Store, User

from .common import error_message, flash, show_error, when
from .services import document_context, labelled_examples
from .texts import (
    BOX_STYLE,
    HUMAN_ICON,
    MODEL_BADGE,
    MODEL_ICON,
    action_name,
    decision_badge,
    decision_name,
    document_kind_name,
    highlight,
    label_name,
    status_name,
    unit_box,
)

PAGE_SIZE = 20
ALL = "__all__"
ORDERS = {
    "least_certain": "Ít chắc chắn trước",
    "most_certain": "Chắc chắn nhất trước",
    "position": "Theo văn bản, thứ tự điều khoản",
    "newest": "Mới nhất trước",
}
REJECT_REASONS = (
    "Không phải yêu cầu giấy tờ đối với người dân, doanh nghiệp",
    "Giấy tờ do cơ quan nhà nước tự lập hoặc tự kiểm tra",
    "Chỉ quy định cách thức nộp hồ sơ",
    "Cần giữ nguyên theo quy định chuyên ngành",
    "Khác (ghi rõ bên dưới)",
)
SHORTCUTS = {"confirm": "X", "reject": "T", "next": "N", "undo": "U"}
DECIDERS = ("officer", "head")


def _reset_page() -> None:
    st.session_state["q_page"] = 1


def open_queue(
    department: str | None = None, status: str | None = None, label: str | None = None, page: str = "queue"
) -> None:
    """Point the queue (or the read-only ``follow`` page) at a department, status or label; call in a callback."""
    st.session_state["q_department"] = department or ALL
    st.session_state["q_status"] = status or ALL
    st.session_state["q_labels"] = [label] if label else []
    st.session_state["q_document"] = ALL
    st.session_state["q_page"] = 1
    st.session_state["nav"] = page


def _show_doubtful() -> None:
    """Units the model called ``none`` without conviction: where a missed paper requirement would hide."""
    st.session_state["q_labels"] = ["none"]
    st.session_state["q_confidence"] = (0.0, float(UNSURE_NONE_BELOW))
    st.session_state["q_status"] = ALL
    st.session_state["q_order"] = "least_certain"
    st.session_state["q_page"] = 1


def _filters(store: Store, user: User, default_status: str) -> dict:
    st.session_state.setdefault("q_status", default_status)
    with st.expander("Bộ lọc", expanded=False):
        c1, c2, c3 = st.columns(3)
        departments = api.list_departments(store, user)
        if user.department is None:
            options = [ALL, *departments]
            if st.session_state.get("q_department", ALL) not in options:
                st.session_state["q_department"] = ALL
            department = c1.selectbox(
                "Đơn vị",
                options,
                key="q_department",
                format_func=lambda d: "Tất cả đơn vị" if d == ALL else d,
                on_change=_reset_page,
            )
        else:
            department = user.department
            c1.text_input("Đơn vị", value=department, disabled=True)
        scope = None if department == ALL else department
        documents = {d.id: d for d in api.list_documents(store, user, scope, status="scanned")}
        doc_options = [ALL, *documents]
        if st.session_state.get("q_document", ALL) not in doc_options:
            st.session_state["q_document"] = ALL
        document = c2.selectbox(
            "Văn bản",
            doc_options,
            key="q_document",
            format_func=lambda d: "Tất cả văn bản" if d == ALL else _document_name(documents[d]),
            on_change=_reset_page,
        )
        status = c3.selectbox(
            "Trạng thái",
            [ALL, *PROPOSAL_STATUSES],
            key="q_status",
            format_func=lambda s: "Tất cả trạng thái" if s == ALL else status_name(s),
            on_change=_reset_page,
        )
        c4, c5, c6 = st.columns(3)
        labels = c4.multiselect(
            "Nhãn",
            list(LABELS),
            key="q_labels",
            format_func=label_name,
            on_change=_reset_page,
            placeholder="Tất cả nhãn",
        )
        low, high = c5.slider("Độ tin cậy", 0.0, 1.0, (0.0, 1.0), step=0.05, key="q_confidence", on_change=_reset_page)
        order = c6.selectbox("Sắp xếp", list(ORDERS), key="q_order", format_func=ORDERS.get, on_change=_reset_page)
        search = st.text_input("Tìm trong nội dung, trích dẫn", key="q_search", on_change=_reset_page)
        st.button(
            "Khoản có thể bị bỏ sót",
            key="q_doubtful",
            on_click=_show_doubtful,
            help=f"Khoản mô hình cho là không có yêu cầu giấy tờ nhưng độ tin cậy dưới {UNSURE_NONE_BELOW:.1f}",
        )
    filters: dict = {"department": scope, "order": order}
    if document != ALL:
        filters["document_id"] = document
    if status != ALL:
        filters["status"] = status
    if labels:
        filters["label"] = labels
    if low > 0.0:
        filters["min_score"] = low
    if high < 1.0:
        filters["max_score"] = high
    if search.strip():
        filters["search"] = search.strip()
    return filters


def _document_name(document) -> str:
    title = document.title or document.source
    return f"{document.number} — {title}" if document.number else title


def _table(rows: list[FindingRow]) -> None:
    frame = pd.DataFrame(
        [
            {
                "#": r.id,
                "Trích dẫn": r.citation,
                "Văn bản": r.document_number or r.document_source,
                "Nhãn": label_name(r.label),
                "Độ tin cậy": round(r.score, 2),
                "Trạng thái": status_name(r.proposal.status if r.proposal else None),
                "Nguồn": "Gợi ý của mô hình" if r.proposal is None or r.proposal.status == "pending" else "Quyết định",
                "Nội dung": r.text[:120],
            }
            for r in rows
        ]
    )
    st.dataframe(frame, hide_index=True, width="stretch", height=min(38 + 35 * len(rows), 300))


def render_queue(store: Store, user: User, can_decide: bool | None = None) -> None:
    can_decide = user.role in DECIDERS if can_decide is None else can_decide
    st.header("Hàng chờ rà soát" if can_decide else "Theo dõi phát hiện")
    _show_conflict()
    filters = _filters(store, user, "pending" if can_decide else ALL)
    order = filters.pop("order")
    try:
        total = api.count_findings(store, user, **filters)
    except ReviewerError as error:
        show_error(error)
        return
    pages = max(1, math.ceil(total / PAGE_SIZE))
    st.session_state["q_page"] = min(max(1, int(st.session_state.get("q_page", 1))), pages)
    top = st.columns([3, 1])
    top[0].markdown(f"**{total}** phát hiện · trang {st.session_state['q_page']}/{pages}")
    page = top[1].number_input("Trang", 1, pages, key="q_page", label_visibility="collapsed")
    rows = api.list_findings(store, user, order=order, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE, **filters)
    if can_decide:
        _undo_button(store, user)
    if not rows:
        st.info("Không có phát hiện nào khớp bộ lọc.")
        return
    with st.expander(f"Danh sách trang này ({len(rows)})"):
        _table(rows)
    ids = [r.id for r in rows]
    st.session_state["q_ids"] = ids
    if st.session_state.get("q_pick") not in ids:
        st.session_state["q_pick"] = ids[0]
    by_id = {r.id: r for r in rows}
    pick, step = st.columns([5, 1], vertical_alignment="bottom")
    picked = pick.selectbox(
        "Phát hiện đang xem",
        ids,
        key="q_pick",
        format_func=lambda i: f"#{i} · {by_id[i].citation} · {label_name(by_id[i].label)} ({by_id[i].score:.2f})",
    )
    step.button(
        "Tiếp theo",
        icon=":material/arrow_forward:",
        key="q_next",
        on_click=_next,
        args=(pages,),
        shortcut=SHORTCUTS["next"],
        help="Phím tắt: N",
    )
    try:
        detail = api.get_finding(store, user, picked)
    except ReviewerError as error:
        show_error(error)
        return
    render_finding(store, user, detail, can_decide)


def _next(pages: int) -> None:
    ids = st.session_state.get("q_ids") or []
    current = st.session_state.get("q_pick")
    st.session_state.pop("q_conflict", None)
    if current in ids and ids.index(current) + 1 < len(ids):
        st.session_state["q_pick"] = ids[ids.index(current) + 1]
    elif st.session_state.get("q_page", 1) < pages:
        st.session_state["q_page"] = st.session_state.get("q_page", 1) + 1
        st.session_state.pop("q_pick", None)


def _show_conflict() -> None:
    # Shown once, on the run that follows the refused click; the card below already shows the new state.
    message = st.session_state.pop("q_conflict", None)
    if message:
        st.warning(message, icon="⚠️")


def render_finding(store: Store, user: User, detail: FindingDetail, can_decide: bool) -> None:
    row, proposal = detail.row, detail.row.proposal
    st.html(BOX_STYLE)
    with st.container(border=True):
        title = row.document_title or row.document_source
        st.subheader(row.citation or "(không có trích dẫn)")
        page = f" · trang {row.page}" if row.page else ""  # Word files have no pages
        st.caption(f"{row.document_number or ''} {title} · {row.department or ''}{page}")
        standing = [d for d in detail.decisions if d.kind != "undo"]
        if proposal is None or proposal.status == "pending":
            st.badge(MODEL_BADGE, icon=MODEL_ICON, color="violet")
        else:
            last = detail.decisions[-1] if detail.decisions else None
            st.badge(decision_badge(last.reviewer if last else None), icon=HUMAN_ICON, color="green")
            if last is not None:
                st.caption(f"{decision_name(last.kind)} · {status_name(proposal.status)} · {when(last.at)}")
        left, right = st.columns([3, 2])
        with left:
            st.markdown("**Điều khoản trong ngữ cảnh** (bằng chứng được tô sáng)")
            context = document_context(store, user, row)
            if row.context and not any(c.text == row.context for c in context):
                st.html(unit_box("Dẫn nhập", row.context))
            st.html(
                "".join(
                    unit_box(c.citation, c.text, detail.evidence if c.id == row.id else (), current=c.id == row.id)
                    for c in context
                )
            )
        with right:
            st.markdown(f"**Mô hình đề xuất nhãn:** {label_name(row.label)} — độ tin cậy {row.score:.2f}")
            if detail.scores:
                st.dataframe(
                    pd.DataFrame(
                        {
                            "Nhãn": [label_name(k) for k in LABELS],
                            "Xác suất": [detail.scores.get(k, 0.0) for k in LABELS],
                        }
                    ),
                    hide_index=True,
                    column_config={
                        "Xác suất": st.column_config.ProgressColumn(
                            "Xác suất", min_value=0.0, max_value=1.0, format="%.2f"
                        )
                    },
                )
            if proposal is not None:
                st.markdown(f"**Giấy tờ phải nộp:** {document_kind_name(proposal.document_kind)}")
                st.markdown(f"**Phương án:** {action_name(proposal.action)}")
                st.text(proposal.text)
                if proposal.legal_basis:
                    st.markdown("**Căn cứ pháp lý:**")
                    st.text("\n".join(f"• {basis}" for basis in proposal.legal_basis))
                if proposal.data_source:
                    st.caption(f"Nguồn dữ liệu: {proposal.data_source}")
        _examples(detail)
        if standing or detail.decisions:
            with st.expander(f"Lịch sử quyết định ({len(detail.decisions)})"):
                for d in detail.decisions:
                    st.text(
                        f"{when(d.at)} · {d.reviewer} · {decision_name(d.kind)} → {status_name(d.new_status)}"
                        + (f" · lý do: {d.reason}" if d.reason else "")
                    )
        if can_decide and proposal is not None:
            _decision_controls(store, user, row, proposal)
        elif can_decide:
            st.info("Phát hiện này chưa có phương án (nhãn «không phải yêu cầu giấy tờ»); không cần quyết định.")


def _examples(detail: FindingDetail) -> None:
    examples = labelled_examples(detail.neighbours)
    if not examples:
        return
    with st.expander(f"Ví dụ đã gán nhãn gần nhất ({len(examples)}) — vì sao mô hình đề xuất như vậy"):
        for example in examples:
            similarity = f" · tương đồng {example.similarity:.2f}" if example.similarity is not None else ""
            st.caption(f"{label_name(example.label)}{similarity} · {example.citation} · {example.source}")
            st.html(unit_box(example.context, example.text or f"(ví dụ {example.id})"))


def _decision_controls(store: Store, user: User, row: FindingRow, proposal) -> None:
    pid, version = proposal.id, proposal.version
    st.divider()
    edit_key, reason_key, note_key = f"edit_{pid}_{version}", f"reason_{pid}_{version}", f"note_{pid}_{version}"
    c1, c2, c3 = st.columns(3)
    c1.button(
        "Xác nhận",
        key=f"confirm_{pid}",
        type="primary",
        on_click=_decide,
        args=(store, user, row.id, pid, "confirm", version),
        shortcut=SHORTCUTS["confirm"],
        help="Phím tắt: X",
    )
    c2.button(
        "Sửa rồi xác nhận",
        key=f"edit_btn_{pid}",
        on_click=_decide,
        args=(store, user, row.id, pid, "edit", version),
        kwargs={"text_key": edit_key},
    )
    c3.button(
        "Từ chối",
        key=f"reject_{pid}",
        on_click=_decide,
        args=(store, user, row.id, pid, "reject", version),
        kwargs={"reason_key": reason_key, "note_key": note_key},
        shortcut=SHORTCUTS["reject"],
        help="Phím tắt: T",
    )
    st.text_area("Nội dung phương án (sửa trước khi bấm «Sửa rồi xác nhận»)", value=proposal.text, key=edit_key)
    r1, r2 = st.columns(2)
    r1.selectbox("Lý do từ chối", REJECT_REASONS, key=reason_key)
    r2.text_input("Ghi chú thêm", key=note_key)


def _decide(
    store: Store,
    user: User,
    finding_id: int,
    proposal_id: int,
    kind: str,
    version: int,
    text_key: str | None = None,
    reason_key: str | None = None,
    note_key: str | None = None,
) -> None:
    text = st.session_state.get(text_key) if text_key else None
    reason = None
    if reason_key:
        reason = st.session_state.get(reason_key) or REJECT_REASONS[0]
        note = (st.session_state.get(note_key) or "").strip() if note_key else ""
        reason = f"{reason}: {note}" if note else reason
    st.session_state.pop("q_conflict", None)
    try:
        decision = api.decide(store, user, proposal_id, kind, version, reason=reason, text=text)
    except DecisionConflict as error:
        st.session_state["q_conflict"] = error_message(error)
        return
    except ReviewerError as error:
        flash("error", error_message(error))
        return
    st.session_state["q_last_finding"] = finding_id
    flash("success", f"Đã ghi «{decision_name(decision.kind)}» cho phát hiện #{finding_id}.")


def _undo_button(store: Store, user: User) -> None:
    st.button(
        "Hoàn tác",
        icon=":material/undo:",
        key="q_undo",
        on_click=_undo,
        args=(store, user),
        shortcut=SHORTCUTS["undo"],
        help="Hoàn tác quyết định gần nhất của bạn (phím tắt: U)",
    )


def _undo(store: Store, user: User) -> None:
    st.session_state.pop("q_conflict", None)
    try:
        decision = api.undo_last(store, user)
    except DecisionConflict as error:
        st.session_state["q_conflict"] = error_message(error)
        return
    except ReviewerError as error:
        flash("error", error_message(error))
        return
    flash("success", f"Đã hoàn tác; đề xuất #{decision.proposal_id} trở lại «{status_name(decision.new_status)}».")
    if st.session_state.get("q_last_finding"):
        st.session_state["q_pick"] = st.session_state["q_last_finding"]


__all__ = ["FINDING_LABELS", "open_queue", "render_finding", "render_queue", "highlight"]
