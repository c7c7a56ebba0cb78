"""Draws clause units from the official files (text PDFs and Word files) for labelling.

python corpus/tools/sample_files.py /work/shared/data/files --out corpus/work/candidates_files.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

from reviewer.errors import ReviewerError
from reviewer.pipeline import read_document

CUE = re.compile(r"bản sao|bản chính|xuất trình|chứng thực|hồ sơ|đơn|tờ khai|giấy tờ|nộp|văn bản đề nghị", re.I)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("files", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--per-file", type=int, default=30)
    args = parser.parse_args()
    rng = random.Random(7)
    seen_hashes, chosen = set(), []
    for path in sorted(args.files.iterdir()):
        if path.suffix.lower() == ".tsv":
            continue
        data = path.read_bytes()
        if hash(data) in seen_hashes:  # SRC-F_06 and SRC-F_07 are the same file
            continue
        seen_hashes.add(hash(data))
        try:
            document = read_document(path, ocr=False)
        except ReviewerError as error:
            print(f"skip {error}")
            continue
        units = [u for u in document.units if 8 <= len(u.text) <= 1200]
        cued = [u for u in units if CUE.search(u.text) or CUE.search(u.context)]
        rest = [u for u in units if u not in cued]
        rng.shuffle(cued)
        rng.shuffle(rest)
        picked = cued[: args.per_file * 2 // 3] + rest[: args.per_file // 3]
        for unit in picked:
            chosen.append(
                {
                    "text": unit.text,
                    "context": unit.context,
                    "citation": unit.citation,
                    "source": path.name,
                    "doc": path.name,
                    "origin": "file",
                }
            )
        print(f"{path.name}: {len(units)} units, {len(picked)} drawn")
    rng.shuffle(chosen)
    with args.out.open("w", encoding="utf-8") as out:
        for number, unit in enumerate(chosen, start=1):
            unit["id"] = f"f{number:04d}"
            out.write(json.dumps(unit, ensure_ascii=False) + "\n")
    print(len(chosen))


if __name__ == "__main__":
    main()
