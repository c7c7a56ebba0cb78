"""Round 6: units of TRAIN documents on which the keyword rules and the trained model disagree.

Where the rules see a paper cue and the model says ``none``, one of them is wrong: a rare kind of requirement the
model has not learnt (carrying papers to show, a copy of a contract to provide) or a cue that asks for nothing (a
cheque presented to a bank). Where the model flags a unit with no cue, it is usually a look-alike: an agency's
step that handles the dossier, a deadline for filing it. Both kinds teach the model most per label. A few units
on which both agree that a paper is required are drawn too, so the round also checks the common case. The dev
split is untouched.

    python corpus/tools/sample_disagreements.py /work/shared/data --out corpus/work/candidates_round6.jsonl
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from assemble import load_jsonl, split_of  # noqa: E402
from sample_uncertain import draw, write_candidates  # noqa: E402
from sample_units import key, law_units, procedure_units  # noqa: E402

from reviewer.classify.data import NONE, ClauseInput  # noqa: E402
from reviewer.classify.model import load_classifier, may_ask_for_paper  # noqa: E402
from reviewer.find import rule_label  # noqa: E402

# (origin, rules say finding, model says finding) -> units to draw
QUOTAS = {
    ("law", False, True): 180,
    ("law", True, False): 80,
    ("law", True, True): 40,
    ("procedure_step", False, True): 160,
    ("procedure_step", True, False): 40,
    ("procedure_step", True, True): 30,
    ("procedure", False, True): 60,
    ("procedure", True, False): 10,
}


def unlabelled_train_units(data: Path, work: Path) -> list[dict]:
    seen = {key(row["text"], row["context"]) for row in load_jsonl(work.parent / "labelled" / "units.jsonl")}
    for earlier in work.glob("candidates_round*.jsonl"):
        seen |= {key(row["text"], row["context"]) for row in load_jsonl(earlier)}
    units = list(law_units(data / "laws")) + list(procedure_units(data / "procedures.jsonl"))
    return [
        u
        for u in units
        if split_of(u["doc"]) == "train"
        and key(u["text"], u["context"]) not in seen
        and may_ask_for_paper(u["text"], u["context"])
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--prefix", default="y", help="first letter of the new units' ids (one per round)")
    parser.add_argument("--per-doc", type=int, default=8)
    parser.add_argument("--seed", type=int, default=6)
    args = parser.parse_args()
    work = Path(__file__).resolve().parent.parent / "work"
    pool = unlabelled_train_units(args.data, work)
    predictions = load_classifier().predict([ClauseInput(str(i), u["text"], u["context"]) for i, u in enumerate(pool)])
    strata: dict[tuple, list[dict]] = {stratum: [] for stratum in QUOTAS}
    for unit, prediction in zip(pool, predictions, strict=True):
        stratum = (unit["origin"], rule_label(unit["text"], unit["context"]) != NONE, prediction.label != NONE)
        strata.get(stratum, []).append(unit)
    rng = random.Random(args.seed)
    chosen, keys = [], set()
    for stratum, quota in QUOTAS.items():
        rng.shuffle(strata[stratum])
        drawn = [
            u
            for u in draw(strata[stratum], {stratum[0]: quota}, args.per_doc)
            if key(u["text"], u["context"]) not in keys
        ]
        keys |= {key(u["text"], u["context"]) for u in drawn}
        chosen += drawn
        print(stratum, f"{len(drawn)} of {len(strata[stratum])}")
    rng.shuffle(chosen)  # the two annotators' halves mix every stratum
    write_candidates(args.out, chosen, args.prefix)
    print(f"{len(chosen)} candidates from {len(pool)} unlabelled train units")


if __name__ == "__main__":
    main()
