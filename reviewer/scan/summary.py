"""What a scan did, for the CLI's last lines, the admin page and the benchmark; and the progress it reports."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

# The same codes as reviewer.cli's (which sits above this package and may not be imported from it).
EXIT_OK, EXIT_PARTIAL, EXIT_FAILED = 0, 1, 3


@dataclass
class ScanSummary:
    inputs: int = 0  # documents found: files plus procedure records
    files: int = 0  # of which files (the rest are procedure records)
    read: int = 0  # read, classified and stored in this run
    files_read: int = 0  # of which files (the rest are procedure records)
    skipped: int = 0  # content already in the store
    duplicates: int = 0  # same content as another input of this run
    refused: list[tuple[str, str]] = field(default_factory=list)  # (source, reason)
    # Skipped because an earlier run refused the same content (--retry-failed reads them again): (source, reason)
    still_refused: list[tuple[str, str]] = field(default_factory=list)
    duplicate_of: list[tuple[str, str]] = field(default_factory=list)  # (source, the input of the same content)
    excluded: list[str] = field(default_factory=list)  # left out by a name pattern; a folder ends with "/"
    outside: list[str] = field(default_factory=list)  # links to files outside the scan folders (the desk's scans)
    pages: int = 0
    units: int = 0
    by_label: Counter = field(default_factory=Counter)  # findings (label other than none) per label
    wall_seconds: float = 0.0
    model_loaded: bool = False
    engine: str = "local"
    interrupted: bool = False

    @property
    def findings(self) -> int:
        return sum(self.by_label.values())

    @property
    def exit_code(self) -> int:
        """0 all done, 1 some inputs refused (in this run or, unchanged since, in an earlier one), 3 nothing could
        be done (no input, or every one refused)."""
        if self.inputs == 0 or (self.refused and self.read == 0 and self.skipped + self.duplicates == 0):
            return EXIT_FAILED
        return EXIT_PARTIAL if self.refused or self.still_refused else EXIT_OK

    def lines(self, max_refused: int = 20) -> list[str]:
        minutes = self.wall_seconds / 60
        rate = f", {self.read / minutes:.1f} documents/minute" if self.read and minutes > 0 else ""
        before = f"; {len(self.still_refused)} of them refused before" if self.still_refused else ""
        lines = [
            f"{self.inputs} documents found: {self.read} read, {self.skipped} skipped (unchanged{before}), "
            f"{self.duplicates} duplicates, {len(self.refused)} refused",
            f"{self.pages} pages, {self.units} units, {self.findings} findings"
            + (": " + ", ".join(f"{label} {n}" for label, n in sorted(self.by_label.items())) if self.by_label else ""),
            f"wall time {self.wall_seconds:.1f} s{rate} ({self.engine} engine"
            + ("" if self.model_loaded else ", model not loaded")
            + ")",
        ]
        if self.excluded:
            lines.append(self._excluded_line())
        if self.outside:
            names = ", ".join(Path(source).name for source in self.outside[:8])
            lines.append(f"{len(self.outside)} left out, their real path is outside the scan folders: {names}")
        for source, reason in self.refused[:max_refused]:
            lines.append(f"refused: {source}: {reason}")
        if len(self.refused) > max_refused:
            lines.append(f"… and {len(self.refused) - max_refused} more refused (see the store's failed documents)")
        for source, reason in self.still_refused[:max_refused]:
            lines.append(f"still refused (unchanged): {source}: {reason}")
        if len(self.still_refused) > max_refused:
            lines.append(f"… and {len(self.still_refused) - max_refused} more still refused")
        if self.still_refused:
            lines.append("fix or replace them, or scan with --retry-failed to read them again")
        for source, first in self.duplicate_of[:max_refused]:
            lines.append(f"duplicate: {source} (same content as {first})")
        if len(self.duplicate_of) > max_refused:
            lines.append(f"… and {len(self.duplicate_of) - max_refused} more duplicates")
        return lines

    def _excluded_line(self, shown: int = 8) -> str:
        # folders first: one of them may hold many files
        ordered = sorted(self.excluded, key=lambda source: not source.endswith("/"))
        names = [Path(source).name + ("/" if source.endswith("/") else "") for source in ordered]
        more = f", … ({len(names) - shown} more)" if len(names) > shown else ""
        return f"{len(names)} excluded by name (not documents): {', '.join(names[:shown])}{more}"


@dataclass(frozen=True)
class ScanUpdate:
    """Sent to the ``progress`` callback after each input is done (read, refused or skipped)."""

    done: int
    total: int
    done_bytes: int
    total_bytes: int
    pages: int
    findings: int
    refused: int
    source: str


class TqdmProgress:
    """A tqdm bar over bytes (so the ETA weighs a 70-page scan above a one-page letter) with files and findings."""

    def __init__(self, disable: bool | None = None):
        self._bar = None
        self._disable = disable

    def __call__(self, update: ScanUpdate) -> None:
        from tqdm import tqdm

        if self._bar is None:
            self._bar = tqdm(
                total=update.total_bytes,
                unit="B",
                unit_scale=True,
                desc="scan",
                disable=self._disable,
                dynamic_ncols=True,
            )
        self._bar.update(update.done_bytes - self._bar.n)
        self._bar.set_postfix_str(
            f"files {update.done}/{update.total}, pages {update.pages}, findings {update.findings}"
            + (f", refused {update.refused}" if update.refused else ""),
            refresh=False,
        )

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()

    def __enter__(self) -> TqdmProgress:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
