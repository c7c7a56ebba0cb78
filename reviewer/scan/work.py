"""The parts of a scan that run wherever there is a free core: read and structure items, classify documents.

Both engines use them: the local engine reads in worker processes and classifies in its own, the Ray engine
does both inside its actors. Nothing here touches the store.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from reviewer.document import Document
from reviewer.errors import ReviewerError

from .inputs import ScanItem


@dataclass
class ReadOutcome:
    """A structured document, or the reason the item was refused."""

    item: ScanItem
    document: Document | None = None
    reason: str | None = None
    findings: list | None = None  # pipeline.Finding per unit, once classified


def read_item(item: ScanItem) -> ReadOutcome:
    """Reads (OCR included) and structures one item; a bad file becomes a reason, never an exception.

    Unexpected errors are refused too, with their type: one odd file must not stop a scan of thousands.
    """
    from reviewer.pipeline import read_document, structure

    try:
        document = structure(item.raw) if item.raw is not None else read_document(item.path)
    except ReviewerError as error:
        return ReadOutcome(item, reason=error.reason)
    except (KeyboardInterrupt, SystemExit, MemoryError):
        raise
    except Exception as error:  # noqa: BLE001 - a reader bug on one file is recorded, not fatal
        return ReadOutcome(item, reason=f"internal error while reading ({type(error).__name__}: {error})")
    document.source = item.source
    return ReadOutcome(item, document=document)


# What reads one item: ``read_item``, or a stand-in (a module-level function, so that it can be sent to a reader).
Reader = Callable[[ScanItem], ReadOutcome]


def read_items(items: list[ScanItem], reader: Reader = read_item) -> list[ReadOutcome]:
    return [reader(item) for item in items]


def classify_outcomes(outcomes: list[ReadOutcome], classifier) -> list[list]:
    """``pipeline.analyse`` over the read documents in one batch; ``outcome.findings`` set on each.

    If the batch fails, each document is tried alone so that only the one the model chokes on is refused.
    """
    from reviewer.pipeline import analyse

    documents = [outcome.document for outcome in outcomes]
    if not any(document.units for document in documents):
        results: list[list] = [[] for _ in documents]
    else:
        try:
            results = analyse(documents, classifier)
        except (KeyboardInterrupt, SystemExit, MemoryError):
            raise
        except Exception:  # noqa: BLE001 - find the one document at fault rather than lose the batch
            if len(outcomes) == 1:
                outcome = outcomes[0]
                outcome.reason = f"internal error while classifying ({_describe_last_error()})"
                outcome.document = None
                return [[]]
            return [classify_outcomes([outcome], classifier)[0] for outcome in outcomes]
    for outcome, findings in zip(outcomes, results, strict=True):
        outcome.findings = findings
    return results


def _describe_last_error() -> str:
    import sys

    error = sys.exc_info()[1]
    return f"{type(error).__name__}: {error}"


def init_worker(ocr_workers: int, parent_pid: int) -> None:
    """Set up a reading process: OCR page workers sized so that all readers together fit the cores.

    Ctrl-C goes to the whole process group; the parent decides what to keep, so readers ignore it rather than
    die mid-page and have their half-read file recorded as refused. A reader whose parent was killed outright
    (SIGKILL, out of memory) ends itself instead of idling forever.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.environ["REVIEWER_OCR_WORKERS"] = str(max(1, ocr_workers))
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    from reviewer.config import settings

    settings.cache_clear()
    threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True, name="watch-parent").start()


def _watch_parent(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(1.0)
    os._exit(1)
