"""Exports: the findings, proposals and decisions as csv, xlsx or the department's docx report.

``export(store, format, out_path, department=None, recipient=None)`` is the one entry point; the API checks who
may call it. ``recipient`` is the "Kính gửi" line of the DOCX report (default: the head of the department).
"""

from __future__ import annotations

from pathlib import Path

from reviewer.errors import BadInput
from reviewer.store import Store

FORMATS = ("csv", "xlsx", "docx")


def export(
    store: Store,
    format: str,
    out_path: str | Path,
    department: str | None = None,
    recipient: str | None = None,
) -> Path:
    """Write every current finding of ``department`` (all departments when None) to ``out_path``.

    ``recipient`` addresses the DOCX report ("Kính gửi: …"); the tabular formats ignore it.
    """
    from .docx_report import write_docx
    from .labels import file_name
    from .tabular import write_csv, write_xlsx

    if format not in FORMATS:
        raise BadInput(str(out_path), f"unknown export format {format!r}; choose one of {', '.join(FORMATS)}")
    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    rows = store.export_rows(department)
    if format == "csv":
        write_csv(rows, out)
    elif format == "xlsx":
        title = f"Kết quả rà soát theo Đề án 06 — {department or 'tất cả cơ quan'}"
        write_xlsx(rows, out, title)
    else:
        # Date and issuer are not in the export rows; the report cites each document with them.
        documents = {doc.id: doc for doc in store.list_documents(department, status="scanned")}
        # One name per file: the same refused file uploaded twice is still one file to review by hand.
        failed = store.list_documents(department, status="failed")
        unreadable = [name for name, _ in sorted({(file_name(d.source), d.content_hash) for d in failed})]
        write_docx(rows, out, department, recipient=recipient, documents=documents, unreadable=unreadable)
    return out


__all__ = ["FORMATS", "export"]
