"""Records, for each labelled law or official-file unit, what its article says before the unit's khoản.

The classifier's gate reads it (``reviewer.structure.article_preambles``, ``reviewer.find.actors``): who compiles
a dossier is often said in khoản 1 and not in the list's lead-in of khoản 2. The sources are parsed again with
``reviewer`` itself, and each unit is found by its citation; units whose citation is not found keep no preamble.

    python corpus/tools/preambles.py /work/shared/data --out corpus/work/preambles.jsonl
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from assemble import load_jsonl  # noqa: E402

from reviewer.errors import ReviewerError  # noqa: E402
from reviewer.pipeline import read_document  # noqa: E402
from reviewer.structure import article_preambles  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    units = load_jsonl(Path(__file__).resolve().parent.parent / "labelled" / "units.jsonl")
    by_source = collections.defaultdict(list)
    for unit in units:
        if unit["origin"] in {"law", "file"}:
            by_source[unit["source"]].append(unit)
    found, missing = 0, 0
    with args.out.open("w", encoding="utf-8") as out:
        for source, rows in sorted(by_source.items()):
            path = args.data / "laws" / source
            path = path if path.exists() else args.data / "files" / source
            try:
                document = read_document(path, ocr=False)
            except ReviewerError as error:
                print(f"{source}: {error}", file=sys.stderr)
                missing += len(rows)
                continue
            preambles = {}
            for unit, preamble in zip(document.units, article_preambles(document), strict=True):
                preambles.setdefault(unit.citation, preamble)
            for row in rows:
                preamble = preambles.get(row["citation"])
                found, missing = (found + 1, missing) if preamble is not None else (found, missing + 1)
                if preamble:
                    out.write(json.dumps({"id": row["id"], "preamble": preamble}, ensure_ascii=False) + "\n")
    print(f"preambles: {found} units found in their source, {missing} not")


if __name__ == "__main__":
    main()
