"""Word readers: DOCX with python-docx, legacy .doc (OLE2) through a converter.

DOCX: the body XML is walked in order, so tables sit where they are among the paragraphs. Each table row
becomes a ``table_row`` block; cells come from the row's ``w:tc`` elements, so a cell merged across columns
(``gridSpan``) counts once, and the continuation of a vertically merged cell (``vMerge`` without a value)
is left empty instead of repeating the text above. DOCX has no pages: ``page`` is None.

Legacy .doc: **LibreOffice headless** (``soffice --convert-to docx``) is the default, then the DOCX reader;
antiword is the fallback when soffice is missing. Measured on the six shared .doc files (2-core box; the
second pair of columns under heavy load from other jobs, ``bench/bench_read.py``):

| file | antiword, quiet | soffice, quiet | antiword CPU, loaded | soffice CPU, loaded | blocks aw/so |
|---|---|---|---|---|---|
| SRC-F_07 (166 KB) | 0.009 s | 1.07 s | 0.010 s | 13.6 s | 331/331 |
| SRC-F_12 (263 KB) | 0.021 s | 1.55 s | 0.100 s | 13.4 s | 594/571 |
| SRC-F_13 (1.8 MB) | 0.020 s | 2.65 s | 0.085 s | 32.2 s | 1113/1058 |
| SRC-F_15 (200 KB) | 0.008 s | 0.98 s | 0.026 s | 9.8 s | 244/282 |
| SRC-F_17 (436 KB) | 0.014 s | 1.06 s | 0.024 s | 10.7 s | 688/635 |

antiword is 100–1000x faster but flattens tables into ASCII art (``|CHÍNH PHỦ |CỘNG HÒA …|``) and hard-wraps
paragraphs; soffice keeps tables as tables (cells for dossier tables and appendices: 96 rows in SRC-F_15)
and paragraphs whole. A second or two per file on a quiet machine is small next to OCR, so quality wins.
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from reviewer.document import Block, RawDocument
from reviewer.errors import ConverterMissing, UnreadableDocument
from reviewer.read.layout import MARKER
from reviewer.read.normalize import legacy_converter, normalize_text

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CONVERT_TIMEOUT = 300


def split_marker_lines(text: str) -> list[str]:
    """Split a paragraph with manual line breaks so each structural marker opens its own block."""
    parts: list[str] = []
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        if parts and not MARKER.match(line):
            parts[-1] = f"{parts[-1]} {line}"
        else:
            parts.append(line)
    return parts


def _element_text(element) -> str:
    """Text of a paragraph or cell element: runs, tabs and breaks, nested content included."""
    pieces: list[str] = []
    for node in element.iter():
        tag = node.tag
        if tag == f"{_W}t" and node.text:
            pieces.append(node.text)
        elif tag == f"{_W}tab":
            pieces.append("\t")
        elif tag in (f"{_W}br", f"{_W}cr"):
            pieces.append("\n")
        elif tag == f"{_W}p":
            if pieces and pieces[-1] != "\n":
                pieces.append("\n")
    return "".join(pieces)


def _row_cells(row) -> tuple[str, ...]:
    cells = []
    for cell in row.iterchildren(f"{_W}tc"):
        merge = cell.find(f"{_W}tcPr/{_W}vMerge")
        if merge is not None and merge.get(f"{_W}val") in (None, "continue"):
            cells.append("")  # continuation of a vertically merged cell: its text is in the row above
            continue
        cells.append(_element_text(cell))
    return tuple(cells)


def _iter_body(body):
    """(kind, element) for paragraphs and tables in body order; content controls are entered."""
    for child in body.iterchildren():
        if child.tag == f"{_W}p":
            yield "p", child
        elif child.tag == f"{_W}tbl":
            yield "tbl", child
        elif child.tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                yield from _iter_body(content)


def read_docx(path: Path, source: str | None = None, fmt: str = "docx") -> RawDocument:
    import docx

    source = source or str(path)
    try:
        document = docx.Document(str(path))
        body = document.element.body
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError) as exc:
        raise UnreadableDocument(source, f"corrupt or truncated DOCX ({type(exc).__name__}: {exc})") from exc
    except Exception as exc:  # lxml XMLSyntaxError, docx PackageNotFoundError and relatives
        raise UnreadableDocument(source, f"corrupt DOCX ({type(exc).__name__}: {exc})") from exc
    raw: list[tuple[str, object]] = []
    for kind, element in _iter_body(body):
        if kind == "p":
            raw.append(("p", _element_text(element)))
        else:
            for row in element.iter(f"{_W}tr"):
                raw.append(("row", _row_cells(row)))
    convert = _legacy_converter(raw)
    blocks: list[Block] = []
    for kind, value in raw:
        if kind == "p":
            for part in split_marker_lines(convert(value)):
                text = normalize_text(part, legacy=False)
                if text:
                    blocks.append(Block(text=text))
        else:
            cells = tuple(normalize_text(convert(c).replace("\n", " "), legacy=False) for c in value)
            if any(cells):
                blocks.append(Block(" | ".join(c for c in cells if c), None, "table_row", cells))
    if not blocks:
        raise UnreadableDocument(source, "the Word document contains no text")
    return RawDocument(source=source, format=fmt, pages=None, blocks=blocks)


def _legacy_converter(raw: list[tuple[str, object]]):
    """Old Word files typed in .VnTime (TCVN3) or VNI fonts: detect once on the whole text."""
    return legacy_converter("\n".join(v if isinstance(v, str) else " ".join(v) for _, v in raw[:400]))


_PROFILE: Path | None = None


def _soffice_profile() -> Path:
    """A LibreOffice user profile for this process, made on first use and reused.

    Building a profile is part of every LibreOffice start that lacks one; reusing one per process skips it,
    and keeping it per process avoids two running instances sharing a profile, which LibreOffice refuses.
    """
    global _PROFILE
    if _PROFILE is None or not _PROFILE.parent.exists():
        _PROFILE = Path(tempfile.mkdtemp(prefix=f"reviewer-soffice-{os.getpid()}-")) / "profile"
        atexit.register(shutil.rmtree, _PROFILE.parent, True)
    return _PROFILE


def _soffice_to_docx(path: Path, workdir: Path) -> Path:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        raise FileNotFoundError("soffice")
    # copy under a plain name: soffice trips over some characters and needs the .doc extension
    src = workdir / "input.doc"
    shutil.copyfile(path, src)
    profile = _soffice_profile().as_uri()
    command = [exe, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", "docx"]
    result = subprocess.run(
        [*command, "--outdir", str(workdir / "out"), str(src)],
        capture_output=True,
        timeout=CONVERT_TIMEOUT,
        check=False,
    )
    out = workdir / "out" / "input.docx"
    if result.returncode != 0 or not out.exists():
        raise UnreadableDocument(str(path), "LibreOffice could not convert the .doc file (corrupt or truncated?)")
    return out


def _antiword_blocks(path: Path) -> list[Block]:
    result = subprocess.run(
        ["antiword", "-m", "UTF-8.txt", "-w", "0", str(path)],
        capture_output=True,
        timeout=CONVERT_TIMEOUT,
        check=False,
    )
    if result.returncode != 0:
        reason = result.stderr.decode("utf-8", "replace").strip()[:200]
        raise UnreadableDocument(str(path), f"antiword could not read the .doc file ({reason})")
    text = result.stdout.decode("utf-8", "replace")
    blocks = []
    for paragraph in re.split(r"\n\s*\n", text):
        if paragraph.strip().startswith("|"):
            for row in paragraph.splitlines():
                cells = tuple(normalize_text(c) for c in row.strip().strip("|").split("|"))
                if any(cells):
                    blocks.append(Block(" | ".join(c for c in cells if c), None, "table_row", cells))
            continue
        for part in split_marker_lines(paragraph):
            cleaned = normalize_text(part)
            if cleaned:
                blocks.append(Block(cleaned))
    return blocks


def read_doc(path: Path, converter: str = "auto") -> RawDocument:
    """Legacy Word 97–2003 file: soffice → DOCX reader; antiword when soffice is missing."""
    source = str(path)
    use_soffice = converter in ("auto", "soffice") and (shutil.which("soffice") or shutil.which("libreoffice"))
    if use_soffice:
        with tempfile.TemporaryDirectory(prefix="reviewer-doc-") as tmp:
            try:
                converted = _soffice_to_docx(path, Path(tmp))
            except subprocess.TimeoutExpired as exc:
                raise UnreadableDocument(source, f"LibreOffice took over {CONVERT_TIMEOUT} s") from exc
            except OSError as exc:
                raise ConverterMissing(source, f"cannot run LibreOffice ({exc})") from exc
            return read_docx(converted, source=source, fmt="doc")
    if converter in ("auto", "antiword") and shutil.which("antiword"):
        try:
            blocks = _antiword_blocks(path)
        except subprocess.TimeoutExpired as exc:
            raise UnreadableDocument(source, f"antiword took over {CONVERT_TIMEOUT} s") from exc
        if not blocks:
            raise UnreadableDocument(source, "the Word document contains no text")
        return RawDocument(source=source, format="doc", pages=None, blocks=blocks)
    raise ConverterMissing(source, "reading .doc needs LibreOffice (soffice) or antiword; neither is installed")
