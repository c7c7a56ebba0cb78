"""What a scan works on: every file under the given paths and every record of a portal ``procedures*.jsonl``.

Listing is cheap and needs no model: it hashes each file (and each procedure record) so that the scan can skip
what the store already holds before anything heavy is loaded.
"""

from __future__ import annotations

import dataclasses
import fnmatch
import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from reviewer.document import RawDocument
from reviewer.errors import BadInput, ReviewerError
from reviewer.pipeline import content_hash

PROCEDURES_PATTERN = "procedures*.jsonl"
# Keys a portal record may carry its ministry under, once iter_procedures has turned it into hints.
_MINISTRY_HINTS = ("_ministry_dir", "ministry_dir", "ministry", "department")


@dataclass(frozen=True)
class ScanItem:
    """One document to scan: a file on disk, or one procedure record already read from a jsonl file."""

    source: str  # stable across runs: the absolute path, or "<jsonl path>#<procedure code>"
    department: str | None
    content_hash: str
    weight: int  # bytes: what the progress bar and the scheduling (largest first) count
    path: str | None = None  # a file to read
    raw: RawDocument | None = None  # a procedure record, read already


@dataclass(frozen=True)
class ListingProblem:
    """An input that could not even be listed (an unreadable jsonl file): recorded as a failure."""

    source: str
    department: str | None
    content_hash: str
    reason: str
    record: bool = False  # one line of a procedures file rather than a whole file


def is_procedures_file(path: Path) -> bool:
    return fnmatch.fnmatch(path.name.lower(), PROCEDURES_PATTERN)


def iter_files(paths: Iterable[str | Path], exclude: Path | None = None) -> Iterator[Path]:
    """Every regular file under the paths, recursively, in a stable order; hidden files and folders are left out,
    and so are the files of ``exclude`` (the store's own SQLite database and its journals).

    A path that does not exist is a usage error, raised before anything is scanned.
    """
    excluded = str(exclude.resolve()) if exclude else None
    for given in paths:
        path = Path(given).expanduser()
        if not path.exists():
            raise BadInput(str(given), "no such file or folder")
        found_files = [path] if path.is_file() else sorted(path.rglob("*"))
        for found in found_files:
            relative = found.relative_to(path) if found != path else Path(found.name)
            if found != path and any(part.startswith(".") for part in relative.parts):
                continue
            if not found.is_file():
                continue
            resolved = found.resolve()
            if excluded and str(resolved).startswith(excluded):
                continue
            yield resolved


def procedure_hash(raw: RawDocument) -> str:
    """Identity of a procedure record's content: its blocks and hints, canonically serialised."""
    payload = json.dumps(dataclasses.asdict(raw), ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _procedure_department(raw: RawDocument) -> str | None:
    for key in _MINISTRY_HINTS:
        if raw.hints.get(key):
            return str(raw.hints[key])
    return None


def _procedure_items(path: Path, department: str | None) -> Iterator[ScanItem | ListingProblem]:
    """One item per record; a malformed line is refused on its own and the other records still scanned."""
    from reviewer.read import read_procedure

    seen: dict[str, int] = {}
    try:
        handle = path.open(encoding="utf-8")
    except OSError as error:
        yield ListingProblem(str(path), department, "", f"cannot open ({error.strerror or error})")
        return
    with handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            line_source = f"{path}:{number}"
            try:
                record = json.loads(line)
                code = record.get("ma_thu_tuc") if isinstance(record, dict) else None
                raw = read_procedure(record, f"{path}#{code}" if code else line_source)
            except (json.JSONDecodeError, ReviewerError) as error:
                reason = getattr(error, "reason", None) or f"not a JSON object ({getattr(error, 'msg', error)})"
                digest = hashlib.sha256(line.encode("utf-8")).hexdigest()
                yield ListingProblem(line_source, department, digest, reason, record=True)
                continue
            seen[raw.source] = seen.get(raw.source, 0) + 1
            source = raw.source if seen[raw.source] == 1 else f"{raw.source}~{seen[raw.source]}"
            weight = sum(len(block.text.encode("utf-8")) for block in raw.blocks) or 1
            yield ScanItem(source, department or _procedure_department(raw), procedure_hash(raw), weight, raw=raw)


def list_inputs(
    paths: Iterable[str | Path], department: str | None = None, exclude: Path | None = None
) -> Iterator[ScanItem | ListingProblem]:
    """The scan's work items, with content hashes; ``procedures*.jsonl`` files give one item per record."""
    for path in iter_files(paths, exclude):
        if is_procedures_file(path):
            yield from _procedure_items(path, department)
            continue
        try:
            digest = content_hash(path)
        except OSError as error:
            yield ListingProblem(str(path), department, "", f"cannot read the file ({error.strerror or error})")
            continue
        yield ScanItem(str(path), department, digest, max(1, path.stat().st_size), path=str(path))
