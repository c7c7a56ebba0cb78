"""SQLAlchemy ORM tables. The Alembic migrations in ``migrations/versions`` create exactly these.

Change a table here and add a migration beside it; ``Store`` upgrades every database to head on open.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class Department(Base):
    __tablename__ = "departments"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class UserModel(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class DocumentModel(Base):
    __tablename__ = "documents"
    __table_args__ = (
        Index("ix_documents_department_status", "department_id", "status"),
        Index("ix_documents_content_hash", "content_hash"),
        Index("ix_documents_source", "source"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    source: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(128))
    status: Mapped[str] = mapped_column(String(20))  # scanned | failed | superseded
    format: Mapped[str | None] = mapped_column(String(20))
    pages: Mapped[int | None] = mapped_column(Integer)
    number: Mapped[str | None] = mapped_column(String(100))
    type: Mapped[str | None] = mapped_column(String(100))
    title: Mapped[str | None] = mapped_column(Text)
    issuer: Mapped[str | None] = mapped_column(Text)
    date: Mapped[str | None] = mapped_column(String(20))
    meta: Mapped[dict] = mapped_column(JSON, default=dict)
    error: Mapped[str | None] = mapped_column(Text)
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class UnitModel(Base):
    __tablename__ = "units"
    __table_args__ = (
        UniqueConstraint("document_id", "position", name="uq_units_document_position"),
        Index("ix_units_text_hash", "text_hash"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    citation: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    context: Mapped[str] = mapped_column(Text, default="")
    page: Mapped[int | None] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20), default="clause")
    text_hash: Mapped[str] = mapped_column(String(64))


class FindingModel(Base):
    __tablename__ = "findings"
    __table_args__ = (
        # document_id and department_id are copied from the unit's document, so that the review desk's filters
        # and orders are answered from the findings table's own indexes.
        Index("ix_findings_document", "document_id"),
        Index("ix_findings_label_score", "label", "score"),
        Index("ix_findings_score", "score"),
        Index("ix_findings_unit", "unit_id"),
        # The review desk's main query: one department's findings, least certain first.
        Index("ix_findings_department_score", "department_id", "score"),
        # The queue's count of a department's findings (label not none, current documents) from the index
        # alone, without reading the findings' rows.
        Index("ix_findings_department_document", "department_id", "document_id", "label"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"))
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))  # the document's
    label: Mapped[str] = mapped_column(String(30))
    score: Mapped[float] = mapped_column(Float)
    scores: Mapped[dict] = mapped_column(JSON, default=dict)
    evidence: Mapped[list] = mapped_column(JSON, default=list)
    neighbours: Mapped[list] = mapped_column(JSON, default=list)
    model_version: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ProposalModel(Base):
    __tablename__ = "proposals"
    __table_args__ = (
        Index("ix_proposals_finding", "finding_id", unique=True),
        Index("ix_proposals_status", "status"),
        # The few findings an officer relabelled, for the queue's label filter (store._current_label_in). Partial:
        # with every NULL in it, ANALYZE's statistics made a lookup look like a scan of all proposals.
        Index(
            "ix_proposals_label",
            "label",
            sqlite_where=text("label IS NOT NULL"),
            postgresql_where=text("label IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    finding_id: Mapped[int] = mapped_column(ForeignKey("findings.id", ondelete="CASCADE"))
    action: Mapped[str] = mapped_column(String(30))
    text: Mapped[str] = mapped_column(Text)
    legal_basis: Mapped[list] = mapped_column(JSON, default=list)
    document_kind: Mapped[str | None] = mapped_column(String(50))
    data_source: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="pending")
    # The label the officer gave the finding when confirming (None: the model's label stands).
    label: Mapped[str | None] = mapped_column(String(30))
    version: Mapped[int] = mapped_column(Integer, default=0)
    carried_from_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id"))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class DecisionModel(Base):
    __tablename__ = "decisions"
    __table_args__ = (
        Index("ix_decisions_proposal", "proposal_id", "id"),
        Index("ix_decisions_reviewer", "reviewer", "id"),
        Index("ix_decisions_undoes", "undoes_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    reviewer: Mapped[str] = mapped_column(String(100))
    reason: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str | None] = mapped_column(Text)
    previous_text: Mapped[str | None] = mapped_column(Text)
    previous_status: Mapped[str] = mapped_column(String(20))
    new_status: Mapped[str] = mapped_column(String(20))
    version: Mapped[int] = mapped_column(Integer)  # the proposal version this decision produced
    undoes_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id"))
    label: Mapped[str | None] = mapped_column(String(30))  # the label the officer chose (confirm, edit)
    # The proposal's label, action, legal basis, kind and data source before this decision, when it changed
    # them (a relabel re-drafts the proposal), so that undo can put them back.
    previous_proposal: Mapped[dict | None] = mapped_column(JSON)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class AuditModel(Base):
    """Append-only: the migration installs triggers that refuse UPDATE and DELETE on this table."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_entity", "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    actor: Mapped[str | None] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(50))
    entity: Mapped[str] = mapped_column(String(30))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    detail: Mapped[dict] = mapped_column(JSON, default=dict)


class SignInModel(Base):
    """A signed-in browser: the desk keeps the token in its address, so that reloading the page keeps the user
    signed in. Only a hash of the token is kept; signing out, a new password or a disabled account removes it."""

    __tablename__ = "sign_ins"
    __table_args__ = (Index("ix_sign_ins_user", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
