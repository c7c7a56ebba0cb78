"""The store: SQLAlchemy models, Alembic migrations and the :class:`Store` that the API, scan and exports use.

Only plain records (``reviewer.store.records``) leave this package; it is the only place that knows SQL.
"""

from .records import (
    DECISION_KINDS,
    FINDING_LABELS,
    FINDING_ORDERS,
    PROPOSAL_STATUSES,
    ROLES,
    AuditEntry,
    DecisionRow,
    DepartmentProgress,
    DocumentRow,
    ExportRow,
    FindingDetail,
    FindingRow,
    ProposalRow,
    Stats,
    UnitRow,
    User,
)
from .store import UNSURE_NONE_BELOW, Store, text_hash

__all__ = [
    "DECISION_KINDS",
    "FINDING_LABELS",
    "FINDING_ORDERS",
    "PROPOSAL_STATUSES",
    "ROLES",
    "AuditEntry",
    "DecisionRow",
    "DepartmentProgress",
    "DocumentRow",
    "ExportRow",
    "FindingDetail",
    "FindingRow",
    "ProposalRow",
    "Stats",
    "Store",
    "UNSURE_NONE_BELOW",
    "UnitRow",
    "User",
    "text_hash",
]
