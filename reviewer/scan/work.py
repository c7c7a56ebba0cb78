"""The part of a scan that runs wherever there is a free core: read and structure one item.

Both engines use it: the local engine in worker processes, the Ray engine inside its actors. Nothing here
touches the store or the model.
"""

from __future__ import annotations

import os
import signal
import threading
import time
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


def read_items(items: list[ScanItem]) -> list[ReadOutcome]:
    return [read_item(item) for item in items]


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
