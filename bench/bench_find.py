"""Bench the rule stage: spacy.blank("xx") (baseline, the one reviewer uses) against spacy.blank("vi") (pyvi).

Units: every paragraph line of a whole law (default Luật Cư trú 68/2020/QH14) and the dossier items of the
first procedures in procedures.jsonl (split at their ``N bản chính/sao`` quantity cells). For each pipeline
it prints units per CPU second (best of ``--repeat`` runs, pipeline built beforehand) and the evidence found
by kind, then the ratio vi/xx side by side and how many units get different evidence.

    python bench/bench_find.py
    python bench/bench_find.py --law /work/shared/data/laws/Luat-Ho-tich-2014-259727.txt --procedures 300
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections import Counter
from pathlib import Path

from reviewer.find.matcher import Match, RulePipeline

DATA = Path("/work/shared/data")
DEFAULT_LAW = DATA / "laws" / "Luat-68-2020-QH14-cu-tru-435315.txt"
_QUANTITY = re.compile(r"\d+ bản (?:chính|sao)")


def law_units(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def procedure_items(path: Path, limit: int) -> list[str]:
    items: list[str] = []
    with path.open(encoding="utf-8") as lines:
        for n, line in enumerate(lines):
            if n >= limit:
                break
            dossier = json.loads(line).get("thanh_phan_ho_so") or ""
            items += [part.strip(" -+\n") for part in _QUANTITY.split(dossier) if part.strip(" -+\n")]
    return items


def run(rules: RulePipeline, units: list[str], repeat: int) -> tuple[float, list[list[Match]]]:
    best = float("inf")
    found: list[list[Match]] = []
    for _ in range(repeat):
        rules.clear_cache()  # each round matches from cold, not from the previous round's cache
        start = time.process_time()  # CPU time: other jobs share the 2 cores, wall time would measure them
        found = [rules.match(u) for u in units]
        best = min(best, time.process_time() - start)
    return len(units) / best, found


def summary(found: list[list[Match]]) -> Counter:
    return Counter(m.kind for hits in found for m in hits if m.kind in ("cue", "document"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--law", type=Path, default=DEFAULT_LAW)
    parser.add_argument("--procedures", type=int, default=200, help="how many procedures' dossier items")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    sets = {
        f"law {args.law.name[:40]}": law_units(args.law),
        f"items of {args.procedures} procedures": procedure_items(DATA / "procedures.jsonl", args.procedures),
    }
    pipelines = {}
    for lang in ("xx", "vi"):
        start = time.perf_counter()
        pipelines[lang] = RulePipeline(lang)
        print(f"build {lang}: {time.perf_counter() - start:.2f} s")
    for name, units in sets.items():
        results = {lang: run(rules, units, args.repeat) for lang, rules in pipelines.items()}
        (xx_rate, xx_found), (vi_rate, vi_found) = results["xx"], results["vi"]
        xx_sum, vi_sum = summary(xx_found), summary(vi_found)
        differ = sum(
            {(m.start, m.end, m.tag) for m in a} != {(m.start, m.end, m.tag) for m in b}
            for a, b in zip(xx_found, vi_found, strict=True)
        )
        print(f"\n{name}: {len(units)} units")
        print(f"{'':12}{'xx (base)':>12}{'vi':>12}{'vi/xx':>8}")
        print(f"{'units/cpu-s':12}{xx_rate:12.0f}{vi_rate:12.0f}{vi_rate / xx_rate:8.2f}")
        for kind in ("cue", "document"):
            ratio = vi_sum[kind] / xx_sum[kind] if xx_sum[kind] else float("nan")
            print(f"{kind + 's':12}{xx_sum[kind]:12d}{vi_sum[kind]:12d}{ratio:8.2f}")
        print(f"units whose evidence differs: {differ} ({differ / len(units):.1%})")


if __name__ == "__main__":
    main()
