"""The store: the only module that knows SQL.

``Store(url)`` opens (and migrates to head) a SQLite file or a PostgreSQL database and offers plain-data
methods for the scan, the API and the exports. Every write appends to the audit log in the same transaction.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import secrets
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import and_, delete, func, insert, or_, select, update
from sqlalchemy import text as sql_text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, aliased, sessionmaker

from reviewer.config import settings
from reviewer.document import LIST_MARKER, Document
from reviewer.errors import BadInput, DecisionConflict, StoreUnavailable

from .engine import immediate_transactions, make_engine, upgrade_to_head
from .models import (
    AuditModel,
    DecisionModel,
    Department,
    DocumentModel,
    FindingModel,
    ProposalModel,
    SignInModel,
    UnitModel,
    UserModel,
    utcnow,
)
from .records import (
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

# Which decision moves a proposal from which statuses to which status. "edit" confirms with a new text.
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "confirm": (frozenset({"pending", "confirmed", "rejected", "returned"}), "confirmed"),
    "edit": (frozenset({"pending", "confirmed", "rejected", "returned"}), "confirmed"),
    "reject": (frozenset({"pending", "confirmed", "rejected", "returned"}), "rejected"),
    "approve": (frozenset({"confirmed"}), "approved"),
    "return": (frozenset({"confirmed"}), "returned"),
}

_password_hasher = PasswordHasher()
SIGN_IN_REFRESH = timedelta(minutes=5)  # how stale a sign-in's expiry may be before a page in use pushes it on

# Units the model labels "none" with a score below this are doubtful: a missed paper requirement costs more
# than a false alarm, so the review desk offers them (list_findings(label="none", max_score=…)).
UNSURE_NONE_BELOW = 0.6

# A finding's label as the desk shows it and the exports print it: the officer's when one was chosen, else the
# model's. Usable in a query that (outer-)joins proposals to findings.
CURRENT_LABEL = func.coalesce(ProposalModel.label, FindingModel.label)


def _is_finding():
    """``CURRENT_LABEL != 'none'`` without a join: the model flagged the unit, or an officer gave it a finding label
    (a requirement the model missed, ``reviewer.api.flag_missed``)."""
    officer_labelled = select(ProposalModel.finding_id).where(ProposalModel.label.is_not(None))
    return or_(FindingModel.label != "none", FindingModel.id.in_(officer_labelled))


def _current_label_in(labels: Sequence[str]):
    """``CURRENT_LABEL IN labels`` without a join, so that the findings' label indexes serve it: the model's label
    is one of ``labels`` and no officer chose another, or an officer chose one of them. An officer's label is
    always one of FINDING_LABELS (``decide`` refuses others), and ix_proposals_label finds the few chosen."""

    def relabelled(to: list[str]):
        return select(ProposalModel.finding_id).where(ProposalModel.label.is_not(None), ProposalModel.label.in_(to))

    into = [label for label in FINDING_LABELS if label in labels]
    away = [label for label in FINDING_LABELS if label not in labels]
    condition = FindingModel.label.in_(list(labels))
    if away:
        condition = and_(condition, FindingModel.id.not_in(relabelled(away)))
    if into:
        condition = or_(condition, FindingModel.id.in_(relabelled(into)))
    return condition


def _bare_wording(text: str) -> str:
    """A unit's words without its list marker: a clause's number changes when one is inserted before it."""
    return re.sub(r"\s+", " ", LIST_MARKER.sub("", unicodedata.normalize("NFC", text or ""))).strip().lower()


class _Carry:
    """Which decided proposal of the old version of a document goes to which unit of the new one.

    First by the exact wording with its lead-in (``text_hash``), in document order. Then, for what is left, by the
    unit's words alone without its list marker, where those words occur once among the old decided units left and
    once in the new document: a khoản renumbered by an inserted one, or a lead-in the reader now gives more fully,
    keeps its decision; two identical items under different lead-ins are never guessed between.
    """

    def __init__(self, rows: list[tuple[str, str, ProposalModel]]):
        self.by_hash: dict[str, list[ProposalModel]] = defaultdict(list)
        self.by_words: dict[str, list[ProposalModel]] = defaultdict(list)
        self.used: set[int] = set()
        for wording, text, proposal in rows:
            self.by_hash[wording].append(proposal)
            self.by_words[_bare_wording(text)].append(proposal)

    def match(
        self, units: list[tuple[int, str, str]], new_texts: list[str], flagged_only: bool = False
    ) -> dict[int, ProposalModel]:
        """``units``: (position, text hash, unit text) of new units; each old proposal goes to one unit at most,
        across calls. ``flagged_only``: only proposals an officer gave a label to (a requirement the model missed,
        which the new scan's model may miss again: the officer's word carries over all the same)."""

        def free(proposals: list[ProposalModel]) -> list[ProposalModel]:
            return [p for p in proposals if id(p) not in self.used and (p.label is not None or not flagged_only)]

        taken: dict[int, ProposalModel] = {}
        for position, wording, _ in units:
            pool = free(self.by_hash.get(wording, []))
            if pool:
                taken[position] = pool[0]
                self.used.add(id(pool[0]))
        new_counts = Counter(_bare_wording(text) for text in new_texts)
        for position, _, text in units:
            words = _bare_wording(text)
            if position in taken or new_counts[words] != 1:
                continue
            pool = free(self.by_words.get(words, []))
            if len(self.by_words.get(words, [])) == 1 and len(pool) == 1:
                taken[position] = pool[0]
                self.used.add(id(pool[0]))
        return taken


def _findings_of_another_model(document_id, model_version: str):
    """A document's findings that another model version produced (``document_id``: a value or a column)."""
    return select(FindingModel.id).where(
        FindingModel.document_id == document_id, FindingModel.model_version != model_version
    )


def text_hash(text: str, context: str = "") -> str:
    """Identity of a clause unit's wording across re-scans: NFC, whitespace collapsed, with its lead-in."""

    def norm(value: str) -> str:
        return re.sub(r"\s+", " ", unicodedata.normalize("NFC", value or "")).strip()

    return hashlib.sha256(f"{norm(text)}\x1f{norm(context)}".encode()).hexdigest()


def to_jsonable(value: Any) -> Any:
    """Dataclasses, tuples and numpy scalars (from the classifier) into plain JSON values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_jsonable(v) for v in value]
    if hasattr(value, "model_dump"):
        return to_jsonable(value.model_dump())
    if hasattr(value, "item") and callable(value.item):
        return value.item()
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _aware(moment: datetime | None) -> datetime | None:
    # SQLite hands datetimes back without a zone; everything the store writes is UTC.
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


def _shown(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return "the database URL"


class Store:
    """A reviewer database: ``Store()`` opens the SQLite file from settings, ``Store(url)`` any other.

    Opening upgrades the schema to the newest migration. One ``Store`` may be shared by threads; each process
    opens its own.
    """

    def __init__(self, url: str | None = None):
        self.url = url or settings().effective_database_url
        try:
            self._engine = make_engine(self.url)
            upgrade_to_head(self._engine)
        except (SQLAlchemyError, ValueError, OSError) as error:
            # The driver's first line says why (refused, unknown host, bad password); the URL is shown without it.
            reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
            raise StoreUnavailable(_shown(self.url), f"cannot open the database ({reason})") from error
        self._sessions = sessionmaker(self._engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self._engine.dialect.name

    def close(self) -> None:
        self._engine.dispose()

    def optimize(self) -> None:
        """Refresh the query planner's statistics; call it after a batch scan has added many documents.

        Without it PostgreSQL plans the review desk's first page from empty-table estimates until autovacuum
        catches up (110 ms instead of 16 ms at 12,000 findings).
        """
        # ANALYZE (unlike VACUUM) may run inside a transaction on both databases.
        with self._write() as session:
            session.execute(sql_text("ANALYZE"))

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self._engine.url.render_as_string(hide_password=True)!r})"

    # -- transactions -------------------------------------------------------------------------------------

    @contextmanager
    def _write(self) -> Iterator[Session]:
        """One write transaction: committed whole at the end or rolled back whole on any error."""
        token = immediate_transactions().set(True)
        try:
            with self._sessions.begin() as session:
                yield session
        finally:
            immediate_transactions().reset(token)

    @contextmanager
    def _read(self) -> Iterator[Session]:
        with self._sessions() as session:
            yield session

    @staticmethod
    def _audit(session: Session, actor: str | None, action: str, entity: str, entity_id: int | None, **detail):
        session.add(
            AuditModel(actor=actor, action=action, entity=entity, entity_id=entity_id, detail=to_jsonable(detail))
        )

    # -- departments and users ----------------------------------------------------------------------------

    def _department_id(self, session: Session, name: str | None, create: bool = True) -> int | None:
        if not name:
            return None
        found = session.scalar(select(Department.id).where(Department.name == name))
        if found is not None or not create:
            return found
        # A concurrent writer may create the same department: a savepoint keeps our transaction alive.
        try:
            with session.begin_nested():
                department = Department(name=name)
                session.add(department)
                session.flush()
            self._audit(session, None, "create", "department", department.id, name=name)
            return department.id
        except IntegrityError:
            return session.scalar(select(Department.id).where(Department.name == name))

    def ensure_department(self, name: str) -> None:
        with self._write() as session:
            self._department_id(session, name)

    def list_departments(self) -> list[str]:
        with self._read() as session:
            return list(session.scalars(select(Department.name).order_by(Department.name)))

    def _user_row(self, session: Session, model: UserModel) -> User:
        department = session.get(Department, model.department_id) if model.department_id else None
        return User(
            id=model.id,
            username=model.username,
            role=model.role,
            department=department.name if department else None,
            active=model.active,
        )

    def add_user(
        self, username: str, password: str, role: str, department: str | None = None, actor: str | None = None
    ) -> User:
        if role not in ROLES:
            raise BadInput(username, f"unknown role {role!r}; choose one of {', '.join(ROLES)}")
        if role in ("department", "officer", "head") and not department:
            raise BadInput(username, f"a {role} user needs a department")
        if not password:
            raise BadInput(username, "empty password")
        with self._write() as session:
            if session.scalar(select(UserModel.id).where(UserModel.username == username)) is not None:
                raise BadInput(username, "a user with this name already exists")
            model = UserModel(
                username=username,
                password_hash=_password_hasher.hash(password),
                role=role,
                department_id=self._department_id(session, department),
            )
            session.add(model)
            session.flush()
            self._audit(session, actor, "create", "user", model.id, username=username, role=role)
            return self._user_row(session, model)

    def get_user(self, username: str) -> User | None:
        with self._read() as session:
            model = session.scalar(select(UserModel).where(UserModel.username == username))
            return self._user_row(session, model) if model else None

    def list_users(self) -> list[User]:
        with self._read() as session:
            return [self._user_row(session, m) for m in session.scalars(select(UserModel).order_by(UserModel.id))]

    def check_password(self, username: str, password: str) -> User | None:
        """The user if the password matches and the account is active, else None."""
        with self._read() as session:
            model = session.scalar(select(UserModel).where(UserModel.username == username))
            if model is None or not model.active:
                return None
            try:
                _password_hasher.verify(model.password_hash, password)
            except (VerificationError, InvalidHashError):
                return None
            return self._user_row(session, model)

    def set_password(self, username: str, password: str, actor: str | None = None) -> None:
        with self._write() as session:
            model = session.scalar(select(UserModel).where(UserModel.username == username))
            if model is None:
                raise BadInput(username, "no such user")
            model.password_hash = _password_hasher.hash(password)
            self._end_sign_ins(session, model.id)  # a browser signed in with the old password is signed out
            self._audit(session, actor, "set_password", "user", model.id)

    def set_active(self, username: str, active: bool, actor: str | None = None) -> None:
        with self._write() as session:
            model = session.scalar(select(UserModel).where(UserModel.username == username))
            if model is None:
                raise BadInput(username, "no such user")
            model.active = active
            if not active:
                self._end_sign_ins(session, model.id)
            self._audit(session, actor, "activate" if active else "deactivate", "user", model.id)

    # -- signed-in browsers ----------------------------------------------------------------------------------

    @staticmethod
    def _token_hash(token: str) -> str:
        return hashlib.sha256(token.encode("utf-8")).hexdigest()

    @staticmethod
    def _end_sign_ins(session: Session, user_id: int) -> None:
        session.execute(delete(SignInModel).where(SignInModel.user_id == user_id))

    def start_sign_in(self, username: str, lifetime: timedelta) -> str:
        """A new random token that :meth:`signed_in_user` accepts for ``lifetime``; only its hash is stored."""
        token = secrets.token_urlsafe(32)
        now = utcnow()
        with self._write() as session:
            user_id = session.scalar(select(UserModel.id).where(UserModel.username == username))
            if user_id is None:
                raise BadInput(username, "no such user")
            session.execute(delete(SignInModel).where(SignInModel.expires_at < now))
            session.add(
                SignInModel(
                    token_hash=self._token_hash(token), user_id=user_id, created_at=now, expires_at=now + lifetime
                )
            )
        return token

    def signed_in_user(self, token: str, extend: timedelta | None = None) -> User | None:
        """The active user whose unexpired sign-in this token is, else None. With ``extend``, a sign-in in use
        lasts ``extend`` from now (written at most every few minutes): a page in use is not signed out."""
        if not token:
            return None
        now = utcnow()
        with self._read() as session:
            row = session.scalar(select(SignInModel).where(SignInModel.token_hash == self._token_hash(token)))
            if row is None or _aware(row.expires_at) <= now:
                return None
            model = session.get(UserModel, row.user_id)
            user = self._user_row(session, model) if model is not None and model.active else None
            stale = extend is not None and _aware(row.expires_at) < now + extend - SIGN_IN_REFRESH
            row_id = row.id
        if user is not None and stale:
            with self._write() as session:
                session.execute(update(SignInModel).where(SignInModel.id == row_id).values(expires_at=now + extend))
        return user

    def end_sign_in(self, token: str) -> None:
        with self._write() as session:
            session.execute(delete(SignInModel).where(SignInModel.token_hash == self._token_hash(token)))

    # -- documents and scans ------------------------------------------------------------------------------

    def has_document(
        self,
        content_hash: str,
        department: str | None = None,
        include_failed: bool = True,
        model_version: str | None = None,
    ) -> bool:
        """True when a current (not superseded) document with this content is stored: the scan skips it.

        With ``model_version``, a document whose findings came from another model does not count (the scan reads
        it again, and the officers' decisions carry over to the new findings).
        """
        stored = self.stored_status(content_hash, department, model_version)
        return stored is not None and (include_failed or stored[0] == "scanned")

    def stored_status(
        self, content_hash: str, department: str | None = None, model_version: str | None = None
    ) -> tuple[str, str | None] | None:
        """``("scanned", None)`` or ``("failed", reason)`` for the current document with this content (a scanned
        one first), None when none is stored; ``model_version`` as for :meth:`has_document`."""
        with self._read() as session:
            query = select(DocumentModel.status, DocumentModel.error).where(
                DocumentModel.content_hash == content_hash, DocumentModel.status.in_(("scanned", "failed"))
            )
            if department is not None:
                query = query.join(Department, Department.id == DocumentModel.department_id).where(
                    Department.name == department
                )
            if model_version is not None:
                query = query.where(~_findings_of_another_model(DocumentModel.id, model_version).exists())
            # "scanned" sorts after "failed": descending puts a readable copy first
            row = session.execute(query.order_by(DocumentModel.status.desc()).limit(1)).first()
            return (row[0], row[1]) if row else None

    @staticmethod
    def _classified_by_another_model(session: Session, document_id: int, model_version: str) -> bool:
        if not model_version:
            return False
        return session.scalar(_findings_of_another_model(document_id, model_version).limit(1)) is not None

    def _current_document(self, session: Session, department_id: int | None, source: str) -> DocumentModel | None:
        department_test = (
            DocumentModel.department_id.is_(None)
            if department_id is None
            else DocumentModel.department_id == department_id
        )
        return session.scalar(
            select(DocumentModel)
            .where(department_test, DocumentModel.source == source, DocumentModel.status != "superseded")
            .order_by(DocumentModel.id.desc())
            .limit(1)
            # A re-scan holds the old document until it has carried the decisions over; deciders wait on it
            # (PostgreSQL; SQLite writers are serialised anyway).
            .with_for_update()
        )

    def save_scan(
        self,
        department: str | None,
        source: str,
        content_hash: str,
        document: Document,
        predictions: Sequence[Any | None],
        proposals: Sequence[Any | None] = (),
        model_version: str = "",
        actor: str | None = None,
        keep_none_below: float | None = None,
    ) -> int:
        """Store one scanned document in one transaction and return its id.

        ``predictions[i]`` is the classifier's ``Prediction`` (label, score, scores, evidence, neighbours) for
        ``document.units[i]``, or None when the unit is not worth storing as a finding; ``proposals[i]`` is
        the ``ProposalDraft`` (action, text, legal_basis, document_kind, data_source) for it, or None.
        Every prediction given is stored (list_findings hides "none" unless asked); with ``keep_none_below``
        a "none" prediction is stored only when its score is below it.
        Re-scanning a source whose content changed supersedes the old document and carries each decided
        proposal over to the unit with the same wording (text hash), or failing that with the same words under a
        new number or lead-in where those words are unique (:class:`_Carry`); everything else starts pending.
        Scanning the same content again returns the stored document's id and writes nothing, unless another
        ``model_version`` classified it: then it is stored anew and the decisions carry over in the same way.
        """
        units = document.units
        if len(predictions) > len(units) or len(proposals) > len(units):
            raise BadInput(source, "more predictions or proposals than units")
        with self._write() as session:
            department_id = self._department_id(session, department)
            previous = self._current_document(session, department_id, source)
            if (
                previous is not None
                and previous.content_hash == content_hash
                and previous.status == "scanned"
                and not self._classified_by_another_model(session, previous.id, model_version)
            ):
                return previous.id
            meta = document.meta
            model = DocumentModel(
                department_id=department_id,
                source=source,
                content_hash=content_hash,
                status="scanned",
                format=meta.format,
                pages=meta.pages,
                number=meta.number,
                type=meta.type,
                title=meta.title,
                issuer=meta.issuer,
                date=meta.date,
                meta=to_jsonable(meta),
                supersedes_id=previous.id if previous else None,
            )
            session.add(model)
            session.flush()
            carry = self._decided_by_wording(session, previous.id) if previous else _Carry([])
            if previous is not None:
                previous.status = "superseded"
                self._audit(session, actor, "supersede", "document", previous.id, by=model.id)

            # Batched INSERTs of plain rows, not ORM objects (a decree has thousands of units); the new ids are
            # read back by position, which works on both databases without row-by-row RETURNING.
            hashes = [text_hash(unit.text, unit.context) for unit in units]
            unit_rows = [
                {
                    "document_id": model.id,
                    "position": position,
                    "citation": unit.citation,
                    "text": unit.text,
                    "context": unit.context or "",
                    "page": unit.page,
                    "kind": unit.kind,
                    "text_hash": hashes[position],
                }
                for position, unit in enumerate(units)
            ]
            if unit_rows:
                session.execute(insert(UnitModel), unit_rows)
            unit_ids = {
                position: unit_id
                for position, unit_id in session.execute(
                    select(UnitModel.position, UnitModel.id).where(UnitModel.document_id == model.id)
                )
            }

            kept_positions = [
                position
                for position, prediction in enumerate(predictions)
                if prediction is not None
                and not (
                    keep_none_below is not None and prediction.label == "none" and prediction.score >= keep_none_below
                )
            ]
            now = utcnow()
            finding_rows = [
                {
                    "unit_id": unit_ids[position],
                    "document_id": model.id,
                    "department_id": department_id,
                    "label": predictions[position].label,
                    "score": float(predictions[position].score),
                    "scores": to_jsonable(getattr(predictions[position], "scores", {}) or {}),
                    "evidence": to_jsonable(list(getattr(predictions[position], "evidence", ()) or ())),
                    "neighbours": to_jsonable(list(getattr(predictions[position], "neighbours", ()) or ())),
                    "model_version": model_version,
                    "created_at": now,
                }
                for position in kept_positions
            ]
            if finding_rows:
                session.execute(insert(FindingModel), finding_rows)
            unit_position = {unit_id: position for position, unit_id in unit_ids.items()}
            finding_of = {
                unit_position[unit_id]: finding_id
                for finding_id, unit_id in session.execute(
                    select(FindingModel.id, FindingModel.unit_id).where(FindingModel.document_id == model.id)
                )
            }

            drafted = [position for position, draft in enumerate(proposals) if draft is not None]
            if missing := [position for position in drafted if position not in finding_of]:
                raise BadInput(source, f"a proposal for unit {missing[0]} has no prediction")
            texts = [u.text for u in units]
            carried_over = carry.match([(p, hashes[p], texts[p]) for p in drafted], texts)
            undrafted = sorted(set(finding_of) - set(drafted))
            flagged = carry.match([(p, hashes[p], texts[p]) for p in undrafted], texts, flagged_only=True)
            carried = 0
            proposal_rows = []
            for position in drafted + list(flagged):
                # A unit an officer flagged as missed has no new draft: its old proposal is the draft.
                row = self._proposal_values(finding_of[position], flagged.get(position) or proposals[position], now)
                kept = carried_over.get(position) or flagged.get(position)
                if kept is not None:
                    row.update(status=kept.status, text=kept.text, carried_from_id=kept.id)
                    if kept.label is not None:
                        # The officer's label goes with the proposal drafted for it, not the model's new draft.
                        row.update(label=kept.label, **self._draft_fields(kept))
                    carried += 1
                proposal_rows.append(row)
            if proposal_rows:
                session.execute(insert(ProposalModel), proposal_rows)
            self._audit(
                session,
                actor,
                "scan",
                "document",
                model.id,
                source=source,
                units=len(unit_ids),
                findings=len(finding_rows),
                proposals=len(proposal_rows),
                carried=carried,
            )
            return model.id

    @staticmethod
    def _proposal_values(finding_id: int, draft: Any, now: datetime) -> dict:
        return {
            "finding_id": finding_id,
            "action": draft.action,
            "text": draft.text,
            "legal_basis": list(draft.legal_basis),
            "document_kind": getattr(draft, "document_kind", None),
            "data_source": getattr(draft, "data_source", None),
            "status": "pending",
            "label": None,
            "version": 0,
            "carried_from_id": None,
            "updated_at": now,
        }

    @staticmethod
    def _draft_fields(proposal: ProposalModel) -> dict:
        """What a (re-)draft sets on a proposal besides its text."""
        return {
            "action": proposal.action,
            "legal_basis": list(proposal.legal_basis or ()),
            "document_kind": proposal.document_kind,
            "data_source": proposal.data_source,
        }

    @staticmethod
    def _proposal_from_draft(finding_id: int, draft: Any) -> ProposalModel:
        return ProposalModel(**Store._proposal_values(finding_id, draft, utcnow()))

    @staticmethod
    def _decided_by_wording(session: Session, document_id: int) -> _Carry:
        """The old document's decided proposals with their unit's wording, in document order."""
        rows = session.execute(
            select(UnitModel.text_hash, UnitModel.text, ProposalModel)
            .join(FindingModel, FindingModel.unit_id == UnitModel.id)
            .join(ProposalModel, ProposalModel.finding_id == FindingModel.id)
            .where(UnitModel.document_id == document_id, ProposalModel.status != "pending")
            .order_by(UnitModel.position)
        )
        return _Carry([(wording, text, proposal) for wording, text, proposal in rows])

    def record_failure(
        self, department: str | None, source: str, content_hash: str, reason: str, actor: str | None = None
    ) -> int:
        """Store a refused file (unreadable, encrypted, too large …) with its reason; returns its id."""
        with self._write() as session:
            department_id = self._department_id(session, department)
            previous = self._current_document(session, department_id, source)
            if previous is not None and previous.content_hash == content_hash and previous.status == "failed":
                return previous.id
            model = DocumentModel(
                department_id=department_id,
                source=source,
                content_hash=content_hash,
                status="failed",
                error=reason,
                meta={},
                supersedes_id=previous.id if previous else None,
            )
            session.add(model)
            session.flush()
            if previous is not None:
                # A working scan of the same source stays current; the failure is kept beside it as history.
                if previous.status == "scanned":
                    model.status, model.supersedes_id = "superseded", None
                else:
                    previous.status = "superseded"
            self._audit(session, actor, "fail", "document", model.id, source=source, reason=reason)
            return model.id

    def _document_row(self, model: DocumentModel, department: str | None, units: int = 0, findings: int = 0):
        return DocumentRow(
            id=model.id,
            department=department,
            source=model.source,
            content_hash=model.content_hash,
            status=model.status,
            format=model.format,
            pages=model.pages,
            number=model.number,
            type=model.type,
            title=model.title,
            issuer=model.issuer,
            date=model.date,
            error=model.error,
            created_at=_aware(model.created_at),
            units=units,
            findings=findings,
            supersedes_id=model.supersedes_id,
        )

    def list_documents(
        self, department: str | None = None, status: str | None = None, include_superseded: bool = False
    ) -> list[DocumentRow]:
        units = select(UnitModel.document_id, func.count().label("n")).group_by(UnitModel.document_id).subquery()
        findings = (
            select(FindingModel.document_id, func.count().label("n"))
            .where(_is_finding())
            .group_by(FindingModel.document_id)
            .subquery()
        )
        query = (
            select(DocumentModel, Department.name, units.c.n, findings.c.n)
            .outerjoin(Department, Department.id == DocumentModel.department_id)
            .outerjoin(units, units.c.document_id == DocumentModel.id)
            .outerjoin(findings, findings.c.document_id == DocumentModel.id)
            .order_by(DocumentModel.id)
        )
        if department is not None:
            query = query.where(Department.name == department)
        if status is not None:
            query = query.where(DocumentModel.status == status)
        elif not include_superseded:
            query = query.where(DocumentModel.status != "superseded")
        with self._read() as session:
            return [
                self._document_row(model, name, n_units or 0, n_findings or 0)
                for model, name, n_units, n_findings in session.execute(query)
            ]

    def get_document(self, document_id: int) -> DocumentRow | None:
        with self._read() as session:
            model = session.get(DocumentModel, document_id)
            if model is None:
                return None
            department = session.get(Department, model.department_id) if model.department_id else None
            n_units = session.scalar(select(func.count()).where(UnitModel.document_id == document_id))
            n_findings = session.scalar(
                select(func.count()).where(FindingModel.document_id == document_id, _is_finding())
            )
            return self._document_row(model, department.name if department else None, n_units, n_findings)

    def units(self, document_id: int, start: int | None = None, end: int | None = None) -> list[UnitRow]:
        """A document's units in reading order (positions ``start`` to ``end`` inclusive), with their findings."""
        query = (
            select(
                UnitModel,
                FindingModel.id,
                FindingModel.label,
                FindingModel.score,
                ProposalModel.id,
                ProposalModel.status,
            )
            .outerjoin(FindingModel, FindingModel.unit_id == UnitModel.id)
            .outerjoin(ProposalModel, ProposalModel.finding_id == FindingModel.id)
            .where(UnitModel.document_id == document_id)
            .order_by(UnitModel.position)
        )
        if start is not None:
            query = query.where(UnitModel.position >= start)
        if end is not None:
            query = query.where(UnitModel.position <= end)
        with self._read() as session:
            return [
                UnitRow(
                    id=unit.id,
                    document_id=unit.document_id,
                    position=unit.position,
                    citation=unit.citation,
                    text=unit.text,
                    context=unit.context,
                    page=unit.page,
                    kind=unit.kind,
                    finding_id=finding_id,
                    label=label,
                    score=score,
                    proposal_id=proposal_id,
                    proposal_status=status,
                )
                for unit, finding_id, label, score, proposal_id, status in session.execute(query)
            ]

    # -- findings -----------------------------------------------------------------------------------------

    @staticmethod
    def _proposal_row(model: ProposalModel | None) -> ProposalRow | None:
        if model is None:
            return None
        return ProposalRow(
            id=model.id,
            finding_id=model.finding_id,
            action=model.action,
            text=model.text,
            legal_basis=tuple(model.legal_basis or ()),
            document_kind=model.document_kind,
            data_source=model.data_source,
            status=model.status,
            version=model.version,
            carried_from_id=model.carried_from_id,
            label=model.label,
        )

    def _finding_query(self):
        return (
            select(FindingModel, UnitModel, DocumentModel, Department.name, ProposalModel)
            .join(UnitModel, UnitModel.id == FindingModel.unit_id)
            .join(DocumentModel, DocumentModel.id == FindingModel.document_id)
            .outerjoin(Department, Department.id == DocumentModel.department_id)
            .outerjoin(ProposalModel, ProposalModel.finding_id == FindingModel.id)
        )

    def _finding_row(self, finding, unit, document, department, proposal) -> FindingRow:
        return FindingRow(
            id=finding.id,
            label=finding.label,
            score=finding.score,
            model_version=finding.model_version,
            document_id=document.id,
            document_source=document.source,
            document_number=document.number,
            document_title=document.title,
            department=department,
            unit_id=unit.id,
            position=unit.position,
            citation=unit.citation,
            text=unit.text,
            context=unit.context,
            page=unit.page,
            proposal=self._proposal_row(proposal),
            document_type=document.type,
        )

    @staticmethod
    def _filter_findings(
        query,
        department: str | None = None,
        document_id: int | None = None,
        label: str | Sequence[str] | None = None,
        status: str | Sequence[str] | None = None,
        action: str | Sequence[str] | None = None,
        document_kind: str | Sequence[str] | None = None,
        search: str | None = None,
        min_score: float | None = None,
        max_score: float | None = None,
        include_none: bool = False,
        include_superseded: bool = False,
    ):
        def one_or_many(column, value):
            return column == value if isinstance(value, str) else column.in_(list(value))

        if department is not None:
            # Through the findings' own (department_id, score) index rather than a join on the name.
            department_id = select(Department.id).where(Department.name == department).scalar_subquery()
            query = query.where(FindingModel.department_id == department_id)
        if document_id is not None:
            query = query.where(FindingModel.document_id == document_id)
        if label is not None:
            query = query.where(_current_label_in([label] if isinstance(label, str) else list(label)))
        elif not include_none:
            # An officer's label is never none (a rejection is the way to say so); the few units an officer flagged
            # as missed come through ix_proposals_label, the rest through ix_findings_department_document.
            query = query.where(_is_finding())
        if status is not None:
            query = query.where(one_or_many(ProposalModel.status, status))
        if action is not None:
            query = query.where(one_or_many(ProposalModel.action, action))
        if document_kind is not None:
            query = query.where(one_or_many(ProposalModel.document_kind, document_kind))
        if search:
            pattern = f"%{search}%"
            # the clause's words, its citation, or its document's số hiệu ("68/2020")
            query = query.where(
                or_(
                    UnitModel.text.ilike(pattern),
                    UnitModel.citation.ilike(pattern),
                    DocumentModel.number.ilike(pattern),
                )
            )
        if min_score is not None:
            query = query.where(FindingModel.score >= min_score)
        if max_score is not None:
            query = query.where(FindingModel.score <= max_score)
        if not include_superseded:
            query = query.where(DocumentModel.status == "scanned")
        return query

    def list_findings(
        self,
        *,
        order: str = "least_certain",
        limit: int | None = 100,
        offset: int = 0,
        **filters: Any,
    ) -> list[FindingRow]:
        """Findings with their unit, document and proposal, one page at a time.

        Filters (all optional): ``department``, ``document_id``, ``label`` (the officer's label when one was
        chosen, else the model's: the one ``FindingRow.current_label`` gives), ``status`` (of the proposal),
        ``action``, ``document_kind`` (each a value or a list), ``search`` (substring of text or citation),
        ``min_score``, ``max_score``, ``include_none`` (units labelled none), ``include_superseded``.
        Orders: ``least_certain`` (lowest score first: the review desk's default), ``most_certain``,
        ``position`` (document, then reading order), ``newest``.
        """
        if order not in FINDING_ORDERS:
            raise BadInput("list_findings", f"unknown order {order!r}; choose one of {', '.join(FINDING_ORDERS)}")
        query = self._filter_findings(self._finding_query(), **filters)
        ordering = {
            "least_certain": (FindingModel.score.asc(), FindingModel.id.asc()),
            "most_certain": (FindingModel.score.desc(), FindingModel.id.asc()),
            "position": (FindingModel.document_id.asc(), UnitModel.position.asc()),
            "newest": (FindingModel.id.desc(),),
        }[order]
        query = query.order_by(*ordering).offset(offset)
        if limit is not None:
            query = query.limit(limit)
        with self._read() as session:
            return [self._finding_row(*row) for row in session.execute(query)]

    def count_findings(self, **filters: Any) -> int:
        """How many findings :meth:`list_findings` would give with these filters, over all pages."""
        # Only the tables a filter reads are joined: the queue counts on every page draw, and reading each
        # unit's text or each proposal's row just to count them made the count grow with the store.
        query = (
            select(func.count(FindingModel.id))
            .select_from(FindingModel)
            .join(DocumentModel, DocumentModel.id == FindingModel.document_id)
        )
        if filters.get("search"):
            query = query.join(UnitModel, UnitModel.id == FindingModel.unit_id)
        if any(filters.get(name) is not None for name in ("status", "action", "document_kind")):
            query = query.join(ProposalModel, ProposalModel.finding_id == FindingModel.id)
        query = self._filter_findings(query, **filters)
        with self._read() as session:
            return session.scalar(query) or 0

    def get_finding(self, finding_id: int) -> FindingDetail | None:
        with self._read() as session:
            row = session.execute(self._finding_query().where(FindingModel.id == finding_id)).first()
            if row is None:
                return None
            finding, _unit, _document, _department, proposal = row
            decisions: tuple[DecisionRow, ...] = ()
            if proposal is not None:
                decisions = tuple(self._history(session, proposal))
            return FindingDetail(
                row=self._finding_row(*row),
                scores=dict(finding.scores or {}),
                evidence=list(finding.evidence or []),
                neighbours=list(finding.neighbours or []),
                decisions=decisions,
            )

    def findings_without_proposal(self, document_id: int | None = None) -> list[FindingDetail]:
        """Findings (label not none) that have no proposal yet: what ``reviewer propose`` drafts for."""
        query = self._finding_query().where(ProposalModel.id.is_(None), FindingModel.label != "none")
        query = query.where(DocumentModel.status == "scanned").order_by(FindingModel.id)
        if document_id is not None:
            query = query.where(FindingModel.document_id == document_id)
        with self._read() as session:
            return [
                FindingDetail(
                    row=self._finding_row(*row),
                    scores=dict(row[0].scores or {}),
                    evidence=list(row[0].evidence or []),
                    neighbours=list(row[0].neighbours or []),
                )
                for row in session.execute(query)
            ]

    def add_proposals(self, drafts: Sequence[tuple[int, Any]], actor: str | None = None) -> list[int]:
        """Attach a ``ProposalDraft`` to each finding id that has none yet; returns the new proposal ids."""
        with self._write() as session:
            ids = []
            for finding_id, draft in drafts:
                if session.scalar(select(ProposalModel.id).where(ProposalModel.finding_id == finding_id)):
                    continue
                model = self._proposal_from_draft(finding_id, draft)
                session.add(model)
                session.flush()
                self._audit(session, actor, "propose", "proposal", model.id, finding=finding_id)
                ids.append(model.id)
            return ids

    # -- decisions ----------------------------------------------------------------------------------------

    @staticmethod
    def _decision_row(model: DecisionModel) -> DecisionRow:
        return DecisionRow(
            id=model.id,
            proposal_id=model.proposal_id,
            kind=model.kind,
            reviewer=model.reviewer,
            reason=model.reason,
            text=model.text,
            previous_text=model.previous_text,
            previous_status=model.previous_status,
            new_status=model.new_status,
            undoes_id=model.undoes_id,
            at=_aware(model.at),
            label=model.label,
            previous_label=(model.previous_proposal or {}).get("label"),
        )

    def _history(self, session: Session, proposal: ProposalModel) -> list[DecisionRow]:
        """Decisions on this proposal and on the proposals it was carried over from, oldest first."""
        ids, current = [], proposal
        while current is not None and current.id not in ids:
            ids.append(current.id)
            current = session.get(ProposalModel, current.carried_from_id) if current.carried_from_id else None
        models = session.scalars(
            select(DecisionModel).where(DecisionModel.proposal_id.in_(ids)).order_by(DecisionModel.id)
        )
        return [self._decision_row(m) for m in models]

    def get_proposal(self, proposal_id: int) -> ProposalRow | None:
        with self._read() as session:
            return self._proposal_row(session.get(ProposalModel, proposal_id))

    def proposal_department(self, proposal_id: int) -> tuple[bool, str | None]:
        """(exists, department name) of a proposal's document, for permission checks."""
        with self._read() as session:
            row = session.execute(
                select(ProposalModel.id, Department.name)
                .join(FindingModel, FindingModel.id == ProposalModel.finding_id)
                .join(DocumentModel, DocumentModel.id == FindingModel.document_id)
                .outerjoin(Department, Department.id == DocumentModel.department_id)
                .where(ProposalModel.id == proposal_id)
            ).first()
            return (row is not None, row[1] if row else None)

    def decisions(self, proposal_id: int) -> list[DecisionRow]:
        with self._read() as session:
            proposal = session.get(ProposalModel, proposal_id)
            return self._history(session, proposal) if proposal else []

    def _latest_decision(self, session: Session, proposal_id: int) -> DecisionModel | None:
        return session.scalar(
            select(DecisionModel)
            .where(DecisionModel.proposal_id == proposal_id)
            .order_by(DecisionModel.id.desc())
            .limit(1)
        )

    def _refuse_if_superseded(self, session: Session, proposal: ProposalModel) -> None:
        """A decision on a re-scanned document's old proposal would not reach the new one: refuse it.

        The shared lock on the document row makes a concurrent re-scan wait until this decision is committed
        (so it carries it over), or makes this decision wait until the re-scan is done (and then refuses it).
        """
        document = session.scalar(
            select(DocumentModel)
            .join(FindingModel, FindingModel.document_id == DocumentModel.id)
            .where(FindingModel.id == proposal.finding_id)
            .with_for_update(read=True)
        )
        if document is None or document.status != "superseded":
            return
        successor = session.scalar(select(ProposalModel).where(ProposalModel.carried_from_id == proposal.id))
        if successor is None:
            successor = session.scalar(
                select(ProposalModel)
                .join(FindingModel, FindingModel.id == ProposalModel.finding_id)
                .join(UnitModel, UnitModel.id == FindingModel.unit_id)
                .join(DocumentModel, DocumentModel.id == FindingModel.document_id)
                .where(
                    DocumentModel.supersedes_id == document.id,
                    UnitModel.text_hash
                    == select(UnitModel.text_hash)
                    .join(FindingModel, FindingModel.unit_id == UnitModel.id)
                    .where(FindingModel.id == proposal.finding_id)
                    .scalar_subquery(),
                )
                .limit(1)
            )
        error = DecisionConflict(
            f"proposal {proposal.id}",
            "its document was re-scanned; decide on the new version"
            + (f" (proposal {successor.id})" if successor else ""),
            current=self._proposal_row(successor) if successor else None,
        )
        error.proposal = self._proposal_row(proposal)
        raise error

    def _conflict(self, session: Session, proposal: ProposalModel, reason: str) -> DecisionConflict:
        latest = self._latest_decision(session, proposal.id)
        current = self._decision_row(latest) if latest else self._proposal_row(proposal)
        error = DecisionConflict(f"proposal {proposal.id}", reason, current=current)
        error.proposal = self._proposal_row(proposal)
        return error

    def decide(
        self,
        proposal_id: int,
        kind: str,
        reviewer: str,
        expected_version: int,
        reason: str | None = None,
        text: str | None = None,
        label: str | None = None,
        draft: Any | None = None,
    ) -> DecisionRow:
        """Record a decision on a proposal that is still at ``expected_version``.

        ``label`` (confirm and edit only) is the label the officer gives the finding, one of
        :data:`FINDING_LABELS`; it is recorded on the decision and becomes the proposal's label. ``draft`` is the
        proposal re-drafted for that label (a ``ProposalDraft``): its action, legal basis, kind and data source
        replace the proposal's, and so does its text on a confirm (an edit keeps the officer's ``text``).

        Raises ``DecisionConflict`` (with the decision that got there first) when the proposal has moved on,
        ``BadInput`` when the decision does not apply to the proposal's status or lacks its text or reason.
        """
        if kind not in TRANSITIONS:
            raise BadInput(f"proposal {proposal_id}", f"unknown decision {kind!r}; use undo_last to undo")
        if kind == "edit" and not (text and text.strip()):
            raise BadInput(f"proposal {proposal_id}", "an edit needs the new proposal text")
        if kind == "return" and not (reason and reason.strip()):
            raise BadInput(f"proposal {proposal_id}", "returning a proposal needs a reason")
        if (label is not None or draft is not None) and kind not in ("confirm", "edit"):
            raise BadInput(f"proposal {proposal_id}", f"a label is chosen when confirming, not on {kind}")
        if label is not None and label not in FINDING_LABELS:
            raise BadInput(f"proposal {proposal_id}", f"unknown finding label {label!r}; reject a unit that is none")
        allowed, new_status = TRANSITIONS[kind]
        with self._write() as session:
            proposal = session.get(ProposalModel, proposal_id)
            if proposal is None:
                raise BadInput(f"proposal {proposal_id}", "no such proposal")
            self._refuse_if_superseded(session, proposal)
            if proposal.version != expected_version:
                raise self._conflict(
                    session,
                    proposal,
                    f"changed since you opened it (version {proposal.version}, you had {expected_version})",
                )
            if proposal.status not in allowed:
                raise BadInput(f"proposal {proposal_id}", f"cannot {kind} a proposal that is {proposal.status}")
            if kind == "reject" and not (reason and reason.strip()):
                # Checked after the version: a stale rejection is a conflict whatever its reason.
                raise BadInput(f"proposal {proposal_id}", "rejecting a proposal needs a reason")
            previous_status, previous_text = proposal.status, proposal.text
            new_text = text.strip() if kind == "edit" else previous_text
            values: dict[str, Any] = {}
            previous_proposal = None
            if label is not None or draft is not None:
                previous_proposal = {"label": proposal.label, **self._draft_fields(proposal)}
                values["label"] = label if label is not None else proposal.label
            if draft is not None:
                values.update(
                    action=draft.action,
                    legal_basis=list(draft.legal_basis),
                    document_kind=getattr(draft, "document_kind", None),
                    data_source=getattr(draft, "data_source", None),
                )
                if kind == "confirm":
                    new_text = draft.text
            moved = session.execute(
                update(ProposalModel)
                .where(ProposalModel.id == proposal_id, ProposalModel.version == expected_version)
                .values(status=new_status, text=new_text, version=expected_version + 1, updated_at=utcnow(), **values)
                .execution_options(synchronize_session=False)
            ).rowcount
            if moved != 1:
                session.expire(proposal)
                raise self._conflict(session, proposal, "someone else decided it first")
            decision = DecisionModel(
                proposal_id=proposal_id,
                kind=kind,
                reviewer=reviewer,
                reason=reason,
                text=new_text,
                previous_text=previous_text,
                previous_status=previous_status,
                new_status=new_status,
                version=expected_version + 1,
                label=values.get("label"),
                previous_proposal=previous_proposal,
            )
            session.add(decision)
            session.flush()
            relabel = {}
            if previous_proposal is not None:
                relabel = {
                    "label": values["label"],
                    "previous_label": previous_proposal["label"],
                    "redrafted": draft is not None,
                }
            self._audit(
                session, reviewer, kind, "proposal", proposal_id, decision=decision.id, status=new_status, **relabel
            )
            return self._decision_row(decision)

    def undo_last(self, reviewer: str) -> DecisionRow:
        """Undo the reviewer's newest decision that is not yet undone; the undo is itself a decision.

        Raises ``DecisionConflict`` when someone else has decided the proposal since, ``BadInput`` when the
        reviewer has nothing left to undo.
        """
        undone = aliased(DecisionModel)
        with self._write() as session:
            last = session.scalar(
                select(DecisionModel)
                .outerjoin(undone, undone.undoes_id == DecisionModel.id)
                .where(DecisionModel.reviewer == reviewer, DecisionModel.kind != "undo", undone.id.is_(None))
                .order_by(DecisionModel.id.desc())
                .limit(1)
            )
            if last is None:
                raise BadInput(reviewer, "no decision left to undo")
            proposal = session.get(ProposalModel, last.proposal_id)
            self._refuse_if_superseded(session, proposal)
            # Later decisions on the proposal that still stand (neither undos nor undone) mean someone has
            # built on this decision: undoing it would silently overwrite theirs.
            standing = session.scalar(
                select(DecisionModel)
                .outerjoin(undone, undone.undoes_id == DecisionModel.id)
                .where(
                    DecisionModel.proposal_id == proposal.id,
                    DecisionModel.id > last.id,
                    DecisionModel.kind != "undo",
                    undone.id.is_(None),
                )
                .order_by(DecisionModel.id.desc())
                .limit(1)
            )
            if standing is not None:
                raise self._conflict(session, proposal, "decided again since your last decision; not undone")
            version = proposal.version
            restored: dict[str, Any] = dict(last.previous_proposal or {})
            current = {"label": proposal.label, **self._draft_fields(proposal)} if restored else None
            moved = session.execute(
                update(ProposalModel)
                .where(and_(ProposalModel.id == proposal.id, ProposalModel.version == version))
                .values(
                    status=last.previous_status,
                    text=last.previous_text,
                    version=version + 1,
                    updated_at=utcnow(),
                    **restored,
                )
                .execution_options(synchronize_session=False)
            ).rowcount
            if moved != 1:
                session.expire(proposal)
                raise self._conflict(session, proposal, "someone else decided it first")
            decision = DecisionModel(
                proposal_id=proposal.id,
                kind="undo",
                reviewer=reviewer,
                reason=f"undo decision {last.id} ({last.kind})",
                text=last.previous_text,
                previous_text=proposal.text,
                previous_status=proposal.status,
                new_status=last.previous_status,
                version=version + 1,
                undoes_id=last.id,
                label=restored.get("label"),
                previous_proposal=current,
            )
            session.add(decision)
            session.flush()
            relabel = {"label": restored["label"], "previous_label": current["label"]} if current else {}
            self._audit(
                session, reviewer, "undo", "proposal", proposal.id, decision=decision.id, undoes=last.id, **relabel
            )
            return self._decision_row(decision)

    # -- progress and exports -----------------------------------------------------------------------------

    def stats(self, department: str | None = None) -> Stats:
        department_id = select(Department.id).where(Department.name == department).scalar_subquery()

        def scoped(query, _joined: bool = True):
            # Every query below already joins documents; the department is compared by id, not joined by name.
            return query if department is None else query.where(DocumentModel.department_id == department_id)

        with self._read() as session:
            documents = dict(
                session.execute(
                    scoped(select(DocumentModel.status, func.count()).select_from(DocumentModel), True).group_by(
                        DocumentModel.status
                    )
                ).all()
            )
            units = session.scalar(
                scoped(
                    select(func.count(UnitModel.id))
                    .select_from(UnitModel)
                    .join(DocumentModel, DocumentModel.id == UnitModel.document_id),
                    True,
                ).where(DocumentModel.status == "scanned")
            )
            # Counted by the label the desk and the exports show: the officer's once one was chosen.
            by_label = dict(
                session.execute(
                    scoped(
                        select(CURRENT_LABEL, func.count())
                        .select_from(FindingModel)
                        .join(DocumentModel, DocumentModel.id == FindingModel.document_id)
                        .outerjoin(ProposalModel, ProposalModel.finding_id == FindingModel.id)
                        .where(DocumentModel.status == "scanned", _is_finding()),
                        True,
                    ).group_by(CURRENT_LABEL)
                ).all()
            )
            proposals = (
                select(ProposalModel.status, ProposalModel.action, func.count())
                .join(FindingModel, FindingModel.id == ProposalModel.finding_id)
                .join(DocumentModel, DocumentModel.id == FindingModel.document_id)
                .where(DocumentModel.status == "scanned")
            )
            by_status: dict[str, int] = defaultdict(int)
            by_action: dict[str, int] = defaultdict(int)
            for status, action, n in session.execute(
                scoped(proposals, True).group_by(ProposalModel.status, ProposalModel.action)
            ):
                by_status[status] += n
                by_action[action] += n
            return Stats(
                documents=documents.get("scanned", 0),
                failed=documents.get("failed", 0),
                units=units or 0,
                findings=sum(by_label.values()),
                by_label=by_label,
                by_status={s: by_status[s] for s in PROPOSAL_STATUSES if by_status.get(s)},
                by_action=dict(by_action),
            )

    def progress(self) -> list[DepartmentProgress]:
        """Per department: documents scanned and failed, findings, proposals pending and decided."""
        with self._read() as session:
            documents: dict[str | None, dict[str, int]] = defaultdict(lambda: defaultdict(int))
            for name, status, n in session.execute(
                select(Department.name, DocumentModel.status, func.count())
                .select_from(DocumentModel)
                .outerjoin(Department, Department.id == DocumentModel.department_id)
                .group_by(Department.name, DocumentModel.status)
            ):
                documents[name][status] += n
            findings: dict[str | None, dict[str, int]] = defaultdict(lambda: defaultdict(int))
            for name, status, n in session.execute(
                select(Department.name, ProposalModel.status, func.count())
                .select_from(FindingModel)
                .join(DocumentModel, DocumentModel.id == FindingModel.document_id)
                .outerjoin(Department, Department.id == DocumentModel.department_id)
                .outerjoin(ProposalModel, ProposalModel.finding_id == FindingModel.id)
                .where(DocumentModel.status == "scanned", _is_finding())
                .group_by(Department.name, ProposalModel.status)
            ):
                findings[name][status or "pending"] += n
            names = sorted(set(documents) | set(findings), key=lambda n: (n is None, n or ""))
            return [
                DepartmentProgress(
                    department=name,
                    documents=documents[name].get("scanned", 0),
                    failed=documents[name].get("failed", 0),
                    findings=sum(findings[name].values()),
                    pending=findings[name].get("pending", 0),
                    decided=sum(n for s, n in findings[name].items() if s != "pending"),
                )
                for name in names
            ]

    def export_rows(self, department: str | None = None) -> list[ExportRow]:
        """Every current finding with its proposal and last decision, by department, document and position.

        A row's ``label`` is the officer's when one was chosen, so the exports print the officer's word.
        """
        last = (
            select(DecisionModel.proposal_id, func.max(DecisionModel.id).label("id"))
            .group_by(DecisionModel.proposal_id)
            .subquery()
        )
        # Plain columns, not ORM entities: an export reads tens of thousands of rows.
        query = (
            select(
                Department.name,
                DocumentModel.id,
                DocumentModel.source,
                DocumentModel.number,
                DocumentModel.title,
                UnitModel.position,
                UnitModel.citation,
                UnitModel.text,
                UnitModel.context,
                FindingModel.label,
                FindingModel.score,
                ProposalModel.document_kind,
                ProposalModel.action,
                ProposalModel.text,
                ProposalModel.legal_basis,
                ProposalModel.status,
                DecisionModel.kind,
                DecisionModel.reviewer,
                DecisionModel.reason,
                DecisionModel.at,
                DocumentModel.type,
                ProposalModel.label,
                ProposalModel.carried_from_id,
            )
            .select_from(FindingModel)
            .join(UnitModel, UnitModel.id == FindingModel.unit_id)
            .join(DocumentModel, DocumentModel.id == FindingModel.document_id)
            .outerjoin(Department, Department.id == DocumentModel.department_id)
            .outerjoin(ProposalModel, ProposalModel.finding_id == FindingModel.id)
            .outerjoin(last, last.c.proposal_id == ProposalModel.id)
            .outerjoin(DecisionModel, DecisionModel.id == last.c.id)
            .where(DocumentModel.status == "scanned", _is_finding())
            .order_by(Department.name, DocumentModel.id, UnitModel.position)
        )
        if department is not None:
            query = query.where(Department.name == department)
        with self._read() as session:
            rows = session.execute(query).all()
            # A proposal carried over by a rescan has no decision of its own until someone decides it again:
            # its decision is the one its predecessor carries (who, why and when go into the report).
            carried = self._carried_decisions(session, [row[22] for row in rows if row[16] is None and row[22]])
            rows = [
                row[:16] + carried[row[22]] + row[20:] if row[16] is None and row[22] in carried else row
                for row in rows
            ]
            return [
                ExportRow(
                    department=row[0],
                    document_id=row[1],
                    document_source=row[2],
                    document_number=row[3],
                    document_title=row[4],
                    position=row[5],
                    citation=row[6],
                    text=row[7],
                    context=row[8],
                    label=row[21] or row[9],  # the officer's label when there is one: the exports print it
                    score=row[10],
                    document_kind=row[11],
                    action=row[12],
                    proposal_text=row[13],
                    legal_basis=tuple(row[14] or ()),
                    status=row[15],
                    decision=row[16],
                    reviewer=row[17],
                    reason=row[18],
                    decided_at=_aware(row[19]),
                    document_type=row[20],
                    model_label=row[9],
                    officer_label=row[21],
                )
                for row in rows
            ]

    @staticmethod
    def _carried_decisions(session: Session, proposal_ids: list[int]) -> dict[int, tuple]:
        """For each proposal id, (kind, reviewer, reason, at) of the last decision on it or on the proposals it
        was carried over from, following the chain back; proposals whose chain holds no decision are left out."""
        found: dict[int, tuple] = {}
        pending = {pid: pid for pid in set(proposal_ids)}  # proposal looked at -> the proposal it answers for
        seen: set[int] = set()
        while pending:
            batch = list(pending)[:500]
            seen.update(batch)
            last = {
                proposal_id: (kind, reviewer, reason, at)
                for proposal_id, kind, reviewer, reason, at in session.execute(
                    select(
                        DecisionModel.proposal_id,
                        DecisionModel.kind,
                        DecisionModel.reviewer,
                        DecisionModel.reason,
                        DecisionModel.at,
                    )
                    .where(DecisionModel.proposal_id.in_(batch))
                    .order_by(DecisionModel.id)
                )
            }  # ordered by id: the last one per proposal wins
            parents = dict(
                session.execute(
                    select(ProposalModel.id, ProposalModel.carried_from_id).where(ProposalModel.id.in_(batch))
                ).all()
            )
            for looked_at in batch:
                origin = pending.pop(looked_at)
                if looked_at in last:
                    found[origin] = last[looked_at]
                elif parents.get(looked_at) and parents[looked_at] not in seen:
                    pending[parents[looked_at]] = origin
        return found

    def audit_log(self, entity: str | None = None, entity_id: int | None = None, limit: int = 200) -> list[AuditEntry]:
        """The newest audit entries first, optionally of one entity (document, proposal, user …)."""
        query = select(AuditModel).order_by(AuditModel.id.desc()).limit(limit)
        if entity is not None:
            query = query.where(AuditModel.entity == entity)
        if entity_id is not None:
            query = query.where(AuditModel.entity_id == entity_id)
        with self._read() as session:
            return [
                AuditEntry(
                    id=m.id,
                    at=_aware(m.at),
                    actor=m.actor,
                    action=m.action,
                    entity=m.entity,
                    entity_id=m.entity_id,
                    detail=dict(m.detail or {}),
                )
                for m in session.scalars(query)
            ]
