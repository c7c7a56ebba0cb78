"""The review queue: findings waiting for a decision, one page at a time, least certain first.

Decisions run in button callbacks whose arguments are bound when the page is drawn: the proposal version the
officer saw goes to ``api.decide``, so a decision someone else made in between is a conflict, not an overwrite.
"""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from reviewer import api
from reviewer.classify.data import LABELS, NONE
from reviewer.errors import DecisionConflict, ReviewerError
from reviewer.report.labels import file_name
from reviewer.store import (
    FINDING_LABELS,
    PROPOSAL_STATUSES,
    UNSURE_NONE_BELOW,
    FindingDetail,
    FindingRow,
    Store,
    User,
)

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
    document_short_name,
    finding_name,
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
OTHER_REASON = REJECT_REASONS[-1]
REASON_PLACEHOLDER = "— chọn lý do —"
NO_REASON = "Chưa chọn lý do từ chối: hãy chọn một lý do trong ô «Lý do từ chối» rồi bấm «Từ chối» lại."
NO_OTHER_NOTE = "Lý do «Khác»: hãy ghi rõ lý do trong ô «Ghi chú thêm» rồi bấm «Từ chối» lại."
NONE_TO_CONFIRM = (
    "Nhãn «{none}» nghĩa là khoản này không phải yêu cầu giấy tờ: hãy bấm «Từ chối» và chọn lý do, "
    "không bấm «Xác nhận»."
)
DOUBTFUL_FLAG = (
    "Mô hình nghiêng về «Không phải yêu cầu giấy tờ» nhưng vẫn gắn cờ khoản này: để không bỏ sót, mọi khoản còn "
    "nghi ngờ đều được đưa ra rà soát. Hãy đọc kỹ; nếu khoản không bắt nộp, xuất trình giấy tờ thì từ chối."
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
            format_func=lambda d: "Tất cả văn bản" if d == ALL else document_name(documents[d]),
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
        search = st.text_input("Tìm trong nội dung, trích dẫn, số hiệu", key="q_search", on_change=_reset_page)
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


def document_name(document) -> str:
    """A stored document in a picker: how officers name it, then its file, so that two uploads of one số hiệu
    can be told apart."""
    named = document_short_name(document.number, document.type, document.title, document.source)
    source = file_name(document.source)
    return named if named == source else f"{named} · {source}"


def short_document(row: FindingRow) -> str:
    return document_short_name(row.document_number, row.document_type, row.document_title, row.document_source)


def _table(rows: list[FindingRow], first: int) -> None:
    frame = pd.DataFrame(
        [
            {
                "STT": first + i,
                "Trích dẫn": r.citation,
                "Văn bản": short_document(r),
                "Nhãn": label_name(r.current_label),
                "Độ tin cậy": round(r.score, 2),
                "Trạng thái": status_name(r.proposal.status if r.proposal else None),
                "Nguồn": "Gợi ý của mô hình" if r.proposal is None or r.proposal.status == "pending" else "Quyết định",
                "Nội dung": r.text[:120],
            }
            for i, r in enumerate(rows)
        ]
    )
    st.dataframe(frame, hide_index=True, width="stretch", height=min(38 + 35 * len(rows), 300))


def _returned_notice(store: Store, user: User, filters: dict) -> None:
    """Proposals a head sent back wait in their own status; the queue opens on pending ones, so say they are there."""
    if filters.get("status") == "returned":
        return
    returned = api.count_findings(store, user, department=filters.get("department"), status="returned")
    if returned:
        c1, c2 = st.columns([3, 1])
        c1.warning(f"Lãnh đạo đã trả lại **{returned}** phương án, kèm ý kiến, chờ xử lý lại.")
        c2.button("Xem phương án bị trả lại", key="q_returned", on_click=_show_returned)


def _show_returned() -> None:
    st.session_state["q_status"] = "returned"
    st.session_state["q_page"] = 1


def render_queue(store: Store, user: User, can_decide: bool | None = None) -> None:
    can_decide = user.role in DECIDERS if can_decide is None else can_decide
    st.header("Hàng chờ rà soát" if can_decide else "Theo dõi phát hiện")
    conflict = _show_conflict(store, user)
    filters = _filters(store, user, "pending" if can_decide else ALL)
    order = filters.pop("order")
    try:
        total = api.count_findings(store, user, **filters)
    except ReviewerError as error:
        show_error(error)
        return
    if can_decide:
        _returned_notice(store, user, filters)
    pages = max(1, math.ceil(total / PAGE_SIZE))
    st.session_state["q_page"] = min(max(1, int(st.session_state.get("q_page", 1))), pages)
    top = st.columns([3, 1])
    top[0].markdown(f"**{total}** phát hiện · trang {st.session_state['q_page']}/{pages}")
    page = top[1].number_input("Trang", 1, pages, key="q_page", label_visibility="collapsed")
    rows = api.list_findings(store, user, order=order, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE, **filters)
    if can_decide:
        _undo_button(store, user)
    ids = [r.id for r in rows]
    if conflict is not None and conflict.row.id not in ids:
        # Decided by someone else, it left this list: show it where the warning is, not the next one's card.
        with st.expander("Phát hiện vừa bị xung đột (trạng thái hiện tại)", expanded=True):
            render_finding(store, user, conflict, can_decide=False)
    if not rows:
        st.info("Không có phát hiện nào khớp bộ lọc.")
        return
    first = (page - 1) * PAGE_SIZE + 1
    with st.expander(f"Danh sách trang này ({len(rows)})"):
        _table(rows, first)
    st.session_state["q_ids"] = ids
    if st.session_state.get("q_pick") not in ids:
        st.session_state["q_pick"] = ids[0]
    # The option label is what the officer reads: the place in the queue and a citation, never a database id.
    labels = {r.id: _pick_label(r, first + i, total) for i, r in enumerate(rows)}
    pick, step = st.columns([5, 1], vertical_alignment="bottom")
    picked = pick.selectbox("Phát hiện đang xem", ids, key="q_pick", format_func=labels.get)
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


def _pick_label(row: FindingRow, position: int, total: int) -> str:
    """'3/57 · điểm a khoản 2 Điều 21 · Luật Cư trú 68/2020/QH14 · Bản sao (0.62)'."""
    return (
        f"{position}/{total} · {row.citation or '(không có trích dẫn)'} · {short_document(row)} · "
        f"{label_name(row.current_label)} ({row.score:.2f})"
    )


def _next(pages: int) -> None:
    ids = st.session_state.get("q_ids") or []
    current = st.session_state.get("q_pick")
    st.session_state.pop("q_conflict", None)
    if current in ids and ids.index(current) + 1 < len(ids):
        st.session_state["q_pick"] = ids[ids.index(current) + 1]
    elif st.session_state.get("q_page", 1) < pages:
        st.session_state["q_page"] = st.session_state.get("q_page", 1) + 1
        st.session_state.pop("q_pick", None)


def _show_conflict(store: Store, user: User) -> FindingDetail | None:
    """The warning of a refused click, once, naming its finding; that finding, to show when it left the list."""
    conflict = st.session_state.pop("q_conflict", None)
    if not conflict:
        return None
    finding_id, message = conflict
    try:
        detail = api.get_finding(store, user, finding_id) if finding_id is not None else None
    except ReviewerError:
        detail = None
    if detail is None:
        st.warning(message, icon="⚠️")
        return None
    named = finding_name(detail.row.citation, short_document(detail.row))
    st.warning(f"{named}. {message}", icon="⚠️")
    return detail


def render_finding(store: Store, user: User, detail: FindingDetail, can_decide: bool) -> None:
    row, proposal = detail.row, detail.row.proposal
    st.html(BOX_STYLE)
    with st.container(border=True):
        st.subheader(row.citation or "(không có trích dẫn)")
        page = f" · trang {row.page}" if row.page else ""  # Word files have no pages
        st.caption(f"{short_document(row)} · {row.department or ''}{page}")
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
            if row.label != NONE and detail.scores and max(detail.scores, key=detail.scores.get) == NONE:
                # The recall-first threshold flags units the head itself leans to call none: say so, or the
                # low figure above a high "none" reads as a contradiction.
                st.caption(DOUBTFUL_FLAG)
            if row.officer_label is not None and row.officer_label != row.label:
                st.markdown(f"**Nhãn chuyên viên chọn:** {label_name(row.officer_label)}")
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
                        + (f" · nhãn: {label_name(d.label)}" if d.label else "")
                        + (f" · lý do: {_reason_shown(d)}" if d.reason else "")
                    )
        if can_decide and proposal is not None:
            _decision_controls(store, user, row, proposal)
        elif can_decide:
            _flag_controls(store, user, row)
        # For support calls only: the officer works with the citation, not with this number.
        st.caption(f"mã phát hiện {row.id}")


def _flag_controls(store: Store, user: User, row: FindingRow) -> None:
    """A unit the model called none: nothing to decide, unless the officer sees a requirement it missed."""
    st.divider()
    st.info(
        "Mô hình gán nhãn «không phải yêu cầu giấy tờ» nên khoản này chưa có phương án. Nếu khoản này thực ra yêu "
        "cầu nộp, xuất trình giấy tờ, chọn loại giấy tờ và bấm «Đánh dấu là yêu cầu giấy tờ»: phương án được soạn "
        "theo nhãn đó và ghi là đã xác nhận (có thể hoàn tác)."
    )
    key = f"flag_label_{row.id}"
    c1, c2 = st.columns([2, 1])
    c1.selectbox("Loại yêu cầu bị bỏ sót", list(FINDING_LABELS), key=key, format_func=label_name)
    c2.button("Đánh dấu là yêu cầu giấy tờ", key=f"flag_{row.id}", on_click=_flag, args=(store, user, row.id, key))


def _flag(store: Store, user: User, finding_id: int, label_key: str) -> None:
    label = st.session_state.get(label_key)
    try:
        api.flag_missed(store, user, finding_id, label)
    except ReviewerError as error:
        flash("error", error_message(error))
        return
    st.session_state["q_last_finding"] = finding_id
    flash("success", f"Đã đánh dấu {_named(store, user, finding_id)} là yêu cầu «{label_name(label)}».")


def _reason_shown(decision) -> str:
    # An undo records its reason in English for the log; the officer reads what was undone.
    if decision.kind == "undo":
        return "hoàn tác quyết định trước"
    return decision.reason or ""


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
    label_key = f"label_{pid}_{version}"
    # The text area starts with the proposal's text and follows the chosen label until the officer edits it.
    if edit_key not in st.session_state:  # first drawn, or dropped by Streamlit while another finding was shown
        st.session_state[edit_key] = st.session_state[_prefilled(edit_key)] = proposal.text
    chosen = st.selectbox(
        "Nhãn đúng của khoản này",
        list(LABELS),
        index=list(LABELS).index(row.current_label) if row.current_label in LABELS else 0,
        key=label_key,
        format_func=label_name,
        on_change=_label_changed,
        args=(store, user, pid, label_key, edit_key, proposal.text),
        help="Chọn nhãn khác nếu mô hình gán sai loại giấy tờ; phương án sẽ được soạn lại theo nhãn mới.",
    )
    _relabel_preview(store, user, row, chosen)
    # What a decision needs is filled in first, then one button records it.
    st.text_area("Nội dung phương án (sửa trước khi bấm «Sửa rồi xác nhận»)", key=edit_key)
    actions = api.action_names()
    action_key = f"action_{pid}_{version}"
    st.selectbox(
        "Phương án (khi sửa)",
        list(actions),
        index=list(actions).index(proposal.action) if proposal.action in actions else 0,
        key=action_key,
        format_func=lambda action: actions.get(action, action),
        help="Nếu nội dung sửa đề xuất phương án khác (ví dụ «Giữ nguyên» thành «Bãi bỏ»), chọn phương án đó để "
        "báo cáo ghi đúng.",
    )
    r1, r2 = st.columns(2)
    # No reason is chosen in advance: a rejection says why, on purpose.
    r1.selectbox("Lý do từ chối", REJECT_REASONS, index=None, placeholder=REASON_PLACEHOLDER, key=reason_key)
    r2.text_input("Ghi chú thêm", key=note_key)
    c1, c2, c3 = st.columns(3)
    c1.button(
        "Xác nhận",
        key=f"confirm_{pid}",
        type="primary",
        on_click=_decide,
        args=(store, user, row.id, pid, "confirm", version),
        kwargs={"label_key": label_key},
        shortcut=SHORTCUTS["confirm"],
        help="Phím tắt: X",
    )
    c2.button(
        "Sửa rồi xác nhận",
        key=f"edit_btn_{pid}",
        on_click=_decide,
        args=(store, user, row.id, pid, "edit", version),
        kwargs={"text_key": edit_key, "label_key": label_key, "action_key": action_key, "action": proposal.action},
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


def _prefilled(edit_key: str) -> str:
    return f"{edit_key}_prefilled"


def _label_changed(store: Store, user: User, proposal_id: int, label_key: str, edit_key: str, text: str) -> None:
    """Puts the chosen label's proposal text in the text area, unless the officer has edited what was there."""
    shown = st.session_state.get(edit_key)
    if shown is not None and shown != st.session_state.get(_prefilled(edit_key)):
        return  # the officer's own words stay
    label = st.session_state.get(label_key)
    if label not in FINDING_LABELS:
        return  # "none" is not confirmed: the warning says to reject
    try:
        draft = api.relabelled_draft(store, user, proposal_id, label)
    except ReviewerError as error:
        flash("error", error_message(error))
        return
    st.session_state[edit_key] = st.session_state[_prefilled(edit_key)] = text if draft is None else draft.text


def _relabel_preview(store: Store, user: User, row: FindingRow, chosen: str) -> None:
    if chosen == row.current_label:
        return
    if chosen not in FINDING_LABELS:
        st.warning(NONE_TO_CONFIRM.format(none=label_name(chosen)), icon="⚠️")
        return
    try:
        draft = api.redraft(store, user, row.id, chosen)
    except ReviewerError as error:
        show_error(error)
        return
    st.caption(
        f"Khi bấm «Xác nhận», phương án được soạn lại theo nhãn «{label_name(chosen)}» "
        f"({action_name(draft.action)}); «Sửa rồi xác nhận» giữ nội dung bạn sửa:"
    )
    st.text(draft.text)


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
    label_key: str | None = None,
    action_key: str | None = None,
    action: str | None = None,
) -> None:
    text = st.session_state.get(text_key) if text_key else None
    label = st.session_state.get(label_key) if label_key else None
    # Only an action the officer changed is sent: left as drafted, it follows a new label's re-draft.
    chosen_action = st.session_state.get(action_key) if action_key else None
    chosen_action = chosen_action if chosen_action != action else None
    reason = None
    st.session_state.pop("q_conflict", None)
    if reason_key:
        chosen = st.session_state.get(reason_key)
        note = (st.session_state.get(note_key) or "").strip() if note_key else ""
        if chosen not in REJECT_REASONS:
            flash("error", NO_REASON)
            return
        if chosen == OTHER_REASON and not note:
            flash("error", NO_OTHER_NOTE)
            return
        reason = f"{chosen}: {note}" if note else chosen
    if label is not None and label not in FINDING_LABELS:
        flash("error", NONE_TO_CONFIRM.format(none=label_name(label)))
        return
    try:
        decision = api.decide(
            store, user, proposal_id, kind, version, reason=reason, text=text, label=label, action=chosen_action
        )
    except DecisionConflict as error:
        st.session_state["q_conflict"] = (finding_id, error_message(error))
        st.session_state["q_pick"] = finding_id  # stays on it while the list still holds it
        return
    except ReviewerError as error:
        flash("error", error_message(error))
        return
    st.session_state["q_last_finding"] = finding_id
    named = _named(store, user, finding_id)
    labelled = f" với nhãn «{label_name(decision.label)}»" if decision.label and kind != "reject" else ""
    flash("success", f"Đã ghi «{decision_name(decision.kind)}»{labelled} cho {named}.")


def _named(store: Store, user: User, finding_id: int) -> str:
    try:
        row = api.get_finding(store, user, finding_id).row
    except ReviewerError:
        return "phát hiện này"
    return finding_name(row.citation, short_document(row))


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
        st.session_state["q_conflict"] = (None, error_message(error))
        return
    except ReviewerError as error:
        flash("error", error_message(error))
        return
    try:
        named = finding_name(*_proposal_citation(store, user, decision.proposal_id))
    except ReviewerError:
        named = "phương án"
    flash("success", f"Đã hoàn tác; {named} trở lại «{status_name(decision.new_status)}».")
    if st.session_state.get("q_last_finding"):
        st.session_state["q_pick"] = st.session_state["q_last_finding"]


def _proposal_citation(store: Store, user: User, proposal_id: int) -> tuple[str, str]:
    finding_id = store.get_proposal(proposal_id).finding_id
    row = api.get_finding(store, user, finding_id).row
    return row.citation, short_document(row)


__all__ = ["FINDING_LABELS", "open_queue", "render_finding", "render_queue", "highlight"]
