"""Plain records the store hands out. No ORM object ever leaves ``reviewer.store``.

Everything here is a frozen dataclass so that the UI can cache it and the batch engine can pickle it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

# The labels of a finding (a paper requirement); an officer relabels among these, or rejects (→ "none"). The
# classifier's own tuple: importing reviewer.classify.data loads numpy, not torch or scikit-learn (a test checks).
from reviewer.classify.data import FINDING_LABELS as FINDING_LABELS

Role = Literal["department", "officer", "head", "admin"]
ROLES: tuple[str, ...] = ("department", "officer", "head", "admin")

ProposalStatus = Literal["pending", "confirmed", "rejected", "approved", "returned"]
PROPOSAL_STATUSES: tuple[str, ...] = ("pending", "confirmed", "rejected", "approved", "returned")

DecisionKind = Literal["confirm", "edit", "reject", "approve", "return", "undo"]
DECISION_KINDS: tuple[str, ...] = ("confirm", "edit", "reject", "approve", "return", "undo")

DocumentStatus = Literal["scanned", "failed", "superseded"]

# Orders list_findings understands; "least_certain" puts the findings the model is least sure of first.
FINDING_ORDERS: tuple[str, ...] = ("least_certain", "most_certain", "position", "newest")


@dataclass(frozen=True)
class User:
    id: int
    username: str
    role: str
    department: str | None = None
    active: bool = True


@dataclass(frozen=True)
class DocumentRow:
    id: int
    department: str | None
    source: str
    content_hash: str
    status: str  # scanned | failed | superseded
    format: str | None
    pages: int | None
    number: str | None
    type: str | None
    title: str | None
    issuer: str | None
    date: str | None
    error: str | None
    created_at: datetime
    units: int = 0
    findings: int = 0
    supersedes_id: int | None = None


@dataclass(frozen=True)
class DecisionRow:
    id: int
    proposal_id: int
    kind: str
    reviewer: str
    reason: str | None
    text: str | None  # the proposal text as it stood after this decision (edited text for "edit")
    previous_text: str | None
    previous_status: str
    new_status: str
    undoes_id: int | None
    at: datetime
    # The label this decision set: the one the officer chose when confirming, or the one an undo put back.
    # None when the decision set no label (reject, approve, return, a confirm without a chosen label).
    label: str | None = None
    previous_label: str | None = None  # the officer's label before a decision that set one (None: the model's)


@dataclass(frozen=True)
class ProposalRow:
    id: int
    finding_id: int
    action: str
    text: str
    legal_basis: tuple[str, ...]
    document_kind: str | None
    data_source: str | None
    status: str
    version: int
    carried_from_id: int | None = None
    label: str | None = None  # the officer's label, when one was chosen; else the model's label stands


@dataclass(frozen=True)
class FindingRow:
    """One finding with its clause unit, its document and its proposal: one line of the review desk."""

    id: int
    label: str
    score: float
    model_version: str
    document_id: int
    document_source: str
    document_number: str | None
    document_title: str | None
    department: str | None
    unit_id: int
    position: int
    citation: str
    text: str
    context: str
    page: int | None
    proposal: ProposalRow | None
    document_type: str | None = None  # Luật, Nghị định, Thông tư, Quyết định …

    @property
    def officer_label(self) -> str | None:
        """The label an officer chose for this finding, if any."""
        return self.proposal.label if self.proposal is not None else None

    @property
    def current_label(self) -> str:
        """The officer's label when there is one, else the model's."""
        return self.officer_label or self.label


@dataclass(frozen=True)
class UnitRow:
    """A stored clause unit, with its finding and proposal when it has them (confident "none" units do not)."""

    id: int
    document_id: int
    position: int
    citation: str
    text: str
    context: str
    page: int | None
    kind: str
    finding_id: int | None = None
    label: str | None = None
    score: float | None = None
    proposal_id: int | None = None
    proposal_status: str | None = None


@dataclass(frozen=True)
class FindingDetail:
    """A finding with everything the review desk shows beside it: scores, evidence, neighbours, history."""

    row: FindingRow
    scores: dict[str, float]
    evidence: list[dict]
    neighbours: list[dict]
    decisions: tuple[DecisionRow, ...] = ()


@dataclass(frozen=True)
class Stats:
    documents: int
    failed: int
    units: int
    findings: int
    by_label: dict[str, int] = field(default_factory=dict)
    by_status: dict[str, int] = field(default_factory=dict)
    by_action: dict[str, int] = field(default_factory=dict)

    @property
    def decided(self) -> int:
        return sum(n for status, n in self.by_status.items() if status != "pending")


@dataclass(frozen=True)
class DepartmentProgress:
    department: str | None
    documents: int
    failed: int
    findings: int
    pending: int
    decided: int


@dataclass(frozen=True)
class ExportRow:
    """One finding as the exports print it (csv, xlsx, docx).

    ``label`` is the officer's label when an officer chose one, else the model's; ``model_label`` is always
    the model's, ``officer_label`` only the officer's (None when nobody relabelled or confirmed a label).
    """

    department: str | None
    document_id: int
    document_source: str
    document_number: str | None
    document_title: str | None
    position: int
    citation: str
    text: str
    context: str
    label: str
    score: float
    document_kind: str | None
    action: str | None
    proposal_text: str | None
    legal_basis: tuple[str, ...]
    status: str | None
    decision: str | None  # the last decision's kind
    reviewer: str | None
    reason: str | None
    decided_at: datetime | None
    document_type: str | None = None  # Luật, Nghị định, Thông tư, Quyết định, Thủ tục hành chính …
    model_label: str | None = None
    officer_label: str | None = None


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    actor: str | None
    action: str
    entity: str
    entity_id: int | None
    detail: dict
