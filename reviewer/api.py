"""The library API: the one surface the CLI, the Streamlit UI and the batch engines call.

Every function takes the :class:`~reviewer.store.Store` and the acting :class:`~reviewer.store.User` and
enforces the roles, raising :class:`~reviewer.errors.PermissionDenied`:

- ``department``: uploads and scans its own documents, sees its own findings and exports; cannot decide.
- ``officer``: sees its department's findings and confirms, edits or rejects proposals (and undoes its own).
- ``head``: everything an officer may do, and approves or returns confirmed proposals of its department.
- ``admin``: manages users and scans of every department, sees everything; does not decide.

A user with no department (only an admin may lack one) sees every department.

Typical use::

    store = Store()                                   # the embedded SQLite file, migrated to head
    officer = authenticate(store, "lan", "mật khẩu")
    rows = list_findings(store, officer, status="pending", order="least_certain", limit=50)
    proposal = rows[0].proposal
    decide(store, officer, proposal.id, "confirm", expected_version=proposal.version)
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reviewer.config import settings
from reviewer.document import Document
from reviewer.errors import BadInput, PermissionDenied
from reviewer.store import (
    FINDING_LABELS,
    AuditEntry,
    DecisionRow,
    DepartmentProgress,
    DocumentRow,
    ExportRow,
    FindingDetail,
    FindingRow,
    Stats,
    Store,
    UnitRow,
    User,
)

if TYPE_CHECKING:
    from reviewer.propose import ProposalDraft
    from reviewer.scan import ScanSummary

OFFICER_DECISIONS = ("confirm", "edit", "reject")
HEAD_DECISIONS = ("approve", "return")

# The acting user of command-line maintenance (user add, propose, export): whoever can open the database
# file already holds every right over it.
SYSTEM = User(id=0, username="system", role="admin", department=None)


def _deny(user: User, what: str) -> PermissionDenied:
    return PermissionDenied.for_role(user.username, user.role, what)


def _scope(user: User, department: str | None) -> str | None:
    """The department a user's query is limited to; refuses another department's data."""
    if user.department is None:
        return department
    if department is not None and department != user.department:
        raise _deny(user, f"see documents of {department}")
    return user.department


def _require(user: User, *roles: str, what: str) -> None:
    if not user.active:
        raise PermissionDenied(user.username, "the account is disabled")
    if user.role not in roles:
        raise _deny(user, what)


# -- users ------------------------------------------------------------------------------------------------


def authenticate(store: Store, username: str, password: str) -> User:
    """The user with this name and password; ``PermissionDenied`` (without saying which part was wrong)."""
    user = store.check_password(username, password)
    if user is None:
        raise PermissionDenied(username, "wrong user name or password")
    return user


def start_sign_in(store: Store, user: User) -> str:
    """A token the review desk keeps in its address: :func:`resume_sign_in` accepts it for ``sign_in_hours``."""
    return store.start_sign_in(user.username, timedelta(hours=settings().sign_in_hours))


def resume_sign_in(store: Store, token: str) -> User | None:
    """The user signed in with this token, if the sign-in is unexpired and the account still active; using it
    keeps it for another ``sign_in_hours``."""
    return store.signed_in_user(token, extend=timedelta(hours=settings().sign_in_hours))


def end_sign_in(store: Store, token: str) -> None:
    store.end_sign_in(token)


MIN_PASSWORD_LENGTH = 8


def _check_password(username: str, password: str) -> None:
    """A password a person sets: long enough, and not the user name (the demo's generated ones pass)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise BadInput(f"user {username}", f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
    if password.casefold() == username.casefold():
        raise BadInput(f"user {username}", "a password must not be the user name")


def add_user(store: Store, actor: User, username: str, password: str, role: str, department: str | None = None) -> User:
    _require(actor, "admin", what="manage users")
    _check_password(username, password)
    return store.add_user(username, password, role, department, actor=actor.username)


def list_users(store: Store, actor: User) -> list[User]:
    _require(actor, "admin", what="manage users")
    return store.list_users()


def set_password(store: Store, actor: User, username: str, password: str) -> None:
    if actor.username != username:
        _require(actor, "admin", what="change another user's password")
    _check_password(username, password)
    store.set_password(username, password, actor=actor.username)


def set_active(store: Store, actor: User, username: str, active: bool) -> None:
    _require(actor, "admin", what="manage users")
    store.set_active(username, active, actor=actor.username)


def list_departments(store: Store, actor: User) -> list[str]:
    if actor.department is not None:
        return [actor.department]
    return store.list_departments()


# -- scans ------------------------------------------------------------------------------------------------


def _scan_department(user: User, department: str | None) -> str | None:
    _require(user, "admin", "department", what="scan documents")
    return _scope(user, department)


def has_document(store: Store, user: User, content_hash: str, department: str | None = None) -> bool:
    return store.has_document(content_hash, _scan_department(user, department))


def save_scan(
    store: Store,
    user: User,
    source: str,
    content_hash: str,
    document: Document,
    predictions: Sequence[Any],
    department: str | None = None,
    model_version: str = "",
) -> int:
    """Store a scanned document with its findings and drafted proposals, in one transaction; returns its id.

    ``predictions[i]`` is the ``Prediction`` for ``document.units[i]`` (or None). Proposals are drafted here
    with :func:`reviewer.propose.draft_proposal` for every finding whose label is not none. Every prediction
    is stored, as the batch scan does, so a file gives the same findings whichever door it came in by.
    """
    from reviewer.propose import draft_proposal

    department = _scan_department(user, department)
    proposals = [
        draft_proposal(p.label, unit.text, unit.context, p.evidence) if p is not None and p.label != "none" else None
        for p, unit in zip(predictions, document.units, strict=False)
    ]
    return store.save_scan(
        department,
        source,
        content_hash,
        document,
        predictions,
        proposals,
        model_version=model_version,
        actor=user.username,
    )


def record_failure(
    store: Store, user: User, source: str, content_hash: str, reason: str, department: str | None = None
) -> int:
    """Store a file that could not be read, with the reason; the department sees it in its list."""
    return store.record_failure(_scan_department(user, department), source, content_hash, reason, actor=user.username)


def scan(
    store: Store, user: User, paths: Sequence[str | Path], department: str | None = None, **options: Any
) -> ScanSummary:
    """The admin's batch scan: every file under ``paths`` read, classified and stored; returns the summary.

    ``options`` go to :func:`reviewer.scan.scan_paths` (workers, engine, classifier_factory, progress, …).
    """
    from reviewer.scan import scan_paths

    _require(user, "admin", what="run a batch scan")
    return scan_paths(list(paths), store, _scope(user, department), **{**options, "actor": user.username})


def propose(store: Store, user: User, document_id: int | None = None) -> list[int]:
    """Draft proposals for stored findings that have none (normally the scan does it); returns their ids."""
    from reviewer.propose import draft_proposal

    _require(user, "admin", "department", "officer", "head", what="draft proposals")
    if document_id is not None:
        get_document(store, user, document_id)
    drafts = []
    for detail in store.findings_without_proposal(document_id):
        row = detail.row
        if user.department is not None and row.department != user.department:
            continue
        drafts.append((row.id, draft_proposal(row.label, row.text, row.context, detail.evidence)))
    return store.add_proposals(drafts, actor=user.username)


# -- reading ----------------------------------------------------------------------------------------------


def list_documents(
    store: Store, user: User, department: str | None = None, status: str | None = None
) -> list[DocumentRow]:
    return store.list_documents(_scope(user, department), status=status)


def get_document(store: Store, user: User, document_id: int) -> DocumentRow:
    document = store.get_document(document_id)
    if document is None:
        raise BadInput(f"document {document_id}", "no such document")
    if user.department is not None and document.department != user.department:
        raise _deny(user, f"see documents of {document.department}")
    return document


def units_around(store: Store, user: User, document_id: int, position: int, radius: int = 3) -> list[UnitRow]:
    """The units within ``radius`` positions of ``position`` in a document, in reading order, with their
    findings where they have one: what the review desk shows around a finding."""
    get_document(store, user, document_id)
    return store.units(document_id, max(0, position - radius), position + radius)


def list_findings(
    store: Store,
    user: User,
    *,
    department: str | None = None,
    order: str = "least_certain",
    limit: int | None = 100,
    offset: int = 0,
    **filters: Any,
) -> list[FindingRow]:
    """One page of findings the user may see. Filters as :meth:`Store.list_findings` (label, status, …)."""
    return store.list_findings(department=_scope(user, department), order=order, limit=limit, offset=offset, **filters)


def count_findings(store: Store, user: User, *, department: str | None = None, **filters: Any) -> int:
    return store.count_findings(department=_scope(user, department), **filters)


def get_finding(store: Store, user: User, finding_id: int) -> FindingDetail:
    detail = store.get_finding(finding_id)
    if detail is None:
        raise BadInput(f"finding {finding_id}", "no such finding")
    if user.department is not None and detail.row.department != user.department:
        raise _deny(user, f"see documents of {detail.row.department}")
    return detail


def stats(store: Store, user: User, department: str | None = None) -> Stats:
    return store.stats(_scope(user, department))


def progress(store: Store, user: User) -> list[DepartmentProgress]:
    """Per-department progress; a department-bound user sees only its own line."""
    rows = store.progress()
    if user.department is None:
        return rows
    return [row for row in rows if row.department == user.department]


def export_rows(store: Store, user: User, department: str | None = None) -> list[ExportRow]:
    return store.export_rows(_scope(user, department))


def export(
    store: Store,
    user: User,
    format: str,
    out_path: str | Path,
    department: str | None = None,
    recipient: str | None = None,
) -> Path:
    """Write the findings and proposals the user may see as csv, xlsx or docx; returns the file written.

    ``recipient`` is the "Kính gửi" line of the DOCX report (several separated by ";"; default: the head of
    the department); csv and xlsx ignore it.
    """
    from reviewer.report import export as write_export

    return write_export(store, format, out_path, department=_scope(user, department), recipient=recipient)


# -- decisions --------------------------------------------------------------------------------------------


def redraft(store: Store, user: User, finding_id: int, label: str) -> ProposalDraft:
    """The proposal :func:`reviewer.propose.draft_proposal` drafts for a finding if its label were ``label``:
    what confirming with that label would write (the desk shows it before the officer confirms)."""
    from reviewer.propose import draft_proposal

    detail = get_finding(store, user, finding_id)
    if label not in FINDING_LABELS:
        raise BadInput(f"finding {finding_id}", f"unknown finding label {label!r}; reject a unit that is none")
    row = detail.row
    return draft_proposal(label, row.text, row.context, detail.evidence)


def _edited(history: Sequence[DecisionRow]) -> bool:
    """True when an officer's edit of the proposal text still stands (it was not undone)."""
    undone = {d.undoes_id for d in history if d.kind == "undo"}
    return any(d.kind == "edit" and d.id not in undone for d in history)


def decide(
    store: Store,
    user: User,
    proposal_id: int,
    kind: str,
    expected_version: int,
    reason: str | None = None,
    text: str | None = None,
    label: str | None = None,
    action: str | None = None,
) -> DecisionRow:
    """Confirm, edit or reject (officers, heads) or approve or return (heads) a proposal.

    ``expected_version`` is the proposal's ``version`` as the user saw it; if someone decided in between,
    :class:`~reviewer.errors.DecisionConflict` carries their decision and nothing is written.
    A rejection needs a ``reason``. When confirming (or editing), ``label`` is the label the officer gives the
    finding (one of the four finding labels; None keeps the current one); the decision records it and, when it
    differs from the finding's current label, the proposal is re-drafted for it: action, legal basis and data
    source always, the text too unless an officer edited it (an ``edit`` keeps its own ``text``). An ``edit`` with
    a new label whose ``text`` is the proposal's text as it stood or the new label's draft (nothing was edited) is
    a ``confirm``: the text follows the new label with the rest of the proposal. An ``edit`` may also change the
    proposal's ``action`` (a key of rules.yaml ``actions``: the officer who rewrites "Giữ nguyên" into "Bãi bỏ" says
    so, and the report's Phương án column follows); its legal basis stays the one drafted for the paper.
    """
    if kind in OFFICER_DECISIONS:
        _require(user, "officer", "head", what=f"{kind} proposals")
    elif kind in HEAD_DECISIONS:
        _require(user, "head", what=f"{kind} proposals")
    else:
        raise BadInput(f"proposal {proposal_id}", f"unknown decision {kind!r}")
    exists, department = store.proposal_department(proposal_id)
    if not exists:
        raise BadInput(f"proposal {proposal_id}", "no such proposal")
    if user.department is not None and department != user.department:
        raise _deny(user, f"decide proposals of {department}")
    if action is not None and kind != "edit":
        raise BadInput(f"proposal {proposal_id}", f"the action is chosen when editing a proposal, not on {kind}")
    draft = None
    if label is not None and kind in ("confirm", "edit"):
        draft = relabelled_draft(store, user, proposal_id, label)
        if kind == "edit" and draft is not None and _unedited(text, store.get_proposal(proposal_id).text, draft.text):
            # The old label's text, untouched, would contradict the action and legal basis that follow the new label;
            # the new label's own text is what confirming writes.
            kind, text = "confirm", None
    if action is not None:
        draft = _with_action(store, proposal_id, action, draft)
    return store.decide(
        proposal_id, kind, user.username, expected_version, reason=reason, text=text, label=label, draft=draft
    )


def action_names() -> dict[str, str]:
    """The proposal actions an officer may choose, with their Vietnamese names (rules.yaml ``actions``)."""
    from reviewer.propose.rules import default_rules

    return dict(default_rules().action_names)


def _with_action(store: Store, proposal_id: int, action: str, draft: ProposalDraft | None) -> ProposalDraft | None:
    """The draft an edit writes when the officer also chose the action: the proposal as it stands (or as re-drafted
    for a new label) with that action."""
    from reviewer.propose import ProposalDraft

    if action not in action_names():
        raise BadInput(f"proposal {proposal_id}", f"unknown action {action!r}; one of {sorted(action_names())}")
    if draft is None:
        current = store.get_proposal(proposal_id)
        if action == current.action:
            return None
        draft = ProposalDraft(
            action=current.action,
            text=current.text,
            legal_basis=list(current.legal_basis),
            document_kind=current.document_kind,
            data_source=current.data_source,
        )
    return dataclasses.replace(draft, action=action)


def flag_missed(store: Store, user: User, finding_id: int, label: str) -> DecisionRow:
    """An officer's word that a unit the model called ``none`` does ask for a paper (one the desk's «Khoản có thể bị
    bỏ sót» shows, or any unit found by search): the proposal is drafted for ``label`` and confirmed with it, as if
    the model had flagged the unit and the officer relabelled it. The decision can be undone like any other."""
    _require(user, "officer", "head", what="flag missed requirements")
    detail = get_finding(store, user, finding_id)
    if detail.row.proposal is not None:
        raise BadInput(f"finding {finding_id}", "it already has a proposal: confirm it with the right label instead")
    draft = redraft(store, user, finding_id, label)
    created = store.add_proposals([(finding_id, draft)], actor=user.username)
    if not created:
        raise BadInput(f"finding {finding_id}", "someone drafted a proposal for it meanwhile; open it again")
    return decide(store, user, created[0], "confirm", 0, label=label)


def _unedited(text: str | None, *drafted: str) -> bool:
    return (text or "").strip() in {d.strip() for d in drafted}


def relabelled_draft(store: Store, user: User, proposal_id: int, label: str) -> ProposalDraft | None:
    """What confirming proposal ``proposal_id`` with ``label`` writes: the proposal re-drafted for that label (its
    text stays the officer's own when an edit stands), or None when ``label`` is the finding's current one."""
    proposal = store.get_proposal(proposal_id)
    detail = get_finding(store, user, proposal.finding_id)
    if label == (proposal.label or detail.row.label):
        return None
    draft = redraft(store, user, proposal.finding_id, label)
    if _edited(detail.decisions):
        # The officer's own wording stands; the rest of the draft follows the new label.
        draft = dataclasses.replace(draft, text=proposal.text)
    return draft


def undo_last(store: Store, user: User) -> DecisionRow:
    """Undo the user's own newest decision (itself recorded as an ``undo`` decision)."""
    _require(user, "officer", "head", what="undo decisions")
    return store.undo_last(user.username)


def decisions(store: Store, user: User, proposal_id: int) -> list[DecisionRow]:
    exists, department = store.proposal_department(proposal_id)
    if not exists:
        raise BadInput(f"proposal {proposal_id}", "no such proposal")
    if user.department is not None and department != user.department:
        raise _deny(user, f"see documents of {department}")
    return store.decisions(proposal_id)


def audit_log(
    store: Store, user: User, entity: str | None = None, entity_id: int | None = None, limit: int = 200
) -> list[AuditEntry]:
    """Who did what, newest first (admins only): every write of the store appends an entry."""
    _require(user, "admin", what="read the audit log")
    return store.audit_log(entity, entity_id, limit)
