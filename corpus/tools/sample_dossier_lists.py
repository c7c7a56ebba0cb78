"""Round 4: the items of dossier lists in TRAIN-split laws that are not labelled yet.

Law findings sit under dossier lead-ins (``Hồ sơ … gồm:``), and so do the dossiers one state body compiles for
another, which the unit alone cannot tell apart. The first rounds held few of them; this round labels up to
``--per-doc`` items of each train-split law whose lead-in opens a list of papers. The dev split is untouched.

    python corpus/tools/sample_dossier_lists.py /work/shared/data --out corpus/work/candidates_round4.jsonl
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from assemble import load_jsonl, split_of  # noqa: E402
from sample_uncertain import draw, write_candidates  # noqa: E402
from sample_units import key, law_units  # noqa: E402

DOSSIER_LEAD_IN = re.compile(r"(hồ sơ|giấy tờ|tài liệu)[^.;]{0,150}(gồm|bao gồm|sau đây)", re.IGNORECASE)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--count", type=int, default=600)
    parser.add_argument("--per-doc", type=int, default=16)
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--prefix", default="x", help="first letter of the new units' ids (one per round)")
    args = parser.parse_args()
    work = Path(__file__).resolve().parent.parent / "work"
    seen = {key(row["text"], row["context"]) for row in load_jsonl(work.parent / "labelled" / "units.jsonl")}
    for earlier in work.glob("candidates_round*.jsonl"):
        seen |= {key(row["text"], row["context"]) for row in load_jsonl(earlier)}
    pool = [
        u
        for u in law_units(args.data / "laws")
        if split_of(u["doc"]) == "train"
        and DOSSIER_LEAD_IN.search(u["context"])
        and key(u["text"], u["context"]) not in seen
    ]
    random.Random(args.seed).shuffle(pool)
    chosen = draw(pool, {"law": args.count}, args.per_doc)
    write_candidates(args.out, chosen, args.prefix)
    print(f"{len(chosen)} candidates from {len(pool)} unlabelled dossier-list items of train-split laws")


if __name__ == "__main__":
    main()
