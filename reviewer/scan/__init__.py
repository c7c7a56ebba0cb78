"""Batch scan: every file under some folders (and every portal procedure record) read, classified and stored.

``scan_paths(paths, store, ...)`` is the one entry point; the ``reviewer scan`` command, the admin page and
``bench/bench_scan.py`` all call it. Two engines: ``local`` (reading processes on this machine, one model in this
process) and ``ray`` (the same work as a Ray Data job, on a local Ray instance or a cluster).
"""

from .core import ENGINES, ModelLoader, ScanInterrupted, scan_paths
from .inputs import DEFAULT_EXCLUDES, Excluded, Exclusions, ScanItem, is_procedures_file, list_inputs
from .summary import ScanSummary, ScanUpdate, TqdmProgress

__all__ = [
    "DEFAULT_EXCLUDES",
    "ENGINES",
    "Excluded",
    "Exclusions",
    "ModelLoader",
    "ScanInterrupted",
    "ScanItem",
    "ScanSummary",
    "ScanUpdate",
    "TqdmProgress",
    "is_procedures_file",
    "list_inputs",
    "scan_paths",
]
