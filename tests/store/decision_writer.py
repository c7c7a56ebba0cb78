"""A separate process that writes decisions, for the concurrency and kill tests (not a test module).

python decision_writer.py race URL PROPOSAL_ID REVIEWER TARGET
    print "ready", wait for a line on stdin, then decide until the proposal reaches version TARGET;
    print {"won": n, "lost": m} at the end.
python decision_writer.py loop URL REVIEWER PROPOSAL_ID [PROPOSAL_ID …]
    decide forever, round robin over the proposals; print each committed decision's id, one a line.
"""

from __future__ import annotations

import json
import sys

from reviewer.errors import DecisionConflict
from reviewer.store import Store

KINDS = ("confirm", "reject", "edit")


def decide_once(store: Store, proposal_id: int, reviewer: str, step: int, version: int | None = None):
    if version is None:
        version = store.get_proposal(proposal_id).version
    kind = KINDS[step % len(KINDS)]
    return store.decide(
        proposal_id,
        kind,
        reviewer,
        expected_version=version,
        reason=f"{reviewer} bước {step}" if kind == "reject" else None,
        text=f"Đề xuất do {reviewer} sửa ở bước {step}." if kind == "edit" else None,
    )


def race(url: str, proposal_id: int, reviewer: str, target: int) -> None:
    store = Store(url)
    # Start together: the test says "go" once every writer has opened the store, so no one races alone.
    print("ready", flush=True)
    sys.stdin.readline()
    won = lost = step = 0
    while (version := store.get_proposal(proposal_id).version) < target:
        step += 1
        try:
            decide_once(store, proposal_id, reviewer, step, version)
            won += 1
        except DecisionConflict:
            lost += 1
    print(json.dumps({"won": won, "lost": lost}), flush=True)


def loop(url: str, reviewer: str, proposal_ids: list[int]) -> None:
    store = Store(url)
    step = 0
    print("ready", flush=True)
    while True:
        decision = decide_once(store, proposal_ids[step % len(proposal_ids)], reviewer, step)
        print(decision.id, flush=True)  # only after the commit
        step += 1


def scan(url: str, fixture: str, copies: int) -> None:
    from pathlib import Path

    from reviewer.document import Document, DocumentMeta, Unit
    from reviewer.propose import ProposalDraft

    data = json.loads(Path(fixture).read_text(encoding="utf-8"))
    units = [Unit(u["citation"], u["text"], u["context"]) for _ in range(copies) for u in data["units"]]
    labels = [u["label"] for _ in range(copies) for u in data["units"]]
    document = Document(source="", meta=DocumentMeta(**data["meta"]), units=units)

    class Prediction:
        def __init__(self, label):
            self.label, self.score, self.scores, self.evidence, self.neighbours = label, 0.7, {}, [], []

    predictions = [Prediction(label) for label in labels]
    draft = ProposalDraft(action="electronic_copy", text="Chấp nhận bản điện tử.", legal_basis=["NĐ 45/2020"])
    proposals = [draft if label != "none" else None for label in labels]
    store = Store(url)
    print("ready", flush=True)
    step = 0
    while True:
        doc_id = store.save_scan(None, f"file-{step}.pdf", f"hash-{step}", document, predictions, proposals)
        print(doc_id, flush=True)
        step += 1


if __name__ == "__main__":
    mode, url, *rest = sys.argv[1:]
    if mode == "race":
        race(url, int(rest[0]), rest[1], int(rest[2]))
    elif mode == "scan":
        scan(url, rest[0], int(rest[1]))
    else:
        loop(url, rest[0], [int(p) for p in rest[1:]])
