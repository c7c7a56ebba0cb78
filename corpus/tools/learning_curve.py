"""How dev figures move with the amount of training data: would labelling more of the same kind reach the aims?

For each fraction, a random share of the TRAIN source documents (whole documents, as the split is made) is kept,
and the whole training runs on it (body fine-tuning, head, threshold tuned on a validation carve of that share),
then the model is scored on the full, unchanged dev split. Each fraction trains its own body, so the curve
measures what more data gives the whole model, not the head alone.

    python corpus/tools/learning_curve.py --fractions 0.25 0.5 1.0 --out /tmp/curve

Takes about two minutes a fraction on 2 cores (one validation carve each, not the shipped three).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

import numpy as np

from reviewer.classify import load_classifier, read_corpus
from reviewer.classify.data import NONE, split_units
from reviewer.classify.evaluation import classification_report
from reviewer.classify.model import may_ask_for_paper
from reviewer.classify.training import TrainConfig, train

RECALL_AIM = 0.97


def precision_at_recall(gold: np.ndarray, p_none: np.ndarray, recall: float) -> float:
    """Finding precision at the loosest threshold on P(none) that still reaches ``recall``."""
    order = np.argsort(p_none, kind="stable")
    found = np.cumsum(gold[order])
    needed = int(np.ceil(recall * gold.sum()))
    k = int(np.searchsorted(found, needed))
    return float(found[k] / (k + 1)) if k < len(order) else float(gold.mean())


def keep_documents(units: list, fraction: float, seed: int) -> list:
    sources = sorted({u.source for u in split_units(units, "train")})
    kept = set(random.Random(seed).sample(sources, max(1, round(fraction * len(sources)))))
    return [u for u in units if u.split != "train" or u.source in kept]


def write_corpus(units: list, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "units.jsonl").open("w", encoding="utf-8") as out:
        for u in units:
            record = {k: getattr(u, k) for k in ("id", "text", "context", "label", "source", "split", "citation")}
            out.write(json.dumps({**record, "preamble": u.preamble, "selected": u.selected}, ensure_ascii=False))
            out.write("\n")


def score(model_dir: Path, dev: list) -> dict:
    predictions = load_classifier(model_dir).predict([u.as_input() for u in dev])
    gold = np.asarray([u.label != NONE for u in dev])
    # A unit the gate closes is none whatever its score (the scores stay the head's, for the desk's "possibly missed")
    open_ = np.asarray([may_ask_for_paper(u.text, u.context, u.preamble) for u in dev])
    p_none = np.where(open_, [p.scores[NONE] for p in predictions], 1.0)
    report = classification_report([u.label for u in dev], [p.label for p in predictions])
    return {
        "precision": report["finding"]["precision"],
        "recall": report["finding"]["recall"],
        "macro_f1": report["macro_f1"],
        "precision_at_recall": precision_at_recall(gold, p_none, RECALL_AIM),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=Path("corpus"))
    parser.add_argument("--fractions", type=float, nargs="+", default=[0.25, 0.5, 0.75, 1.0])
    parser.add_argument("--seed", type=int, default=1, help="which documents each fraction keeps")
    parser.add_argument("--out", type=Path, default=None, help="keep the models here (default: a temporary folder)")
    args = parser.parse_args()
    units = read_corpus(args.corpus)
    dev = split_units(units, "dev")
    work = args.out or Path(tempfile.mkdtemp(prefix="curve-"))
    config = replace(TrainConfig(), carves=1)
    rows = []
    for fraction in args.fractions:
        kept = keep_documents(units, fraction, args.seed)
        corpus = work / f"corpus-{fraction}"
        write_corpus(kept, corpus)
        model = work / f"model-{fraction}"
        train(corpus, model, config=config, progress=False)
        row = {"fraction": fraction, "train_units": len(split_units(kept, "train")), **score(model, dev)}
        rows.append(row)
        print(json.dumps(row), file=sys.stderr, flush=True)
    print(f"| share of train documents | train units | precision | recall | P at R {RECALL_AIM} | macro-F1 |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['fraction']:.2f} | {r['train_units']} | {r['precision']:.3f} | {r['recall']:.3f} | "
            f"{r['precision_at_recall']:.3f} | {r['macro_f1']:.3f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
