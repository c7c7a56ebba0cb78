"""Shared constants and store helpers for the scan tests (fixtures live in conftest.py)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "scan"
CLASSIFY_FIXTURES = ROOT / "tests" / "fixtures" / "classify"
DOCUMENTS = ROOT / "corpus" / "documents"
TEXT_PDF = DOCUMENTS / "SRC-F_21_THONG_TU_TT 02-2021 BTC Phi kiem dinh phuong tien PCCC.pdf"
WORD_DOC = DOCUMENTS / "SRC-F_15_NGHI_DINH_23_2018_ND-CP_360855.doc"


def snapshot(store) -> dict:
    """Everything a scan decides, keyed by source: status, reason, department, units and their labels."""
    documents = {}
    for row in store.list_documents(include_superseded=False):
        documents[row.source] = {
            "status": row.status,
            "error": row.error,
            "department": row.department,
            "format": row.format,
            "units": row.units,
            "labels": {},
        }
    ids = {row.id: row.source for row in store.list_documents(include_superseded=False)}
    for finding in store.list_findings(include_none=True, limit=None, order="position"):
        source = ids[finding.document_id]
        proposal = finding.proposal
        documents[source]["labels"][finding.position] = (
            finding.citation,
            finding.label,
            proposal.action if proposal else None,
        )
    return documents


def count_rows(store) -> dict[str, int]:
    """Row counts of every document, including superseded ones: duplicates would show here."""
    rows = store.list_documents(include_superseded=True)
    return {"documents": len(rows), "distinct_sources": len({(r.department, r.source, r.status) for r in rows})}


# A reading process that dies outright, as LibreOffice or OCR crashing in it would make it: on a file whose name
# starts with "crash-" and on the portal record 1.000178; and one the out-of-memory killer ends (SIGKILL) on a
# file whose name starts with "oom-". A module-level function, so that the scan can send it to its spawned
# reading processes as ``reader``.
DEADLY_RECORD = "#1.000178"
DEADLY_EXIT = 70


def read_or_die(item):
    import os
    import signal

    from reviewer.scan.work import read_item

    if Path(item.source).name.startswith("crash-") or item.source.endswith(DEADLY_RECORD):
        os._exit(DEADLY_EXIT)
    if Path(item.source).name.startswith("oom-"):
        os.kill(os.getpid(), signal.SIGKILL)
    return read_item(item)


# A reader that leaves a note (a file named for the item) in the folder $REVIEWER_TEST_READ_NOTES before reading
# the item as usual: the scanning process can count what its readers have read so far.
READ_NOTES = "REVIEWER_TEST_READ_NOTES"


def read_and_note(item):
    import hashlib
    import os

    from reviewer.scan.work import read_item

    name = hashlib.sha1(item.source.encode("utf-8")).hexdigest()
    (Path(os.environ[READ_NOTES]) / name).write_text(item.source, "utf-8")
    return read_item(item)
