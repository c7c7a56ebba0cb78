"""Batch scan benchmark: a whole folder scanned into a fresh database, then scanned again.

Prints wall time, peak memory (``ru_maxrss`` of this process and of its reading processes), documents and files
per minute, findings per label, and the rescan/first ratio (a rescan of unchanged files should cost almost
nothing: hashing and one lookup per input, no model). With ``--baseline`` it prints a saved run beside this one
with the ratios; ``--save`` writes this run's figures for the next comparison.

    python bench/bench_scan.py                       # all of /work/shared/data, configured model, 2 readers
    python bench/bench_scan.py corpus/documents --model /path/to/model --save bench/results/scan.json
    python bench/bench_scan.py --baseline bench/results/scan.json

Figures, 2 cores, all of /work/shared/data, the trained model of the day (static body),
2 readers:

    2026-11-26 13:10, machine otherwise quiet, readers four tasks ahead of the model (``scan/local.py``):
      2,576 inputs (198 files + 2 left out by name, 2,378 procedures), 0 refused, 889 pages, 138,309 units,
      23,096 findings (certified_copy 1,320, copy 2,958, original 2,775, paper_document 16,043);
      wall 536.7 s (8.9 min), 288.0 documents/min, 22.1 files/min;
      peak memory 1,685 MB main + 1,163 MB largest reader = 2,848 MB;
      rescan 7.8 s, nothing read, model not loaded: rescan/first 0.0145.
      Beside the run before (all tasks handed to the pool at once): wall ratio 0.86, main-process peak 9,252 MB.

    2026-11-26 03:48, an older model and reader, shared with other work (load 3-5):
      2,576 inputs (198 files + 2 left out by name, 2,378 procedures), 0 refused, 889 pages, 142,160 units,
      33,762 findings (certified_copy 1,341, copy 3,366, original 3,542, paper_document 25,513);
      wall 694.2 s (11.6 min), 222.6 documents/min, 17.1 files/min;
      peak memory 2,159 MB main + 1,162 MB largest reader = 3,321 MB;
      rescan 8.8 s, nothing read, model not loaded: rescan/first 0.0127.

The same, --keywords (keyword baseline in place of the model):

    2026-11-26 01:07, machine otherwise quiet (load ~2):
      2,578 inputs (200 files, 2,378 procedures; 1 duplicate file), 0 refused, 889 pages, 142,214 units,
      21,144 findings (certified_copy 1,211, copy 4,713, original 1,989, paper_document 13,231);
      wall 803.7 s (13.4 min), 192.4 documents/min, 14.9 files/min;
      peak memory 643 MB main + 1,149 MB largest reader (the 169-page text PDF) = 1,792 MB;
      rescan 7.9 s, nothing read, model not loaded: rescan/first 0.0098.
    2026-11-26 00:10, shared with other work (load 8-19): the same counts, wall 2,473 s (ratio 0.32 to it).
    corpus/documents with models/reviewer-clauses (e5-small SetFit), under load: 34 documents, 1,260 units,
    521 findings, wall 692 s, main 1,423 MB + reader 209 MB, rescan 0.57 s.
    The e5 classifier alone: 15.2 units/s on 2 threads at load ~2 (535 procedure units): the 142,214 units of
    the whole corpus need about 2.6 hours of classification, far over the 15 minutes aimed at.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

from reviewer.scan import TqdmProgress, scan_paths
from reviewer.store import Store

DEFAULT_FOLDER = Path("/work/shared/data")


def peak_memory_mb() -> dict[str, float]:
    """Peak resident memory in MB of this process and of the largest waited-for child (Linux: KB units)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"self_mb": round(own, 1), "children_mb": round(children, 1), "sum_mb": round(own + children, 1)}


def rule_classifier():
    """The keyword baseline wrapped as a classifier, for timing the scan without a trained model."""
    from reviewer.classify import LABELS, Prediction
    from reviewer.find import find_evidence, rule_label

    class KeywordClassifier:
        version = "keyword-baseline"

        def predict(self, items):
            result = []
            for item in items:
                label = rule_label(item.text, item.context)
                scores = {name: float(name == label) for name in LABELS}
                result.append(Prediction(item.id, label, 1.0, scores, find_evidence(item.text), []))
            return result

    return KeywordClassifier()


def run(args: argparse.Namespace) -> dict:
    database = args.db or f"sqlite:///{tempfile.mkdtemp(prefix='bench-scan-')}/bench.sqlite"
    factory = rule_classifier if args.keywords else None
    with Store(database) as store:
        started = time.monotonic()
        with TqdmProgress(disable=args.quiet) as progress:
            first = scan_paths(
                args.folders,
                store,
                workers=args.workers,
                engine=args.engine,
                address=args.address,
                classifier_factory=factory,
                model_dir=args.model,
                progress=progress,
            )
        first_wall = time.monotonic() - started
        memory = peak_memory_mb()
        started = time.monotonic()
        again = scan_paths(args.folders, store, workers=args.workers, engine=args.engine, address=args.address,
                           classifier_factory=factory, model_dir=args.model)  # fmt: skip
        rescan_wall = time.monotonic() - started
    minutes = first_wall / 60
    files = first.files
    return {
        "folders": [str(f) for f in args.folders],
        "engine": args.engine,
        "workers": args.workers,
        "model": "keyword baseline" if args.keywords else str(args.model or "configured model"),
        "machine": f"{platform.node()} {platform.machine()} cores={__import__('os').cpu_count()}",
        "documents": first.inputs,
        "read": first.read,
        "refused": len(first.refused),
        "refused_reasons": first.refused,
        "excluded": len(first.excluded),  # left out by name (README, MANIFEST.tsv …): not read, not counted above
        "files": files,
        "pages": first.pages,
        "units": first.units,
        "findings": first.findings,
        "by_label": dict(sorted(first.by_label.items())),
        "wall_s": round(first_wall, 1),
        "documents_per_min": round(first.inputs / minutes, 1) if minutes else None,
        "files_per_min": round(files / minutes, 1) if minutes else None,
        "peak_memory": memory,
        "rescan_wall_s": round(rescan_wall, 2),
        "rescan_skipped": again.skipped + again.duplicates,
        "rescan_model_loaded": again.model_loaded,
        "rescan_ratio": round(rescan_wall / first_wall, 4) if first_wall else None,
    }


def show(result: dict, baseline: dict | None) -> None:
    keys = [
        "documents", "files", "excluded", "read", "refused", "pages", "units", "findings", "wall_s",
        "documents_per_min", "files_per_min", "rescan_wall_s", "rescan_ratio",
    ]  # fmt: skip
    header = f"{'figure':<20}{'this run':>14}" + (f"{'baseline':>14}{'ratio':>10}" if baseline else "")
    print(header)
    for key in keys:
        value = result.get(key)
        line = f"{key:<20}{value!s:>14}"
        if baseline:
            old = baseline.get(key)
            ratio = (
                f"{value / old:.2f}" if isinstance(value, int | float) and isinstance(old, int | float) and old else "-"
            )
            line += f"{old!s:>14}{ratio:>10}"
        print(line)
    memory = result["peak_memory"]
    detail = f"self {memory['self_mb']}, largest child {memory['children_mb']}"
    print(f"{'peak memory MB':<20}{memory['sum_mb']:>14} ({detail})")
    print("findings per label: " + ", ".join(f"{k} {v}" for k, v in result["by_label"].items()))
    print(f"rescan: {result['rescan_skipped']} skipped, model loaded: {result['rescan_model_loaded']}")
    for source, reason in result["refused_reasons"][:20]:
        print(f"refused: {Path(source).name}: {reason}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folders", nargs="*", type=Path, default=[DEFAULT_FOLDER])
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--engine", choices=["local", "ray"], default="local")
    parser.add_argument("--address", default=None)
    parser.add_argument("--model", type=Path, default=None, help="model folder (default: configured)")
    parser.add_argument("--keywords", action="store_true", help="time with the keyword baseline, no model")
    parser.add_argument("--db", default=None, help="database URL (default: a fresh SQLite file)")
    parser.add_argument("--save", type=Path, default=None, help="write this run's figures as JSON")
    parser.add_argument("--baseline", type=Path, default=None, help="a saved run to compare with")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    baseline = json.loads(args.baseline.read_text(encoding="utf-8")) if args.baseline else None
    result = run(args)
    show(result, baseline)
    if args.save:
        args.save.parent.mkdir(parents=True, exist_ok=True)
        args.save.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
