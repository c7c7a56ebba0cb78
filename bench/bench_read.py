"""Reading-stage benchmark on the shared files: text PDFs, OCR, legacy .doc conversion.

    python bench/bench_read.py [--data /work/shared/data/files] [--ocr-pages 4] [--skip-ocr]

Prints, side by side with ratios:
- text PDFs, pages per second on one process: pdfplumber (baseline) vs pypdfium2 fast path vs 'auto'
  (pdfium text + pdfplumber only on pages with ruled tables), on the PDFs with a text layer;
- OCR, seconds per scanned page with OMP_THREAD_LIMIT=1, 1 process (baseline) vs 2 processes;
- .doc conversion, seconds per file: antiword vs LibreOffice (soffice), and the whole read with each.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_THREAD_LIMIT", "1")

from reviewer.read.detect import detect_format  # noqa: E402
from reviewer.read.ocr import ocr_pdf_pages  # noqa: E402
from reviewer.read.pdf import open_pdf, page_has_text, read_pdf, read_pdf_plumber_only  # noqa: E402
from reviewer.read.word import _soffice_to_docx, read_doc  # noqa: E402


def cpu_seconds() -> float:
    """CPU time of this process and of every finished child (pool workers, tesseract, soffice)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(fn, *args, **kwargs) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - start, result


def timed_cpu(fn, *args, **kwargs) -> tuple[float, float, object]:
    """(wall seconds, CPU seconds, result): CPU time holds up when other jobs share the machine."""
    wall, cpu = time.perf_counter(), cpu_seconds()
    result = fn(*args, **kwargs)
    return time.perf_counter() - wall, cpu_seconds() - cpu, result


def text_pdfs(data: Path) -> list[tuple[Path, int]]:
    found = []
    for path in sorted(data.iterdir()):
        if path.is_file() and detect_format(path) == "pdf":
            document = open_pdf(path)
            try:
                first = document[0].get_textpage().get_text_range()
                if page_has_text(first) or page_has_text(
                    document[min(1, len(document) - 1)].get_textpage().get_text_range()
                ):
                    found.append((path, len(document)))
            finally:
                document.close()
    return found


def scanned_pdf(data: Path) -> Path | None:
    path = data / "SRC-A_01.pdf"
    return path if path.exists() else None


def bench_text(data: Path) -> None:
    print("\n## Text PDFs (one process): pages per CPU second (pages per wall second in brackets)")
    print(
        f"{'file':44} {'pages':>5} {'plumber':>14} {'pdfium':>14} {'auto':>14}"
        f" {'pdfium/plumber':>15} {'auto/plumber':>13}"
    )
    totals = {"plumber": [0.0, 0.0], "pdfium": [0.0, 0.0], "auto": [0.0, 0.0]}
    pages_total = 0
    for path, pages in text_pdfs(data):
        runs = {
            "plumber": timed_cpu(read_pdf_plumber_only, path),
            "pdfium": timed_cpu(read_pdf, path, ocr=False, engine="pdfium"),
            "auto": timed_cpu(read_pdf, path, ocr=False, engine="auto"),
        }
        for key, (wall, cpu, _) in runs.items():
            totals[key][0] += wall
            totals[key][1] += cpu
        pages_total += pages
        cells = " ".join(
            f"{pages / runs[k][1]:7.1f} ({pages / runs[k][0]:5.1f})" for k in ("plumber", "pdfium", "auto")
        )
        ratio_fast = runs["plumber"][1] / runs["pdfium"][1]
        ratio_auto = runs["plumber"][1] / runs["auto"][1]
        print(f"{path.name[:44]:44} {pages:>5} {cells} {ratio_fast:14.1f}x {ratio_auto:12.1f}x")
    if pages_total:
        cells = " ".join(
            f"{pages_total / totals[k][1]:7.1f} ({pages_total / totals[k][0]:5.1f})"
            for k in ("plumber", "pdfium", "auto")
        )
        ratio_fast = totals["plumber"][1] / totals["pdfium"][1]
        ratio_auto = totals["plumber"][1] / totals["auto"][1]
        print(f"{'ALL':44} {pages_total:>5} {cells} {ratio_fast:14.1f}x {ratio_auto:12.1f}x")


def bench_ocr(data: Path, pages: int) -> None:
    path = scanned_pdf(data)
    if path is None or shutil.which("tesseract") is None:
        print("\n## OCR: skipped (no SRC-A_01.pdf or no tesseract)")
        return
    indexes = list(range(8, 8 + pages))
    print(f"\n## OCR ({path.name}, pages {indexes[0] + 1}-{indexes[-1] + 1}, OMP_THREAD_LIMIT=1): seconds per page")
    w1, c1, _ = timed_cpu(ocr_pdf_pages, path, indexes, workers=1)
    w2, c2, _ = timed_cpu(ocr_pdf_pages, path, indexes, workers=2)
    print(f"{'processes':>10} {'wall s/page':>12} {'CPU s/page':>11} {'wall speed-up':>14}")
    print(f"{1:>10} {w1 / pages:12.2f} {c1 / pages:11.2f} {1.0:13.2f}x")
    print(f"{2:>10} {w2 / pages:12.2f} {c2 / pages:11.2f} {w1 / w2:13.2f}x")


def bench_doc(data: Path) -> None:
    docs = [p for p in sorted(data.iterdir()) if p.is_file() and detect_format(p) == "doc"]
    if not docs:
        return
    print("\n## Legacy .doc: conversion CPU seconds (antiword vs soffice → docx), whole read (wall) with each")
    print(
        f"{'file':44} {'KB':>6} {'antiword':>9} {'soffice':>9} {'soffice/aw':>11} {'read aw':>8} {'read so':>8}"
        f" {'blocks aw/so':>13}"
    )
    for path in docs:
        t_aw, _ = timed(subprocess.run, ["antiword", "-m", "UTF-8.txt", str(path)], capture_output=True, check=False)
        with tempfile.TemporaryDirectory() as tmp:
            t_so, _ = timed(_soffice_to_docx, path, Path(tmp))
        r_aw, doc_aw = timed(read_doc, path, converter="antiword")
        r_so, doc_so = timed(read_doc, path, converter="soffice")
        print(
            f"{path.name[:44]:44} {path.stat().st_size // 1024:>6} {t_aw:9.3f} {t_so:9.2f} {t_so / t_aw:10.0f}x"
            f" {r_aw:8.2f} {r_so:8.2f} {len(doc_aw.blocks):>6}/{len(doc_so.blocks):<6}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=Path("/work/shared/data/files"))
    parser.add_argument("--ocr-pages", type=int, default=4)
    parser.add_argument("--skip-ocr", action="store_true")
    args = parser.parse_args(argv)
    print(f"reading-stage benchmark on {args.data} ({os.cpu_count()} cores)")
    bench_text(args.data)
    if not args.skip_ocr:
        bench_ocr(args.data, args.ocr_pages)
    bench_doc(args.data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
