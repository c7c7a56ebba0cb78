"""The pages besides the queue: upload, my documents, approval, dashboard, exports and the admin's tools."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from reviewer import api
from reviewer.config import settings
from reviewer.errors import ReviewerError
from reviewer.report import FORMATS
from reviewer.report.labels import file_name
from reviewer.store import ROLES, Store, User

from .common import error_message, flash, forget_classifier, get_classifier, refusal_reason, show_error, when
from .queue import document_name, open_queue, short_document
from .services import active_model_dir, last_decision, scan_folder, set_active_model
from .texts import (
    BOX_STYLE,
    HUMAN_ICON,
    ROLE_NAMES,
    action_name,
    decision_badge,
    label_name,
    scan_summary_lines,
    status_name,
    unit_box,
)
from .upload import ACCEPTED_EXTENSIONS, ingest_upload

# -- upload -------------------------------------------------------------------------------------------------


def _department_choice(store: Store, user: User, key: str) -> str | None:
    if user.department is not None:
        return user.department
    known = api.list_departments(store, user)
    choice = st.selectbox("Đơn vị", known + ["(đơn vị mới)"], key=f"{key}_choice") if known else "(đơn vị mới)"
    if choice == "(đơn vị mới)":
        return st.text_input("Tên đơn vị", key=f"{key}_new").strip() or None
    return choice


def render_upload(store: Store, user: User) -> None:
    st.header("Tải văn bản lên")
    limit_mb = settings().max_file_bytes / 2**20
    st.caption(
        f"Nhận tệp PDF (kể cả bản quét), DOCX, DOC, TXT; tối đa {limit_mb:.0f} MB mỗi tệp. "
        "Loại tệp được kiểm tra theo nội dung, không theo tên."
    )
    department = _department_choice(store, user, "up")
    files = st.file_uploader("Chọn văn bản", type=list(ACCEPTED_EXTENSIONS), accept_multiple_files=True, key="up_files")
    if not files or not st.button("Đọc và rà soát", type="primary", key="up_go"):
        return
    for file in files:
        _ingest_one(store, user, file.name, file.getvalue(), department)


def _ingest_one(store: Store, user: User, name: str, data: bytes, department: str | None) -> None:
    # The outcome is printed below the status box, which folds itself once the work is done.
    outcome, failure = None, None
    with st.status(f"Đang xử lý «{name}»…", expanded=True) as status:
        bar = st.progress(0.0)

        def progress(message: str, fraction: float) -> None:
            bar.progress(min(1.0, fraction), text=message)

        try:
            outcome = ingest_upload(store, user, name, data, get_classifier, department, progress)
        except ReviewerError as error:
            failure = error
        refused = failure is not None or outcome.reason
        status.update(
            label=f"{'Không xử lý được' if refused else 'Đã xử lý'} «{name}»",
            state="error" if refused else "complete",
            expanded=False,
        )
    if failure is not None:
        show_error(failure)
    elif outcome.reason:
        st.error(f"Tệp «{outcome.name}» bị từ chối: {refusal_reason(outcome.reason)}.")
    elif outcome.already:
        st.info(f"Tệp «{outcome.name}» có nội dung giống một văn bản đã tải lên; không đọc lại.")
    else:
        st.success(f"«{outcome.name}»: đã đọc {outcome.units} khoản, điểm; {outcome.findings} phát hiện.")
        if outcome.replaced:
            st.info(
                "Tệp này thay cho phiên bản trước cùng tên; các quyết định trên những khoản không đổi được giữ lại."
            )
        if outcome.same_number:
            others = ", ".join(f"«{name}»" for name in outcome.same_number)
            st.warning(f"Văn bản cùng số hiệu đã có trong hệ thống ({others}): kiểm tra để không rà soát trùng.")
    if outcome is not None and outcome.document_id is not None:
        st.button(
            f"Xem phát hiện của «{outcome.name}»",
            key=f"up_open_{outcome.document_id}",
            on_click=_open_document,
            args=(outcome.document_id,),
        )


def render_documents(store: Store, user: User) -> None:
    st.header("Văn bản đã tải lên")
    documents = api.list_documents(store, user)
    if not documents:
        st.info("Chưa có văn bản nào.")
        return
    frame = pd.DataFrame(
        [
            {
                "Tệp": file_name(d.source),
                "Số hiệu": d.number or "",
                "Tên": d.title or "",
                "Đơn vị": d.department or "",
                "Trạng thái": "Đã đọc" if d.status == "scanned" else "Bị từ chối",
                "Khoản, điểm": d.units,
                "Phát hiện": d.findings,
                "Lý do từ chối": refusal_reason(d.error) if d.error else "",
                "Lúc": when(d.created_at),
            }
            for d in documents
        ]
    )
    st.dataframe(frame, hide_index=True, width="stretch")
    scanned = {d.id: d for d in documents if d.status == "scanned"}
    if not scanned:
        return
    c1, c2 = st.columns([4, 1], vertical_alignment="bottom")
    chosen = c1.selectbox("Xem phát hiện của văn bản", list(scanned), format_func=lambda i: document_name(scanned[i]))
    c2.button("Mở", key="docs_open", on_click=_open_document, args=(chosen,))


def _open_document(document_id: int) -> None:
    open_queue(status=None, page="follow")
    st.session_state["q_document"] = document_id


# -- approval -----------------------------------------------------------------------------------------------

SHOWN = 50  # proposals drawn one by one; the "all" buttons act on every confirmed proposal


def render_approval(store: Store, user: User) -> None:
    st.header("Phê duyệt phương án đã xác nhận")
    st.html(BOX_STYLE)
    department = user.department
    rows = api.list_findings(store, user, department=department, status="confirmed", order="position", limit=None)
    st.markdown(f"**{len(rows)}** phương án đã được chuyên viên xác nhận, chờ phê duyệt.")
    if not rows:
        return
    st.text_area("Ý kiến khi trả lại (bắt buộc khi trả lại)", key="ap_comment")
    c1, c2 = st.columns(2)
    c1.button(
        f"Phê duyệt toàn bộ {len(rows)} phương án",
        type="primary",
        key="ap_all",
        on_click=_decide_all,
        args=(store, user, [(r.proposal.id, r.proposal.version) for r in rows], "approve"),
    )
    c2.button(
        "Trả lại toàn bộ kèm ý kiến",
        key="ap_return_all",
        on_click=_decide_all,
        args=(store, user, [(r.proposal.id, r.proposal.version) for r in rows], "return"),
    )
    for row in rows[:SHOWN]:
        proposal = row.proposal
        last = last_decision(store, user, proposal.id)
        with st.container(border=True):
            st.markdown(f"**{row.citation}** · {short_document(row)}")
            st.badge(decision_badge(last.reviewer if last else None), icon=HUMAN_ICON, color="green")
            st.html(unit_box(row.context, row.text))
            relabelled = (
                f" (mô hình: {label_name(row.label)})" if row.officer_label and row.officer_label != row.label else ""
            )
            st.caption(f"{label_name(row.current_label)}{relabelled} · Phương án: {action_name(proposal.action)}")
            st.text(proposal.text)
            if proposal.legal_basis:  # what the head signs off is the proposal with its basis
                st.text("Căn cứ pháp lý:\n" + "\n".join(f"• {basis}" for basis in proposal.legal_basis))
            b1, b2, _ = st.columns([1, 1, 3])
            b1.button(
                "Phê duyệt",
                key=f"ap_ok_{proposal.id}",
                on_click=_decide_all,
                args=(store, user, [(proposal.id, proposal.version)], "approve"),
            )
            b2.button(
                "Trả lại",
                key=f"ap_back_{proposal.id}",
                on_click=_decide_all,
                args=(store, user, [(proposal.id, proposal.version)], "return"),
            )
    if len(rows) > SHOWN:
        st.caption(f"… và {len(rows) - SHOWN} phương án nữa (nút «toàn bộ» áp dụng cho tất cả).")


def _decide_all(store: Store, user: User, proposals: list[tuple[int, int]], kind: str) -> None:
    comment = (st.session_state.get("ap_comment") or "").strip() or None
    done, problems = 0, []
    for proposal_id, version in proposals:
        try:
            api.decide(store, user, proposal_id, kind, version, reason=comment)
            done += 1
        except ReviewerError as error:
            problems.append(error_message(error))
    verb = "phê duyệt" if kind == "approve" else "trả lại"
    if done:
        flash("success", f"Đã {verb} {done} phương án.")
    for problem in problems[:5]:
        flash("error", problem)
    if len(problems) > 5:
        flash("error", f"… và {len(problems) - 5} phương án khác không {verb} được.")


# -- dashboard ----------------------------------------------------------------------------------------------


def render_dashboard(store: Store, user: User) -> None:
    st.header("Tổng quan")
    overall = api.stats(store, user)
    scope = user.department or "toàn thành phố"
    st.subheader(f"Toàn bộ ({scope})")
    _stats_metrics(overall)
    rows = api.progress(store, user)
    if not rows:
        st.info("Chưa có văn bản nào được rà soát.")
        return
    per_department = []
    for row in rows:
        if row.department is None:
            continue
        s = api.stats(store, user, row.department)
        per_department.append(
            {
                "Đơn vị": row.department,
                "Văn bản đã đọc": s.documents,
                "Bị từ chối": s.failed,
                "Phát hiện": s.findings,
                "Đã quyết định": s.decided,
                "Đã xác nhận": s.by_status.get("confirmed", 0),
                "Đã từ chối": s.by_status.get("rejected", 0),
                "Đã phê duyệt": s.by_status.get("approved", 0),
                "Chưa xử lý": s.by_status.get("pending", 0),
                **{label_name(k): n for k, n in s.by_label.items()},
            }
        )
    if not per_department:
        return
    frame = pd.DataFrame(per_department).fillna(0).set_index("Đơn vị")
    st.subheader("Theo đơn vị")
    st.dataframe(frame, width="stretch")
    # One chart a row: side by side, half a page wide, their Vietnamese legends were cut ("Đã xác n…").
    st.caption("Tiến độ quyết định")
    st.bar_chart(frame[["Chưa xử lý", "Đã xác nhận", "Đã từ chối", "Đã phê duyệt"]], stack=True, horizontal=True)
    st.caption("Phát hiện theo nhãn")
    labels = [label_name(k) for k in ("certified_copy", "original", "copy", "paper_document")]
    present = [c for c in labels if c in frame.columns]
    if present:
        st.bar_chart(frame[present], stack=True, horizontal=True)
    st.caption("Mở hàng chờ của một đơn vị:")
    columns = st.columns(min(4, len(per_department)))
    for i, entry in enumerate(per_department):
        columns[i % len(columns)].button(
            f"{entry['Đơn vị']} ({entry['Chưa xử lý']} chờ)",
            key=f"dash_open_{i}",
            on_click=open_queue,
            args=(entry["Đơn vị"], "pending", None, "queue" if user.role in ("officer", "head") else "follow"),
        )


def _stats_metrics(s) -> None:
    cols = st.columns(6)
    cols[0].metric("Văn bản đã đọc", s.documents)
    cols[1].metric("Phát hiện", s.findings)
    cols[2].metric("Đã quyết định", s.decided)
    cols[3].metric("Đã xác nhận", s.by_status.get("confirmed", 0))
    cols[4].metric("Đã từ chối", s.by_status.get("rejected", 0))
    cols[5].metric("Đã phê duyệt", s.by_status.get("approved", 0))
    if s.by_label:
        st.caption("Phát hiện theo nhãn")
        frame = pd.DataFrame({"Phát hiện": {label_name(k): n for k, n in s.by_label.items()}})
        st.bar_chart(frame, height=200, horizontal=True)


# -- exports ------------------------------------------------------------------------------------------------

FORMAT_NAMES = {"docx": "Báo cáo Word (DOCX)", "csv": "Bảng CSV", "xlsx": "Bảng Excel (XLSX)"}
MIME = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _recipient_input(department: str | None) -> str | None:
    """The optional "Kính gửi" line of the Word report; empty means the head of the department."""
    from reviewer.report.docx_report import head_of

    typed = st.text_input(
        "Kính gửi (không bắt buộc)",
        key="ex_recipient",
        placeholder=head_of(department),
        help="Nơi nhận báo cáo; nhiều nơi nhận cách nhau bằng dấu «;». Bỏ trống: gửi thủ trưởng đơn vị.",
    )
    return typed.strip() or None


def render_exports(store: Store, user: User) -> None:
    st.header("Xuất báo cáo")
    departments = api.list_departments(store, user)
    if user.department is None:
        choice = st.selectbox("Đơn vị", ["Tất cả đơn vị", *departments], key="ex_department")
        department = None if choice == "Tất cả đơn vị" else choice
    else:
        department = user.department
        st.caption(f"Đơn vị: {department}")
    format = st.radio(
        "Định dạng",
        sorted(FORMATS, key=list(FORMAT_NAMES).index),
        key="ex_format",
        format_func=FORMAT_NAMES.get,
        horizontal=True,
    )
    recipient = _recipient_input(department) if format == "docx" else None
    if st.button("Tạo tệp", key="ex_make", type="primary"):
        try:
            with tempfile.TemporaryDirectory(prefix="reviewer-export-") as folder:
                out = Path(folder) / f"bao-cao-ra-soat.{format}"
                path = api.export(store, user, format, out, department, recipient=recipient)
                st.session_state["ex_file"] = (path.name, path.read_bytes(), format)
        except ReviewerError as error:
            show_error(error)
    made = st.session_state.get("ex_file")
    if made:
        name, data, made_format = made
        st.download_button(
            f"Tải xuống {name}", data, file_name=name, mime=MIME[made_format], key="ex_download", type="primary"
        )


# -- admin: accounts, scans, learning -----------------------------------------------------------------------


def render_accounts(store: Store, user: User) -> None:
    st.header("Tài khoản")
    try:
        users = api.list_users(store, user)
    except ReviewerError as error:
        show_error(error)
        return
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Tên": u.username,
                    "Vai trò": ROLE_NAMES.get(u.role, u.role),
                    "Đơn vị": u.department or "",
                    "Hoạt động": u.active,
                }
                for u in users
            ]
        ),
        hide_index=True,
        width="stretch",
    )
    with st.form("acc_add", clear_on_submit=True):
        st.markdown("**Thêm tài khoản**")
        c1, c2 = st.columns(2)
        username = c1.text_input("Tên đăng nhập")
        password = c2.text_input("Mật khẩu", type="password")
        role = c1.selectbox("Vai trò", ROLES, format_func=ROLE_NAMES.get)
        department = c2.text_input("Đơn vị (bỏ trống với quản trị)")
        if st.form_submit_button("Thêm"):
            try:
                api.add_user(store, user, username.strip(), password, role, department.strip() or None)
                st.success(f"Đã thêm tài khoản {username.strip()}.")
            except ReviewerError as error:
                show_error(error)
    with st.form("acc_state"):
        st.markdown("**Khóa, mở khóa, đặt lại mật khẩu**")
        c1, c2, c3 = st.columns(3)
        target = c1.selectbox("Tài khoản", [u.username for u in users])
        active = c2.selectbox("Trạng thái", ["Hoạt động", "Khóa"])
        new_password = c3.text_input("Mật khẩu mới (tùy chọn)", type="password")
        if st.form_submit_button("Cập nhật"):
            try:
                api.set_active(store, user, target, active == "Hoạt động")
                if new_password:
                    api.set_password(store, user, target, new_password)
                st.success(f"Đã cập nhật {target}.")
            except ReviewerError as error:
                show_error(error)


def render_scan(store: Store, user: User) -> None:
    st.header("Quét hàng loạt một thư mục")
    st.caption("Đọc mọi tệp trong thư mục trên máy chủ; văn bản đã quét (cùng nội dung) được bỏ qua.")
    st.caption("Thư mục được phép quét (và thư mục con): " + "; ".join(str(r) for r in settings().desk_scan_roots))
    folder = st.text_input("Đường dẫn thư mục trên máy chủ", key="scan_path")
    department = st.text_input("Đơn vị (bỏ trống: theo bộ, ngành của thủ tục, hoặc không gán)", key="scan_dept")
    if not st.button("Bắt đầu quét", type="primary", key="scan_go") or not folder.strip():
        return
    with st.status("Đang quét…", expanded=True) as status:
        bar = st.progress(0.0)

        def progress(update) -> None:
            fraction = update.done_bytes / update.total_bytes if update.total_bytes else 0.0
            bar.progress(
                min(1.0, fraction),
                text=f"{update.done}/{update.total} tệp · {update.findings} phát hiện · {update.refused} bị từ chối",
            )

        try:
            summary = scan_folder(
                store, user, folder.strip(), department.strip() or None, get_classifier, progress, workers=0
            )
        except ReviewerError as error:
            status.update(label="Không quét được", state="error", expanded=False)
            failure = error
        else:
            status.update(label="Đã quét xong", state="complete", expanded=False)
            failure = None
    # Outside the status box, which folds when done: the outcome must be read without opening it.
    if failure is not None:
        show_error(failure)
        return
    st.text("\n".join(scan_summary_lines(summary)))


def render_learning(store: Store, user: User) -> None:
    from .learning import decision_examples, model_card, model_figures, retrain

    st.header("Học từ quyết định")
    try:
        examples = decision_examples(store, user)
    except ReviewerError as error:
        show_error(error)
        return
    counts = pd.Series([label_name(e.label) for e in examples]).value_counts() if examples else pd.Series()
    st.markdown(
        f"**{len(examples)}** quyết định trở thành ví dụ gán nhãn (xác nhận → nhãn chuyên viên chọn, "
        "hoặc nhãn của mô hình nếu chuyên viên giữ nguyên; từ chối → «không phải yêu cầu giấy tờ»)."
    )
    if len(counts):
        st.bar_chart(counts.rename("Ví dụ"), height=200, horizontal=True)
    _figures_table("Mô hình đang dùng", model_figures(active_model_dir()))
    st.caption(f"Thư mục: {active_model_dir()}")
    if st.button("Huấn luyện lại từ các quyết định", type="primary", key="learn_go", disabled=not examples):
        with st.status("Đang huấn luyện mô hình mới (vài phút)…", expanded=True) as status:
            try:
                folder, _metrics = retrain(store, user)
            except ReviewerError as error:
                status.update(label="Không huấn luyện được", state="error")
                show_error(error)
                return
            status.update(label="Đã huấn luyện xong", state="complete")
        st.session_state["learn_new"] = str(folder)
    new = st.session_state.get("learn_new")
    if new:
        _figures_table("Mô hình mới", model_figures(Path(new)))
        with st.expander("Thẻ mô hình mới"):
            st.code(model_card(Path(new)), language="markdown")
        st.button("Chuyển sang mô hình mới", key="learn_switch", on_click=_switch, args=(user, new))


def _figures_table(title: str, figures: dict) -> None:
    st.markdown(f"**{title}:** {figures.get('version')} ({figures.get('date') or ''})")
    cols = st.columns(4)
    for col, (name, key) in zip(
        cols,
        [
            ("Độ chính xác", "accuracy"),
            ("Macro-F1", "macro_f1"),
            ("Độ phủ phát hiện", "finding_recall"),
            ("Độ chuẩn phát hiện", "finding_precision"),
        ],
        strict=True,
    ):
        value = figures.get(key)
        col.metric(name, f"{value:.3f}" if isinstance(value, int | float) else "—")


def _switch(user: User, folder: str) -> None:
    try:
        set_active_model(user, Path(folder))
    except ReviewerError as error:
        flash("error", error_message(error))
        return
    forget_classifier()
    st.session_state.pop("learn_new", None)
    flash("success", f"Đã chuyển sang mô hình {Path(folder).name}.")


__all__ = ["status_name"]
