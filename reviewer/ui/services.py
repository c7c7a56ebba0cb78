"""Plain functions the pages call: each composes :mod:`reviewer.api` calls and knows nothing of Streamlit.

Anything here that is more than a composition of API calls is a candidate for ``reviewer/api.py`` (see the
notes on each function).
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from reviewer import api
from reviewer.config import settings
from reviewer.errors import BadInput, PermissionDenied
from reviewer.store import FindingRow, Store, User

DEMO_DEPARTMENT = "Sở Tư pháp (demo)"
DEMO_ROLES = {"demo-officer": "officer", "demo-department": "department", "demo-head": "head", "demo-admin": "admin"}
ACTIVE_MODEL_FILE = "active-model.txt"

_ARTICLE = re.compile(r"Điều\s+(\d+[a-zđ]?)", re.IGNORECASE)
_APPENDIX = re.compile(r"Phụ lục\s+([IVXLC\d]+)", re.IGNORECASE)


def open_store(url: str | None = None) -> Store:
    """The store of the configured database (``REVIEWER_DATABASE_URL`` or the SQLite file in data_dir)."""
    return Store(url or settings().effective_database_url)


def create_demo_accounts(
    store: Store, password: str | None = None, department: str = DEMO_DEPARTMENT, echo: bool = True
) -> tuple[str, list[User]]:
    """Create (or reset the password of) demo-officer, demo-department, demo-head and demo-admin.

    Returns the shared password (a fresh random one unless given) and the accounts; prints both when ``echo``.
    """
    password = password or secrets.token_urlsafe(9)
    users = []
    existing = {u.username: u for u in api.list_users(store, api.SYSTEM)}
    for username, role in DEMO_ROLES.items():
        if username in existing:
            api.set_password(store, api.SYSTEM, username, password)
            api.set_active(store, api.SYSTEM, username, True)
            users.append(existing[username])
        else:
            dept = None if role == "admin" else department
            users.append(api.add_user(store, api.SYSTEM, username, password, role, dept))
    if echo:
        print(f"Demo accounts ({department}): {', '.join(DEMO_ROLES)}; password: {password}")
    return password, users


def article_of(citation: str) -> str | None:
    """'Điều 21' or 'Phụ lục I' from a bottom-up citation: the block a unit's neighbours share."""
    found = _ARTICLE.search(citation or "")
    if found:
        return f"Điều {found.group(1)}"
    found = _APPENDIX.search(citation or "")
    return f"Phụ lục {found.group(1)}" if found else None


def document_context(store: Store, user: User, row: FindingRow, radius: int = 3) -> list[FindingRow]:
    """The units around a finding, in reading order, the finding itself included.

    Siblings under the same lead-in (the points of one khoản, the items of one dossier list) when there are
    any; else the units within ``radius`` positions in the same article. The API exposes units only through
    findings; the scan stores a prediction for every unit (``none`` included), so the context is whole, but
    ``api.units_around(store, user, document_id, position, radius)`` would spare listing the whole document.
    """
    rows = api.list_findings(store, user, document_id=row.document_id, include_none=True, order="position", limit=None)
    block = article_of(row.citation)
    same_block = [r for r in rows if block is None or article_of(r.citation) == block]
    siblings = [r for r in same_block if row.context and r.context == row.context]
    if len(siblings) > 1:
        return siblings
    near = [r for r in same_block if abs(r.position - row.position) <= radius]
    return near or [row]


@dataclass(frozen=True)
class Example:
    """A labelled unit of the corpus that the model found nearest to a finding."""

    id: str
    text: str
    context: str
    label: str
    citation: str
    source: str
    similarity: float | None = None


@lru_cache(maxsize=4)
def _corpus_index(path: str, mtime: float) -> dict[str, dict]:
    index = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                record = json.loads(line)
                index[str(record.get("id"))] = record
    return index


def corpus_path() -> Path:
    return settings().corpus_dir / "labelled" / "units.jsonl"


def labelled_examples(neighbours: Iterable[Any], corpus: Path | None = None) -> list[Example]:
    """The nearest labelled examples of a finding: neighbour ids (or dicts with ``id``) → corpus texts."""
    corpus = corpus or corpus_path()
    index = _corpus_index(str(corpus), corpus.stat().st_mtime) if corpus.is_file() else {}
    examples = []
    for item in neighbours:
        ident = str(item.get("id")) if isinstance(item, Mapping) else str(item)
        similarity = item.get("similarity") if isinstance(item, Mapping) else None
        record = index.get(ident)
        if record is None:
            label = str(item.get("label", "")) if isinstance(item, Mapping) else ""
            examples.append(Example(ident, "", "", label, "", "", similarity))
            continue
        examples.append(
            Example(
                id=ident,
                text=str(record.get("text", "")),
                context=str(record.get("context") or ""),
                label=str(record.get("label", "")),
                citation=str(record.get("citation") or ""),
                source=str(record.get("source") or ""),
                similarity=similarity,
            )
        )
    return examples


def last_decision(store: Store, user: User, proposal_id: int):
    """The newest decision on a proposal (None while it is only the model's suggestion)."""
    history = api.decisions(store, user, proposal_id)
    return history[-1] if history else None


# -- the classifier the desk uses -------------------------------------------------------------------------


def active_model_dir() -> Path:
    """The model the desk classifies with: the one the admin switched to, else ``settings().model_dir``.

    The switch is a one-line file in data_dir; the CLI does not read it yet (should move into config).
    """
    pointer = settings().data_dir / ACTIVE_MODEL_FILE
    if pointer.is_file():
        chosen = Path(pointer.read_text(encoding="utf-8").strip())
        if chosen.is_dir():
            return chosen
    return settings().model_dir


def set_active_model(user: User, folder: Path) -> None:
    if user.role != "admin":
        raise PermissionDenied.for_role(user.username, user.role, "switch the model")
    folder = Path(folder).resolve()
    if not (folder / "head.json").is_file():
        raise BadInput(str(folder), "not a model folder (no head.json)")
    pointer = settings().data_dir / ACTIVE_MODEL_FILE
    pointer.parent.mkdir(parents=True, exist_ok=True)
    pointer.write_text(str(folder), encoding="utf-8")


# -- batch scan --------------------------------------------------------------------------------------------


def scan_folder(
    store: Store,
    user: User,
    folder: str | Path,
    department: str | None = None,
    classifier_factory: Callable[[], object] | None = None,
    progress: Callable[[Any], None] | None = None,
    workers: int | None = None,
):
    """The admin's batch scan of a folder on the server, through :func:`reviewer.api.scan`: every document
    stored is written to the audit log under the admin's name."""
    # Refused before the path is looked at: the answer would tell others what exists on the server.
    if not user.active or user.role != "admin":
        raise PermissionDenied.for_role(user.username, user.role, "run a batch scan")
    path = Path(folder).expanduser().resolve()  # the folder checked is the folder scanned, links followed
    roots = settings().desk_scan_roots
    if not any(path.is_relative_to(root.resolve()) for root in roots):
        # A web page must not read whatever the server can (configuration, keys, other departments' files).
        raise BadInput(str(path), "outside the scan folders: " + ", ".join(str(root) for root in roots))
    if not path.exists():
        raise BadInput(str(path), "no such file or folder on the server")
    return api.scan(
        store,
        user,
        [path],
        department or None,
        workers=workers,
        classifier_factory=classifier_factory,
        model_dir=None if classifier_factory else active_model_dir(),
        progress=progress,
        within=roots,  # and every file in it: a link inside may point anywhere
    )
