"""``scan_paths``: the batch scan the CLI, the admin page and the benchmark call.

The order of work is what makes a re-scan cheap and an interrupted scan safe:

1. list the inputs and hash them (no model);
2. drop what the store already holds (same content hash) and repeats within this run; if nothing is left, stop
   before the model is ever loaded;
3. read and structure the rest in parallel, classify in batches with one model, and store each document in its
   own transaction as soon as it is classified, so that a killed scan loses at most the documents in flight
   and the next run picks up exactly the ones that are missing.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from reviewer.document import Document
from reviewer.errors import BadInput

from .inputs import OUTSIDE_ROOTS, Excluded, Exclusions, ListingProblem, ScanItem, list_inputs
from .summary import ScanSummary, ScanUpdate

ENGINES = ("local", "ray")
EMPTY_HASH = hashlib.sha256(b"").hexdigest()  # pipeline.content_hash of an empty file


class ScanInterrupted(KeyboardInterrupt):
    """Ctrl-C during a scan, raised once the workers are stopped; ``summary`` holds what was stored."""

    def __init__(self, summary: ScanSummary):
        super().__init__("scan interrupted")
        self.summary = summary


@dataclass(frozen=True)
class ModelLoader:
    """The default classifier factory: ``load_classifier(path)``; picklable, so Ray actors can call it too."""

    path: str | None = None

    def __call__(self):
        from reviewer.classify import load_classifier

        return load_classifier(Path(self.path) if self.path else None)


def model_version(classifier) -> str:
    for name in ("version", "model_version", "name"):
        value = getattr(classifier, name, None)
        if isinstance(value, str) and value:
            return value
    return type(classifier).__name__


class Recorder:
    """The one writer: stores documents and refusals, keeps the summary and reports progress."""

    def __init__(
        self, store, summary: ScanSummary, progress: Callable[[ScanUpdate], None] | None, actor: str | None = None
    ):
        self.store = store
        self.actor = actor
        self.summary = summary
        self.progress = progress
        self.total = 0
        self.total_bytes = 0
        self.done = 0
        self.done_bytes = 0

    def plan(self, items: Sequence[ScanItem]) -> None:
        self.total = len(items)
        self.total_bytes = sum(item.weight for item in items)
        self._report("")

    def _report(self, source: str, weight: int = 0) -> None:
        self.done += 1 if source else 0
        self.done_bytes += weight
        if self.progress is not None:
            self.progress(
                ScanUpdate(
                    done=self.done,
                    total=self.total,
                    done_bytes=self.done_bytes,
                    total_bytes=self.total_bytes,
                    pages=self.summary.pages,
                    findings=self.summary.findings,
                    refused=len(self.summary.refused),
                    source=source,
                )
            )

    def refuse(self, item: ScanItem | ListingProblem, reason: str) -> None:
        self.store.record_failure(item.department, item.source, item.content_hash, reason, actor=self.actor)
        self.summary.refused.append((item.source, reason))
        self._report(item.source, getattr(item, "weight", 0))

    def record(self, outcome, version: str) -> None:
        """Stores a ``work.ReadOutcome``: its classified document, or its refusal."""
        if outcome.document is None:
            self.refuse(outcome.item, outcome.reason or "unreadable")
        else:
            self.summary.model_loaded |= bool(version)
            self.save(outcome.item, outcome.document, outcome.findings or [], version)

    def save(self, item: ScanItem, document: Document, findings: Sequence, version: str) -> None:
        """Stores one classified document (``findings`` from ``pipeline.analyse``) in one transaction."""
        self.store.save_scan(
            item.department,
            item.source,
            item.content_hash,
            document,
            [finding.prediction for finding in findings],
            [finding.proposal for finding in findings],
            model_version=version,
            actor=self.actor,
        )
        self.summary.read += 1
        self.summary.files_read += item.path is not None
        self.summary.pages += document.meta.pages or 0
        self.summary.units += len(document.units)
        self.summary.by_label.update(f.prediction.label for f in findings if f.prediction.label != "none")
        self._report(item.source, item.weight)


def select_work(
    items: Iterable[ScanItem | ListingProblem | Excluded],
    store,
    recorder: Recorder,
    retry_failed: bool,
    model_version: str | None = None,
) -> list[ScanItem]:
    """The items still to scan, largest first; listing problems are recorded, stored, repeated and excluded
    ones counted. With ``model_version``, stored documents classified by another model are scanned again."""
    summary = recorder.summary
    todo: list[ScanItem] = []
    seen: dict[tuple[str, str | None], str] = {}
    problems: list[ListingProblem] = []
    for item in items:
        if isinstance(item, Excluded) and item.pattern == OUTSIDE_ROOTS:
            summary.outside.append(item.source)
            continue
        if isinstance(item, Excluded):
            summary.excluded.append(item.source + ("/" if item.folder else ""))
            continue
        summary.inputs += 1
        summary.files += not item.record if isinstance(item, ListingProblem) else item.path is not None
        key = (item.content_hash, item.department)
        # Empty files share one content hash but are not copies of one another: each is refused by name.
        stored = store.stored_status(item.content_hash, item.department, model_version) if item.content_hash else None
        if item.content_hash and key in seen and item.content_hash != EMPTY_HASH:
            summary.duplicates += 1
            summary.duplicate_of.append((item.source, seen[key]))
        elif stored is not None and (stored[0] == "scanned" or not retry_failed):
            summary.skipped += 1
            if stored[0] == "failed":
                summary.still_refused.append((item.source, stored[1] or "unreadable"))
        elif isinstance(item, ListingProblem):
            problems.append(item)
        else:
            todo.append(item)
        seen.setdefault(key, item.source)
    # Largest first: a long scanned PDF started last would leave the other cores idle at the end.
    todo.sort(key=lambda item: -item.weight)
    recorder.plan(todo)
    for problem in problems:
        recorder.refuse(problem, problem.reason)
    return todo


def _database_file(store) -> Path | None:
    """The store's SQLite file, which a scan of the folder holding it must not read as a document."""
    url = str(getattr(store, "url", ""))
    if url.startswith("sqlite:///") and len(url) > len("sqlite:///"):
        return Path(url[len("sqlite:///") :].split("?", 1)[0])
    return None


def default_workers() -> int:
    return max(1, os.cpu_count() or 1)


def scan_paths(
    paths: Iterable[str | Path],
    store,
    department: str | None = None,
    *,
    workers: int | None = None,
    engine: str = "local",
    address: str | None = None,
    classifier_factory: Callable[[], object] | None = None,
    model_dir: str | Path | None = None,
    progress: Callable[[ScanUpdate], None] | None = None,
    retry_failed: bool = False,
    batch_units: int = 512,
    ship_model: bool = False,
    actor: str | None = None,
    exclude: Sequence[str] = (),
    default_excludes: bool = True,
    reader: Callable[[ScanItem], object] | None = None,
    reclassify: bool = False,
    within: Sequence[str | Path] = (),
) -> ScanSummary:
    """Scans every file under ``paths`` and every record of each ``procedures*.jsonl`` into ``store``.

    ``department`` applies to every input; without it a procedure record goes to its ministry
    (``_ministry_dir``) and a file to no department. ``workers`` reading processes (local) or actors (Ray);
    0 reads in this process. ``classifier_factory`` is called at most once per process that classifies, and not
    at all when nothing needs classifying; by default it loads the model in ``model_dir`` (or the configured
    one); ``ship_model`` (Ray) sends that folder to the actors through the object store, for clusters whose
    nodes do not share it. Failed inputs are stored with their reason and skipped on later runs unless
    ``retry_failed``. ``actor`` (a user name) is written to the audit log with every document stored.
    Files and folders whose name matches a pattern of ``exclude`` or, unless ``default_excludes`` is False, of
    ``inputs.DEFAULT_EXCLUDES`` (hidden files, ``~$`` lock files, README, MANIFEST, data tables) are not read;
    ``summary.excluded`` lists them. ``reader`` reads one item in place of ``work.read_item`` (a module-level
    function, sent to the reading processes: tests use it to stand in for a reader that crashes); with the local
    engine a reading process that dies refuses the file it was reading, and the scan goes on (on Ray, a dead
    actor is left to Ray's own retries).
    With ``reclassify``, unchanged documents whose stored findings came from another version of the model (the
    one in ``model_dir``, or the configured one) are read and classified again; the store carries the officers'
    decisions over to the new findings, as for a changed file.
    With ``within`` (the desk's scan folders), files whose real path lies outside those folders are left out,
    links followed first.
    Raises :class:`ScanInterrupted` on Ctrl-C, after the documents already classified are stored.
    """
    if engine not in ENGINES:
        raise BadInput(engine, f"unknown engine; choose one of {', '.join(ENGINES)}")
    started = time.monotonic()
    summary = ScanSummary(engine=engine)
    recorder = Recorder(store, summary, progress, actor)
    factory = classifier_factory or ModelLoader(str(model_dir) if model_dir else None)
    workers = default_workers() if workers is None else max(0, workers)
    try:
        exclusions = Exclusions(tuple(exclude), defaults=default_excludes)
        inputs = list_inputs(
            paths, department, exclusions, store_file=_database_file(store), within=[Path(r) for r in within]
        )
        version = None
        if reclassify:
            from reviewer.classify.model import folder_version

            version = folder_version(model_dir)  # from head.json: the model itself is not loaded
        todo = select_work(inputs, store, recorder, retry_failed, version)
        if todo:
            from .work import read_item

            reader = reader or read_item
            if engine == "ray":
                try:
                    import ray  # noqa: F401
                except ImportError as error:
                    raise BadInput("--engine ray", "Ray is not installed: pip install -e '.[ray]'") from error
                from .ray_engine import run_ray

                run_ray(
                    todo,
                    recorder,
                    factory,
                    workers=max(1, workers),
                    address=address,
                    batch_units=batch_units,
                    ship_model=ship_model,
                    reader=reader,
                )
            else:
                from .local import run_local

                run_local(todo, recorder, factory, workers=workers, batch_units=batch_units, reader=reader)
    except KeyboardInterrupt as interrupt:
        summary.interrupted = True
        summary.wall_seconds = time.monotonic() - started
        raise ScanInterrupted(summary) from interrupt
    summary.wall_seconds = time.monotonic() - started
    return summary
