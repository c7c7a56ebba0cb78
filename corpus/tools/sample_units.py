"""Draws the clause units to be labelled from the shared material (laws, portal procedures).

Run once to create ``corpus/work/candidates.jsonl``; the labelled result lives in ``corpus/labelled/``. Units
are drawn to be rich in findings and in hard negatives (units that mention documents but require none), and
deduplicated by normalised text so that no text sits in both splits.

    python corpus/tools/sample_units.py /work/shared/data --out corpus/work/candidates.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

from assemble import text_key as key

from reviewer.document import Unit
from reviewer.pipeline import read_document
from reviewer.read.procedure import read_procedure
from reviewer.structure import build_document

CUE = re.compile(
    r"bản sao|bản chính|bản gốc|xuất trình|chứng thực|công chứng|bản chụp|photo|phô tô|đối chiếu|"
    r"\bđơn\b|tờ khai|văn bản đề nghị|giấy đề nghị|bản cam kết|bản kê khai|hồ sơ|nộp|gửi|kèm theo",
    re.IGNORECASE,
)
DOCUMENT_WORD = re.compile(
    r"giấy chứng nhận|giấy phép|căn cước|chứng minh nhân dân|hộ chiếu|sổ hộ khẩu|giấy khai sinh|"
    r"giấy tờ|văn bằng|chứng chỉ|quyết định|hợp đồng|giấy xác nhận|phiếu lý lịch",
    re.IGNORECASE,
)
DOSSIER_CONTEXT = re.compile(r"hồ sơ|gồm|bao gồm|kèm theo|giấy tờ sau", re.IGNORECASE)


def law_units(laws_dir: Path):
    """The units of every law, as the product's reader and parser give them."""
    for path in sorted(laws_dir.glob("*.txt")):
        for unit in read_document(path, ocr=False).units:
            if unit.appendix or len(unit.text) < 8 or len(unit.text) > 1200:
                continue
            yield {
                "text": unit.text,
                "context": unit.context,
                "citation": unit.citation,
                "source": path.name,
                "doc": path.name,
                "origin": "law",
            }


def portal_origin(unit: Unit) -> str:
    """``procedure`` for an item of the dossier table, ``procedure_step`` for a step of ``trình tự thực hiện``."""
    return "procedure" if unit.citation.startswith("Thành phần hồ sơ") else "procedure_step"


def procedure_units(path: Path):
    """Dossier items and steps of every portal record, as the product's reader and structure give them.

    Rounds 1-2 drew with a splitter of their own (see ``reread.py``, which maps their units onto these).
    """
    for line in path.open(encoding="utf-8"):
        record = json.loads(line)
        ministry = record["_ministry_dir"]
        source = f"procedures.jsonl#{record['ma_thu_tuc']}"
        doc = f"{ministry}:{record.get('so_quyet_dinh') or record['ma_thu_tuc']}"
        for unit in build_document(read_procedure(record, source)).units:
            origin = portal_origin(unit)
            if not (5 if origin == "procedure" else 20) <= len(unit.text) <= 1200:
                continue
            yield {
                "text": unit.text,
                "context": unit.context,
                "citation": unit.citation,
                "source": source,
                "doc": doc,
                "ministry": ministry,
                "origin": origin,
            }


def take(pool: list[dict], count: int, rng: random.Random, seen: set[str]) -> list[dict]:
    rng.shuffle(pool)
    chosen = []
    for unit in pool:
        k = key(unit["text"], unit["context"])
        if k in seen or key(unit["text"], "") in seen:
            continue
        seen.update({k, key(unit["text"], "")})
        chosen.append(unit)
        if len(chosen) >= count:
            break
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("data", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--exclude", type=Path, nargs="*", default=[], help="earlier candidate files to leave out")
    parser.add_argument("--prefix", default="u", help="id prefix, distinct for each round")
    parser.add_argument("--scale", type=float, default=1.0, help="share of the first round's draw")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    laws = list(law_units(args.data / "laws"))
    procs = list(procedure_units(args.data / "procedures.jsonl"))
    law_cue = [
        u
        for u in laws
        if CUE.search(u["text"])
        and (DOSSIER_CONTEXT.search(u["context"]) or re.search(r"bản sao|bản chính|xuất trình", u["text"]))
    ]
    law_dossier = [u for u in laws if DOSSIER_CONTEXT.search(u["context"]) and u not in law_cue]
    law_hard = [u for u in laws if DOCUMENT_WORD.search(u["text"]) and not CUE.search(u["text"])]
    seen: set[str] = set()
    for path in args.exclude:
        for line in path.open(encoding="utf-8"):
            unit = json.loads(line)
            seen.update({key(unit["text"], unit["context"]), key(unit["text"], "")})
    n = lambda count: int(count * args.scale)  # noqa: E731
    chosen = take(law_cue, n(520), rng, seen) + take(law_dossier, n(230), rng, seen)
    chosen += take(law_hard, n(260), rng, seen) + take(list(laws), n(200), rng, seen)
    for ministry in sorted({u["ministry"] for u in procs}):
        items = [u for u in procs if u["ministry"] == ministry and u["origin"] == "procedure"]
        steps = [u for u in procs if u["ministry"] == ministry and u["origin"] == "procedure_step"]
        cue_steps = [u for u in steps if re.search(r"xuất trình|bản chính|bản sao|nộp|đối chiếu", u["text"])]
        chosen += take(items, n(180), rng, seen) + take(cue_steps, n(30), rng, seen) + take(steps, n(15), rng, seen)
    rng.shuffle(chosen)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as out:
        for number, unit in enumerate(chosen, start=1):
            unit["id"] = f"{args.prefix}{number:05d}"
            out.write(json.dumps(unit, ensure_ascii=False) + "\n")
    print(f"{len(chosen)} candidates from {len(laws)} law units and {len(procs)} procedure units")


if __name__ == "__main__":
    main()
