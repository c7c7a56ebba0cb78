"""What a scan works on: every file under the given paths and every record of a portal ``procedures*.jsonl``.

Listing is cheap and needs no model: it hashes each file (and each procedure record) so that the scan can skip
what the store already holds before anything heavy is loaded.
"""

from __future__ import annotations

import dataclasses
import fnmatch
import hashlib
import json
import os
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from reviewer.document import RawDocument
from reviewer.errors import BadInput, ReviewerError
from reviewer.pipeline import content_hash

PROCEDURES_PATTERN = "procedures*.jsonl"
# Keys a portal record may carry its ministry under, once iter_procedures has turned it into hints.
_MINISTRY_HINTS = ("_ministry_dir", "ministry_dir", "ministry", "department")
# The portal export names a ministry by its folder; reports and the desk name it as people do. A folder not
# listed here keeps its own name.
MINISTRY_NAMES = {
    "bo-cong-an": "Bộ Công an",
    "bo-tai-chinh": "Bộ Tài chính",
    "bo-tu-phap": "Bộ Tư pháp",
    "bo-xay-dung": "Bộ Xây dựng",
    "bo-nong-nghiep-mt": "Bộ Nông nghiệp và Môi trường",
    "bo-nong-nghiep-va-moi-truong": "Bộ Nông nghiệp và Môi trường",
    "bo-y-te": "Bộ Y tế",
    "bo-giao-duc-va-dao-tao": "Bộ Giáo dục và Đào tạo",
    "bo-noi-vu": "Bộ Nội vụ",
    "bo-ngoai-giao": "Bộ Ngoại giao",
    "bo-quoc-phong": "Bộ Quốc phòng",
    "bo-cong-thuong": "Bộ Công Thương",
    "bo-khoa-hoc-va-cong-nghe": "Bộ Khoa học và Công nghệ",
    "bo-van-hoa-the-thao-va-du-lich": "Bộ Văn hóa, Thể thao và Du lịch",
    "bo-dan-toc-va-ton-giao": "Bộ Dân tộc và Tôn giáo",
    "ngan-hang-nha-nuoc": "Ngân hàng Nhà nước Việt Nam",
    "thanh-tra-chinh-phu": "Thanh tra Chính phủ",
    "van-phong-chinh-phu": "Văn phòng Chính phủ",
}


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
    """Portal procedure records: a ``procedures*.jsonl`` file, or any ``.jsonl`` whose first record has a procedure
    code (``ma_thu_tuc``), whatever a ministry's export is called."""
    name = path.name.lower()
    if fnmatch.fnmatch(name, PROCEDURES_PATTERN):
        return True
    if not name.endswith(".jsonl"):
        return False
    try:
        with path.open(encoding="utf-8") as handle:
            first = next((line for line in handle if line.strip()), "")
        record = json.loads(first)
    except (OSError, UnicodeDecodeError, ValueError):
        return False
    return isinstance(record, dict) and "ma_thu_tuc" in record


# What sits in a department's folders without being a legal document: hidden files and folders (.git, .DS_Store),
# Office lock files (~$Quyet dinh.docx), Windows thumbnails, the folder's own notes (README, MANIFEST.tsv,
# LICENSE), data tables, and the configuration, certificate, log and program files of a server folder scanned by
# mistake (they are plain text, so the reader would take them for documents). Portal procedure records
# (``is_procedures_file``) are never left out by these.
DEFAULT_EXCLUDES = (
    ".*", "~$*", "Thumbs.db", "desktop.ini", "README*", "MANIFEST*", "LICENSE*", "*.tsv", "*.csv", "*.json", "*.jsonl",
    "*.conf", "*.cfg", "*.ini", "*.crt", "*.pem", "*.key", "*.log", "*.py", "*.sh", "*.yaml", "*.yml", "*.toml",
    "*.sqlite", "*.db",
)  # fmt: skip


@dataclass(frozen=True)
class Exclusions:
    """Name patterns of the files and folders a scan leaves out (and counts), matched without regard to case.

    A pattern without ``/`` is matched against the name of each file and folder (``README*``, ``nhap``); one with
    ``/`` against the path under the scanned folder, where ``*`` stays within one folder and ``**`` spans any
    number of them (``luu-tru/*.pdf``, ``**/cu/*.doc``). A folder that matches is left out whole.
    """

    patterns: tuple[str, ...] = ()  # the user's own, e.g. from --exclude
    defaults: bool = True  # DEFAULT_EXCLUDES too

    def match(self, relative: PurePosixPath, procedures: bool = False) -> str | None:
        """The first pattern that leaves out the file or folder at ``relative``, or None."""
        candidates = list(self.patterns)
        if self.defaults and not procedures:
            candidates.extend(DEFAULT_EXCLUDES)
        name, parts = _fold(relative.name), [_fold(part) for part in relative.parts]
        for pattern in candidates:
            if "/" in pattern:
                steps = [_fold(step) for step in pattern.strip("/").split("/") if step]
                if _match_parts(parts, steps):
                    return pattern
            elif fnmatch.fnmatchcase(name, _fold(pattern)):
                return pattern
        return None


def _fold(name: str) -> str:
    """Case- and normalisation-blind form: macOS and some archives write Vietnamese names decomposed (NFD)."""
    return unicodedata.normalize("NFC", name).lower()


def _match_parts(parts: list[str], steps: list[str]) -> bool:
    """Path parts against pattern steps, one folder a step, ``**`` standing for any number of folders."""
    if not steps:
        return not parts
    if steps[0] == "**":
        return any(_match_parts(parts[skip:], steps[1:]) for skip in range(len(parts) + 1))
    return bool(parts) and fnmatch.fnmatchcase(parts[0], steps[0]) and _match_parts(parts[1:], steps[1:])


@dataclass(frozen=True)
class Excluded:
    """A file or folder left out by a name pattern: not read, not stored, counted in the summary."""

    source: str
    pattern: str
    folder: bool = False


def _walk(root: Path, exclusions: Exclusions) -> Iterator[Path | Excluded]:
    """Files under ``root`` (and the folders left out whole), in no particular order."""
    for folder, subfolders, names in os.walk(root):
        here = Path(folder)
        relative = PurePosixPath(here.relative_to(root).as_posix())
        kept = []
        for name in subfolders:
            pattern = exclusions.match(relative / name)
            if pattern is None:
                kept.append(name)
            else:
                yield Excluded(str(here / name), pattern, folder=True)
        subfolders[:] = kept  # os.walk does not descend into the folders left out
        for name in names:
            path = here / name
            pattern = exclusions.match(relative / name, procedures=is_procedures_file(path))
            yield path if pattern is None else Excluded(str(path), pattern)


OUTSIDE_ROOTS = "outside the scan folders"


def iter_files(
    paths: Iterable[str | Path],
    exclusions: Exclusions = Exclusions(),
    store_file: Path | None = None,
    within: Sequence[Path] = (),
) -> Iterator[Path | Excluded]:
    """Every regular file under the paths, recursively, in a stable order, and what ``exclusions`` left out.

    The files of ``store_file`` (the store's own SQLite database and its journals) are left out silently. A path
    named here is matched by its name too (a shell's ``*`` names README.md as well); a folder named here is not.
    A path that does not exist is a usage error, raised before anything is scanned. With ``within``, a file
    whose real path (links followed) lies outside those folders is left out (:data:`OUTSIDE_ROOTS`).
    """
    database = str(store_file.resolve()) if store_file else None
    roots = [Path(root).resolve() for root in within]
    for given in paths:
        path = Path(given).expanduser()
        if not path.exists():
            raise BadInput(str(given), "no such file or folder")
        if path.is_file():
            pattern = exclusions.match(PurePosixPath(path.name), procedures=is_procedures_file(path))
            found: list[Path | Excluded] = [path if pattern is None else Excluded(str(path), pattern)]
        else:
            found = list(_walk(path, exclusions))
        for entry in sorted(found, key=lambda entry: Path(entry.source) if isinstance(entry, Excluded) else entry):
            if isinstance(entry, Excluded):
                yield Excluded(str(Path(entry.source).resolve()), entry.pattern, entry.folder)
                continue
            if not entry.is_file():
                continue
            resolved = entry.resolve()
            if database and str(resolved).startswith(database):
                continue
            if roots and not any(resolved.is_relative_to(root) for root in roots):
                yield Excluded(str(entry), OUTSIDE_ROOTS)
                continue
            yield resolved


def procedure_hash(raw: RawDocument) -> str:
    """Identity of a procedure record's content: its blocks and hints, canonically serialised."""
    payload = json.dumps(dataclasses.asdict(raw), ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _procedure_department(raw: RawDocument) -> str | None:
    for key in _MINISTRY_HINTS:
        if raw.hints.get(key):
            name = str(raw.hints[key]).strip()
            return MINISTRY_NAMES.get(name.lower(), name)
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
    paths: Iterable[str | Path],
    department: str | None = None,
    exclusions: Exclusions = Exclusions(),
    store_file: Path | None = None,
    within: Sequence[Path] = (),
) -> Iterator[ScanItem | ListingProblem | Excluded]:
    """The scan's work items, with content hashes; ``procedures*.jsonl`` files give one item per record.

    Files and folders that ``exclusions`` leave out, and files outside ``within``, come as :class:`Excluded`, for
    the summary to count.
    """
    for path in iter_files(paths, exclusions, store_file, within):
        if isinstance(path, Excluded):
            yield path
            continue
        if is_procedures_file(path):
            yield from _procedure_items(path, department)
            continue
        try:
            digest = content_hash(path)
        except OSError as error:
            yield ListingProblem(str(path), department, "", f"cannot read the file ({error.strerror or error})")
            continue
        yield ScanItem(str(path), department, digest, max(1, path.stat().st_size), path=str(path))
