"""Round 3: draws the units the trained model is least sure of, from TRAIN documents only (uncertainty sampling).

The dev split stays as it was, so figures before and after the round compare. Candidates are the law units and
portal procedure steps of train-split documents that are not yet labelled (same normalised-text key as
``sample_units.py``), that the cheap gate lets through, and whose P(none) lies in the uncertain band; at most
``--per-doc`` from one document, so that no single law dominates.

    python corpus/tools/sample_uncertain.py /work/shared/data --out corpus/work/candidates_round3.jsonl
"""

from __future__ import annotations

import argparse
import collections
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from assemble import load_jsonl, split_of  # noqa: E402
from sample_units import key, law_units, procedure_units  # noqa: E402

from reviewer.classify.data import ClauseInput  # noqa: E402
from reviewer.classify.model import load_classifier, may_ask_for_paper  # noqa: E402


def draw(pool: list[dict], quota: dict[str, int], per_doc: int) -> list[dict]:
    """Units in pool order, up to ``quota`` per origin and ``per_doc`` per document, each normalised text once."""
    quota = dict(quota)
    chosen, taken, unique = [], collections.Counter(), set()
    for unit in pool:
        k = key(unit["text"], unit["context"])
        if quota.get(unit["origin"], 0) <= 0 or taken[unit["doc"]] >= per_doc or k in unique:
            continue
        quota[unit["origin"]] -= 1
        taken[unit["doc"]] += 1
        unique.add(k)
        chosen.append(unit)
    return chosen


def write_candidates(path: Path, chosen: list[dict], prefix: str) -> None:
    with path.open("w", encoding="utf-8") as out:
        for number, unit in enumerate(chosen, start=1):
            out.write(json.dumps({**unit, "id": f"{prefix}{number:05d}"}, ensure_ascii=False) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--prefix", default="w", help="first letter of the new units' ids (one per round)")
    parser.add_argument("--laws", type=int, default=420)
    parser.add_argument("--steps", type=int, default=100)
    parser.add_argument("--per-doc", type=int, default=10)
    parser.add_argument("--band", type=float, nargs=2, default=(0.25, 0.985))
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    corpus = Path(__file__).resolve().parent.parent
    labelled = load_jsonl(corpus / "labelled" / "units.jsonl")
    seen = {key(row["text"], row["context"]) for row in labelled}
    pool = [
        u
        for u in list(law_units(args.data / "laws")) + list(procedure_units(args.data / "procedures.jsonl"))
        if u["origin"] in {"law", "procedure_step"}
        and split_of(u["doc"]) == "train"
        and key(u["text"], u["context"]) not in seen
        and may_ask_for_paper(u["text"], u["context"])
    ]
    classifier = load_classifier()
    predictions = classifier.predict([ClauseInput(str(i), u["text"], u["context"]) for i, u in enumerate(pool)])
    low, high = args.band
    uncertain = [u for u, p in zip(pool, predictions, strict=True) if low <= p.scores["none"] <= high]
    random.Random(args.seed).shuffle(uncertain)
    chosen = draw(uncertain, {"law": args.laws, "procedure_step": args.steps}, args.per_doc)
    write_candidates(args.out, chosen, args.prefix)
    print(f"{len(chosen)} candidates from {len(uncertain)} uncertain of {len(pool)} unlabelled train units")


if __name__ == "__main__":
    main()
