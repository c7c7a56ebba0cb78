"""Round 5: a second, independent label for every unit of rounds 1-2 that has only one (all of dev, and train).

Each batch goes to a fresh annotator session that sees the unit, its lead-in, the start of its article and where it
comes from, never the first label or a model's score. ``assemble.py`` measures the agreement with the first labels;
the units on which the two disagree go to a third session that settles them (``adjudicate``).

    python corpus/tools/second_pass.py batches          # writes work/batch_S01.jsonl ... (dev first)
    python corpus/tools/second_pass.py disagreements     # writes work/disputed.jsonl for the adjudicator
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from assemble import WORK, load_jsonl, second_pass_rows  # noqa: E402

FIRST_ROUNDS = ("candidates.jsonl", "candidates_files.jsonl", "candidates_round2.jsonl")
PREAMBLE_CHARS = 800
DEV_BATCHES = 4
TRAIN_BATCHES = 8


def single_labelled(units: list[dict]) -> list[dict]:
    """Units of rounds 1-2 without a second label (the 200 of labels_D and those of earlier runs have one)."""
    first_rounds = set()
    for name in FIRST_ROUNDS:
        first_rounds |= {row["id"] for row in load_jsonl(WORK / name)}
    doubled = {row["id"] for row in load_jsonl(WORK / "labels_D.jsonl")} | set(second_pass_rows())
    return [unit for unit in units if unit["id"] in first_rounds and unit["id"] not in doubled]


def blind(unit: dict) -> dict:
    row = {key: unit[key] for key in ("id", "text", "context", "citation", "source", "origin")}
    if unit.get("preamble"):
        row["article_before"] = unit["preamble"][-PREAMBLE_CHARS:]
    return row


def chunks(items: list[dict], parts: int) -> list[list[dict]]:
    size = max(1, -(-len(items) // parts))
    return [items[start : start + size] for start in range(0, len(items), size)]


def write_batches(units: list[dict]) -> None:
    todo = single_labelled(units)
    number = 0
    for split, parts in (("dev", DEV_BATCHES), ("train", TRAIN_BATCHES)):
        ordered = sorted((u for u in todo if u["split"] == split), key=lambda u: (u["source"], u["id"]))
        for chunk in chunks(ordered, parts):
            number += 1
            path = WORK / f"batch_S{number:02d}.jsonl"
            with path.open("w", encoding="utf-8") as out:
                out.writelines(json.dumps(blind(unit), ensure_ascii=False) + "\n" for unit in chunk)
            print(path.name, split, len(chunk))


def write_disagreements(units: list[dict], first: dict[str, dict]) -> None:
    """Both labels, unnamed and in alphabetical order, so the adjudicator cannot tell first from second."""
    second = second_pass_rows()
    with (WORK / "disputed.jsonl").open("w", encoding="utf-8") as out:
        count = 0
        for unit in units:
            other = second.get(unit["id"])
            if not other or other["label"] == first[unit["id"]]["label"]:
                continue
            pair = sorted([first[unit["id"]], other], key=lambda row: row["label"])
            candidates = [{"label": row["label"], "note": row.get("note", "")} for row in pair]
            out.write(json.dumps(blind(unit) | {"candidates": candidates}, ensure_ascii=False) + "\n")
            count += 1
    print(f"{count} disagreements of {len(second)} second labels")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("step", choices=("batches", "disagreements"))
    args = parser.parse_args()
    units = load_jsonl(WORK.parent / "labelled" / "units.jsonl")
    if args.step == "batches":
        write_batches(units)
    else:
        from assemble import primary_labels

        write_disagreements(units, primary_labels())


if __name__ == "__main__":
    main()
