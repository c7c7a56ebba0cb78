"""The document pipeline as plain functions: read → structure → classify → propose.

The CLI, the UI, the batch engines and ``reviewer.api`` all go through these, so a file gives the same findings
whichever door it came in by.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from reviewer.document import Document, RawDocument, Unit


@dataclass
class Finding:
    """A unit the model flagged, with its prediction and the drafted proposal (None for ``none`` units)."""

    position: int
    unit: Unit
    prediction: object  # reviewer.classify.Prediction
    proposal: object | None  # reviewer.propose.ProposalDraft


def content_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def read_document(path: Path, *, ocr: bool = True) -> Document:
    """Reads any supported file and rebuilds its legal structure; raises a ``ReviewerError`` on bad input."""
    from reviewer.read import read_file
    from reviewer.structure import build_document

    return build_document(read_file(Path(path), ocr=ocr))


def structure(raw: RawDocument) -> Document:
    from reviewer.structure import build_document

    return build_document(raw)


def clause_inputs(document: Document, id_prefix: str = "") -> list:
    """What the classifier reads of each unit: its text, its lead-in and what its article says before it."""
    from reviewer.classify import ClauseInput
    from reviewer.structure import article_preambles

    preambles = article_preambles(document)
    return [
        ClauseInput(f"{id_prefix}{position}", unit.text, unit.context, preamble)
        for position, (unit, preamble) in enumerate(zip(document.units, preambles, strict=True))
    ]


def analyse(documents: Sequence[Document], classifier) -> list[list[Finding]]:
    """Classifies every unit of the documents in one batch and drafts a proposal for each finding.

    Batching across documents matters: the model runs far faster on a few large batches than on many small ones.
    """
    from reviewer.propose import draft_proposal

    items, owners = [], []
    for doc_index, document in enumerate(documents):
        items += clause_inputs(document, id_prefix=f"{doc_index}:")
        owners += [(doc_index, position) for position in range(len(document.units))]
    predictions = classifier.predict(items) if items else []
    results: list[list[Finding]] = [[] for _ in documents]
    for (doc_index, position), prediction in zip(owners, predictions, strict=True):
        unit = documents[doc_index].units[position]
        proposal = None
        if prediction.label != "none":
            proposal = draft_proposal(prediction.label, unit.text, unit.context, prediction.evidence)
        results[doc_index].append(Finding(position, unit, prediction, proposal))
    return results


def iter_findings(results: Iterable[Finding]) -> Iterable[Finding]:
    return (finding for finding in results if finding.prediction.label != "none")
