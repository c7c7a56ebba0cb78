"""Round 11: the corpus's portal units, as the product's reader gives them.

Rounds 1-9 cut portal records with ``sample_units.py``'s own splitter: the dossier table at every quantity, the
steps at every line break. The product's reader (``reviewer.read.procedure`` then ``reviewer.structure``) keeps a
dossier item whole ("Hợp đồng bảo đảm (01 bản chính hoặc 01 bản sao có chứng thực)"), peels glued form-file
names off it, and rebuilds steps pasted from PDFs ("b)" alone on a line, sentences broken mid-phrase). Training on
units the product never produces teaches the wrong thing, and scoring on them measures it. For each labelled
portal unit this tool finds what the product reads there:

- ``same``: the product has a unit with the same normalised text: the label stays; the unit takes the product's
  text, lead-in and citation;
- ``retext``: the product has the same dossier item without the form-file names glued to it, with the same
  quantity: the label stays, the unit takes the product's text;
- ``replaced``: the labelled text is a piece of product units (or they are pieces of it): the unit leaves the
  corpus, and the product units are labelled afresh (``candidates_round11.jsonl``);
- ``gone``: no product unit holds the text: the unit leaves the corpus.

    python corpus/tools/retext_procedures.py /work/shared/data
"""

from __future__ import annotations

import argparse
import collections
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from assemble import WORK, as_the_product_reads, load_candidates, split_of, text_key  # noqa: E402
from sample_units import portal_origin  # noqa: E402

from reviewer.document import Unit  # noqa: E402
from reviewer.read.normalize import normalize_text  # noqa: E402
from reviewer.read.procedure import read_procedure  # noqa: E402
from reviewer.structure import build_document  # noqa: E402

QUANTITY = re.compile(r"\s*\((\d+ ?bản chính(?:, ?\d+ ?bản sao)?|\d+ ?bản sao)\)\s*$")
FORM_FILE = re.compile(r"\b(?:docx?|pdf|xlsx?|rar|zip)\b")


def words(text: str) -> str:
    return re.sub(r"\W+", " ", normalize_text(text).lower()).strip()


def item_name(text: str) -> str:
    return words(QUANTITY.sub("", text))


def quantity(text: str) -> str:
    found = QUANTITY.search(text)
    return re.sub(r"\s", "", found.group(1)) if found else ""


def match(text: str, origin: str, product: list[Unit]) -> tuple[str, list[Unit]]:
    """How the product reads a labelled portal unit: (``same|retext|replaced|gone``, the product units)."""
    mine = [unit for unit in product if portal_origin(unit) == origin]
    norm = words(text)
    same = [unit for unit in mine if words(unit.text) == norm]
    if same:
        return "same", same[:1]
    if origin == "procedure":
        name = item_name(text)
        peeled = {
            words(unit.text): unit  # the same item under several dossier cases is one reading
            for unit in mine
            if len(item_name(unit.text)) >= 10
            and name.startswith(item_name(unit.text))
            and FORM_FILE.search(name[len(item_name(unit.text)) :])
            and quantity(unit.text) == quantity(text)
        }
        if len(peeled) == 1:
            return "retext", list(peeled.values())
    pieces = [
        unit
        for unit in mine
        if len(norm) >= 8
        and norm in words(unit.text)
        or len(words(unit.text)) >= 15
        and words(unit.text) in norm
        or len(norm) >= 40
        and norm[:40] in words(unit.text)
    ]
    return ("replaced", pieces) if pieces else ("gone", [])


def records(path: Path) -> dict[str, dict]:
    rows = (json.loads(line) for line in path.open(encoding="utf-8") if line.strip())
    return {row["ma_thu_tuc"]: row for row in rows}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", type=Path, help="the shared data folder (procedures.jsonl)")
    parser.add_argument("--prefix", default="p", help="first letter of the new units' ids")
    args = parser.parse_args()
    if (WORK / "candidates_round11.jsonl").exists():
        sys.exit("candidates_round11.jsonl exists: round 11 is drawn and labelled; delete it to draw it again")
    portal = records(args.data / "procedures.jsonl")
    candidates = load_candidates()
    read: dict[str, list[Unit]] = {}
    texts, fresh, how_many = [], {}, collections.Counter()
    for unit_id, unit in candidates.items():
        if not unit["origin"].startswith("procedure"):
            continue
        code = unit["source"].split("#", 1)[1]
        if code not in read:
            read[code] = build_document(read_procedure(portal[code], unit["source"])).units
        how, product = match(unit["text"], unit["origin"], read[code])
        how_many[how] += 1
        row = {"id": unit_id, "how": how}
        if how in {"same", "retext"}:
            row |= {"text": product[0].text, "context": product[0].context, "citation": product[0].citation}
        texts.append(row)
        for piece in product if how == "replaced" else []:
            key = text_key(piece.text, piece.context)
            stand_in = fresh.setdefault(key, {"unit": piece, "of": unit, "replaces": []})
            stand_in["replaces"].append(unit_id)
    with (WORK / "procedure_texts.jsonl").open("w", encoding="utf-8") as out:
        out.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in texts)
    kept = {text_key(u["text"], u["context"]) for u in as_the_product_reads(candidates).values()}
    new = [stand_in for key, stand_in in fresh.items() if key not in kept]
    with (WORK / "candidates_round11.jsonl").open("w", encoding="utf-8") as out:
        for number, stand_in in enumerate(new, start=1):
            piece, of = stand_in["unit"], stand_in["of"]
            replaced = [candidates[i] for i in stand_in["replaces"]]
            row = {
                "id": f"{args.prefix}{number:05d}",
                "text": piece.text,
                "context": piece.context,
                "citation": piece.citation,
                "source": of["source"],
                "doc": of["doc"],
                "ministry": of.get("ministry"),
                "origin": portal_origin(piece),
                "replaces": stand_in["replaces"],
            }
            # a stand-in is as representative as the units it replaces
            if all(unit.get("selected") for unit in replaced):
                row["selected"] = replaced[0]["selected"]
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    splits = collections.Counter(split_of(s["of"]["doc"]) for s in new)
    print(dict(how_many), f"{len(new)} product units to label", dict(splits))


if __name__ == "__main__":
    main()
