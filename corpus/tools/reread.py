"""Every labelled unit as the product reads it today; round 11 (portal units the old splitter cut) drawn once.

The corpus's units were drawn by tools that read the sources their own way: ``sample_units.py`` split portal
records at every quantity and line break and gave law lines to the structure parser without the reader's
normalisation; the parser itself has since learnt to find lead-ins it used to miss. Training on text the product
never produces teaches the wrong thing, and scoring on it measures it. For each unit this tool finds what the
product (``reviewer.read`` then ``reviewer.structure``) reads there, and ``assemble.py`` uses that:

- ``same``: the product has a unit with the same normalised text: the label stays; the unit takes the product's
  text, lead-in and citation;
- ``retext``: the product has the same portal dossier item without the form-file names glued to it, with the same
  quantity: the label stays, the unit takes the product's text;
- ``replaced``: the labelled portal text is a piece of product units (or they are pieces of it): the unit leaves
  the corpus, and the product units were labelled afresh in round 11 (``candidates_round11.jsonl``);
- ``gone``: no product unit holds the portal text: the unit leaves the corpus;
- ``kept``: a law or official-file unit the product reads otherwise: it stays as labelled (a law unit that is now
  a piece of a longer one is ``replaced``, and its whole is labelled again).

    python corpus/tools/reread.py /work/shared/data            # writes work/reread.jsonl
    python corpus/tools/reread.py /work/shared/data --draw 11  # also writes work/candidates_round11.jsonl
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
from tqdm import tqdm  # noqa: E402

from reviewer.document import Unit  # noqa: E402
from reviewer.pipeline import read_document  # noqa: E402
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


def match_text(unit: dict, product: list[Unit]) -> tuple[str, list[Unit]]:
    """A law or official-file unit: the product's unit with its text, at its citation or lead-in if several; or
    the one it is now a piece of."""
    norm = words(unit["text"])
    same = [candidate for candidate in product if words(candidate.text) == norm]
    for near in (
        [c for c in same if c.citation == unit["citation"]],
        [c for c in same if words(c.context) == words(unit["context"])],
        same,
    ):
        if near:
            return "same", near[:1]
    # a line the reader now joins to the rest of its sentence: the unit it was is gone, the whole needs a label
    whole = [candidate for candidate in product if len(norm) >= 8 and norm in words(candidate.text)]
    return ("replaced", whole[:1]) if whole else ("kept", [])


class Sources:
    """The product's reading of each source, read once."""

    def __init__(self, data: Path):
        self.data, self.portal, self.read = data, records(data / "procedures.jsonl"), {}

    def units(self, unit: dict) -> list[Unit]:
        source = unit["source"]
        if source not in self.read:
            if unit["origin"].startswith("procedure"):
                code = source.split("#", 1)[1]
                document = build_document(read_procedure(self.portal[code], source))
            else:
                folder = "laws" if unit["origin"] == "law" else "files"
                document = read_document(self.data / folder / source, ocr=False)
            self.read[source] = document.units
        return self.read[source]


def reread(candidates: dict[str, dict], sources: Sources) -> tuple[list[dict], dict]:
    """One row per unit (how the product reads it), and the portal fragments' stand-ins by text key."""
    rows, fresh = [], {}
    for unit_id, unit in tqdm(candidates.items(), desc="re-reading", unit="unit"):
        if unit["origin"].startswith("procedure"):
            how, product = match(unit["text"], unit["origin"], sources.units(unit))
        else:
            how, product = match_text(unit, sources.units(unit))
        row = {"id": unit_id, "how": how}
        if how in {"same", "retext"}:
            row |= {"text": product[0].text, "context": product[0].context, "citation": product[0].citation}
        rows.append(row)
        for piece in product if how == "replaced" else []:
            key = text_key(piece.text, piece.context)
            stand_in = fresh.setdefault(key, {"unit": piece, "of": unit, "replaces": []})
            stand_in["replaces"].append(unit_id)
    return rows, fresh


def draw_round(candidates: dict[str, dict], fresh: dict, number: int, prefix: str) -> None:
    """The product's units that stand in for left-out ones and are not labelled yet, as round ``number``."""
    kept = {text_key(u["text"], u["context"]) for u in as_the_product_reads(candidates).values()}
    new = [stand_in for key, stand_in in fresh.items() if key not in kept]
    with (WORK / f"candidates_round{number}.jsonl").open("w", encoding="utf-8") as out:
        for index, stand_in in enumerate(new, start=1):
            piece, of = stand_in["unit"], stand_in["of"]
            replaced = [candidates[i] for i in stand_in["replaces"]]
            row = {
                "id": f"{prefix}{index:05d}",
                "text": piece.text,
                "context": piece.context,
                "citation": piece.citation,
                "source": of["source"],
                "doc": of["doc"],
                "ministry": of.get("ministry"),
                "origin": portal_origin(piece) if of["origin"].startswith("procedure") else of["origin"],
                "replaces": stand_in["replaces"],
            }
            # a stand-in is as representative as the units it replaces
            if all(unit.get("selected") for unit in replaced):
                row["selected"] = replaced[0]["selected"]
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    splits = collections.Counter(split_of(s["of"]["doc"]) for s in new)
    print(f"round {number}: {len(new)} product units to label", dict(splits))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", type=Path, help="the shared data folder (laws/, files/, procedures.jsonl)")
    parser.add_argument("--draw", type=int, metavar="ROUND", help="also draw the stand-ins to label, as this round")
    parser.add_argument("--prefix", default="p", help="first letter of the drawn units' ids")
    args = parser.parse_args()
    if args.draw and (WORK / f"candidates_round{args.draw}.jsonl").exists():
        sys.exit(f"candidates_round{args.draw}.jsonl exists: that round is drawn; delete it to draw it again")
    candidates = load_candidates()
    rows, fresh = reread(candidates, Sources(args.data))
    with (WORK / "reread.jsonl").open("w", encoding="utf-8") as out:
        out.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    print(dict(collections.Counter(row["how"] for row in rows)))
    if args.draw:
        draw_round(candidates, fresh, args.draw, args.prefix)


if __name__ == "__main__":
    main()
