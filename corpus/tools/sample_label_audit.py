"""Round 12: TRAIN units whose label the model, trained without their document, contradicts with confidence.

A label the annotators got wrong teaches the model the wrong thing, and on train nobody would notice. The head is
refitted five times on the trained model's features, each time without a fifth of the train documents, and scores
the units of the documents it left out. Units labelled ``none`` that it flags with P(none) below ``--low``, and
findings it calls ``none`` with P(none) above ``--high``, go to two fresh annotators, blind to both the old label and
the model. ``assemble.py`` then takes the majority of the three labels (a three-way split goes to adjudication).
Dev is never read.

    python corpus/tools/sample_label_audit.py --out corpus/work/candidates_round12.jsonl
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from assemble import CORPUS, load_jsonl  # noqa: E402

from reviewer.classify.data import LABELS, NONE, ClauseInput  # noqa: E402
from reviewer.classify.model import ClauseHead, load_classifier, may_ask_for_paper  # noqa: E402

FOLDS = 5


def fold_of(source: str) -> int:
    return int(hashlib.sha1(source.encode()).hexdigest(), 16) % FOLDS


def out_of_fold_none(units: list[dict]) -> np.ndarray:
    """P(none) of each unit from a head fitted on the other folds' documents, on the trained body's features."""
    classifier = load_classifier()
    items = [ClauseInput(u["id"], u["text"], u.get("context") or "", u.get("preamble") or "") for u in units]
    features = classifier.features(items, progress=True)
    dim = classifier.head.embedding_dim
    pairs = [(i.text, i.context) for i in items]
    folds = np.array([fold_of(u["source"]) for u in units])
    scores = np.zeros(len(units))
    for fold in range(FOLDS):
        fit, held = np.flatnonzero(folds != fold), np.flatnonzero(folds == fold)
        head = ClauseHead.fit(
            [pairs[i] for i in fit],
            features[fit, dim:],
            features[fit, :dim],
            [units[i]["label"] for i in fit],
            embedding_scale=classifier.head.embedding_scale,
        )
        probabilities = head.probabilities([pairs[i] for i in held], features[held, dim:], features[held, :dim])
        scores[held] = probabilities[:, LABELS.index(NONE)]
        print(f"fold {fold + 1}/{FOLDS}: {len(held)} units scored", file=sys.stderr)
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--prefix", default="a", help="first letter of the audit rows' ids")
    parser.add_argument("--low", type=float, default=0.2, help="a `none` unit scored below this is audited")
    parser.add_argument("--high", type=float, default=0.9, help="a finding scored above this is audited")
    args = parser.parse_args()
    train = [u for u in load_jsonl(CORPUS / "labelled" / "units.jsonl") if u["split"] == "train"]
    scores = out_of_fold_none(train)
    audited = []
    for unit, score in zip(train, scores, strict=True):
        gated = not may_ask_for_paper(unit["text"], unit.get("context") or "", unit.get("preamble") or "")
        doubtful = score < args.low if unit["label"] == NONE else score > args.high
        if doubtful and not gated:
            fields = ("text", "context", "citation", "source", "origin")
            audited.append({"audits": unit["id"], **{k: unit[k] for k in fields}})
    with args.out.open("w", encoding="utf-8") as out:
        for number, row in enumerate(audited, start=1):
            row = {"id": f"{args.prefix}{number:05d}", **row}
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(audited)} of {len(train)} train units to audit")


if __name__ == "__main__":
    main()
