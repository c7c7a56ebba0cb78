"""Bench the classification stage against the keyword baseline, side by side, on a whole law.

Units: ``reviewer.structure.build_document(reviewer.read.read_file(law))`` (default Luật Cư trú
68/2020/QH14), and a procedure workload where the same dossier items repeat (as in a batch of procedures).
For each variant it prints units per second (wall clock and per CPU second: the machine is shared, so the
CPU figure is the steadier one; ``threads`` says how many cores torch may use) and the ratio against the
keyword baseline ``reviewer.find.rule_label`` measured in the same run. For the int8 variant it also prints
how many units get a different label than fp32 (accuracy held or not).

Several ``--model`` folders are measured in the same run (e.g. the default static-body model beside one
trained with ``reviewer train --base ~/.cache/reviewer/e5-small``); int8 is tried on transformer bodies only.

    python bench/bench_classify.py
    python bench/bench_classify.py --model models/reviewer-clauses --model /tmp/e5-model --law X.txt
"""

from __future__ import annotations

import argparse
import json
import re
import time
from pathlib import Path

DATA = Path("/work/shared/data")
DEFAULT_LAW = DATA / "laws" / "Luat-68-2020-QH14-cu-tru-435315.txt"
_QUANTITY = re.compile(r"\(?\d+ bản (?:chính|sao)\)?")


def law_units(path: Path) -> list[tuple[str, str, str]]:
    """(text, lead-in, article preamble) of each unit, as the pipeline hands them to the classifier."""
    try:
        from reviewer.pipeline import clause_inputs, read_document

        return [(i.text, i.context, i.preamble) for i in clause_inputs(read_document(path))]
    except ImportError:
        return [(line.strip(), "", "") for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def procedure_units(path: Path, limit: int) -> list[tuple[str, str, str]]:
    items: list[tuple[str, str, str]] = []
    with path.open(encoding="utf-8") as lines:
        for n, line in enumerate(lines):
            if n >= limit:
                break
            dossier = json.loads(line).get("thanh_phan_ho_so") or ""
            parts = [p.strip(" -+\n") for p in _QUANTITY.split(dossier.split("Số lượng", 1)[-1])]
            items += [(p, "Thành phần hồ sơ:", "") for p in parts if len(p) > 5]
    return items


def timed(fn) -> tuple[object, float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", type=Path, action="append", help="model folder; repeat to compare")
    parser.add_argument("--law", type=Path, default=DEFAULT_LAW)
    parser.add_argument("--procedures", type=int, default=300, help="procedures to draw dossier items from")
    parser.add_argument("--batch-size", type=int, default=64)
    args = parser.parse_args()

    import torch

    from reviewer.classify import ClauseInput
    from reviewer.classify.model import clear_rule_caches
    from reviewer.find import rule_label

    workloads = {
        "law": law_units(args.law),
        "procedures": procedure_units(DATA / "procedures.jsonl", args.procedures),
    }
    models = args.model or [None]
    print(f"threads: {torch.get_num_threads()}  models: {[str(m or 'settings().model_dir') for m in models]}")
    for name, units in workloads.items():
        distinct = len({u for u in units})
        print(f"\n== {name}: {len(units)} units ({distinct} distinct)")
        items = [ClauseInput(str(i), *unit) for i, unit in enumerate(units)]
        clear_rule_caches()
        _, wall, cpu = timed(lambda units=units: [rule_label(t, c) for t, c, _ in units])
        base_wall, base_cpu = len(units) / wall, len(units) / max(cpu, 1e-9)
        print(f"{'keyword (rule_label)':<26} {base_wall:>9.1f} units/s  {base_cpu:>9.1f} units/CPU-s   1.00x")
        for model in models:
            bench_model(model, items, base_wall, base_cpu, args.batch_size)


def bench_model(model: Path | None, items: list, base_wall: float, base_cpu: float, batch_size: int) -> None:
    from reviewer.classify import load_classifier
    from reviewer.classify.model import clear_rule_caches, cpu_has_bf16
    from reviewer.classify.training import is_static

    name = model.name if model else "model"
    static = is_static(load_classifier(model).body)
    float_name = f"{name} static" if static else f"{name} bf16-autocast" if cpu_has_bf16() else f"{name} fp32"
    variants = ((float_name, False),) if static else ((float_name, False), (f"{name} int8", True))
    reference = None
    for variant, quantize in variants:
        classifier = load_classifier(model, quantize=quantize)  # fresh cache for each variant
        clear_rule_caches()
        predictions, wall, cpu = timed(lambda c=classifier: c.predict(items, batch_size=batch_size))  # noqa: B023
        rate_wall, rate_cpu = len(items) / wall, len(items) / max(cpu, 1e-9)
        labels = [p.label for p in predictions]
        line = (
            f"{variant:<26} {rate_wall:>9.1f} units/s  {rate_cpu:>9.1f} units/CPU-s  "
            f"{rate_wall / base_wall:>6.3f}x wall  {rate_cpu / base_cpu:>6.3f}x CPU"
        )
        if reference is None:
            reference = labels
        else:
            changed = sum(a != b for a, b in zip(reference, labels, strict=True))
            line += f"   labels changed vs {float_name}: {changed}/{len(labels)}"
        print(line)
        print(f"{'':<26} findings: {sum(label != 'none' for label in labels)}")


if __name__ == "__main__":
    main()
