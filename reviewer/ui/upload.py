"""A department's upload: the file is read (type checked by content, OCR when scanned), classified and stored.

Every refusal is stored too (``api.record_failure``), so the department sees it in its list of documents.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reviewer import api
from reviewer.config import settings
from reviewer.errors import BadInput, DocumentTooLarge, PermissionDenied, ReviewerError
from reviewer.store import Store, User

ACCEPTED_EXTENSIONS = ("pdf", "docx", "doc", "txt")

Progress = Callable[[str, float], None]


@dataclass(frozen=True)
class UploadOutcome:
    name: str
    stored: bool  # a new document (with its findings) is in the store
    document_id: int | None = None
    units: int = 0
    findings: int = 0
    already: bool = False  # the same content was stored before
    reason: str | None = None  # why the file was refused
    replaced: str | None = None  # the earlier version this file superseded (same file name)
    same_number: tuple[str, ...] = ()  # other files of the department that carry the same số hiệu


def _quiet(_message: str, _fraction: float) -> None:
    pass


def _safe_name(name: str) -> str:
    # Only the last path component: a crafted name may not point the temporary copy elsewhere.
    return Path(name.replace("\\", "/")).name.strip() or "tai-lieu"


def ingest_upload(
    store: Store,
    user: User,
    name: str,
    data: bytes,
    classifier_loader: Callable[[], object],
    department: str | None = None,
    progress: Progress = _quiet,
) -> UploadOutcome:
    """Read, classify and store one uploaded file; a refused file is recorded with its reason, never raised.

    ``PermissionDenied`` is raised (not recorded): the user may not upload at all.
    """
    from reviewer.pipeline import clause_inputs, read_document

    name = _safe_name(name)
    digest = hashlib.sha256(data).hexdigest()
    if user.role not in ("department", "admin"):
        raise PermissionDenied.for_role(user.username, user.role, "upload documents")
    if api.has_document(store, user, digest, department):
        same = [d for d in api.list_documents(store, user, department, status="scanned") if d.content_hash == digest]
        if same:
            return UploadOutcome(name, stored=False, document_id=same[0].id, already=True)
        # Only a refused copy is stored: read it again (the reader may have learnt to read it since).
    limit = settings().max_file_bytes
    try:
        if len(data) > limit:
            raise DocumentTooLarge(name, f"{len(data) / 2**20:.1f} MB exceeds the limit of {limit / 2**20:.0f} MB")
        if not data:
            raise BadInput(name, "the file is empty")
        progress("Đang đọc văn bản (nhận dạng ký tự nếu là bản quét)…", 0.1)
        with tempfile.TemporaryDirectory(prefix="reviewer-upload-") as folder:
            path = Path(folder) / name
            path.write_bytes(data)
            document = read_document(path)
        document.source = name
    except ReviewerError as error:
        reason = error.reason
        api.record_failure(store, user, name, digest, reason, department)
        return UploadOutcome(name, stored=False, reason=reason)
    progress(f"Đã đọc {len(document.units)} khoản, điểm; đang phân loại…", 0.5)
    classifier = classifier_loader()
    items = clause_inputs(document)
    predictions = classifier.predict(items) if items else []
    progress("Đang lưu kết quả và soạn phương án…", 0.85)
    document_id = api.save_scan(
        store,
        user,
        name,
        digest,
        document,
        predictions,
        department=department,
        model_version=str(getattr(classifier, "version", "")),
    )
    findings = sum(1 for p in predictions if p.label != "none")
    stored = api.get_document(store, user, document_id)
    replaced = None
    if stored.supersedes_id is not None:
        replaced = api.get_document(store, user, stored.supersedes_id).source
    # One decision filed twice under two names would be reviewed twice: say so, the department decides.
    twins = tuple(
        d.source
        for d in api.list_documents(store, user, stored.department, status="scanned")
        if document.meta.number and d.number == document.meta.number and d.id != document_id
    )
    progress("Xong", 1.0)
    return UploadOutcome(
        name,
        stored=True,
        document_id=document_id,
        units=len(document.units),
        findings=findings,
        replaced=replaced,
        same_number=twins,
    )
