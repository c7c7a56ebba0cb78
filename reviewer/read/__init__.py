"""Reading stage: files → normalised text blocks (:class:`reviewer.document.RawDocument`).

One reader per format, chosen from the content (magic bytes), never from the file name:
``%PDF`` → :mod:`.pdf` (text layer, OCR in :mod:`.ocr` for scanned pages), ZIP with ``word/document.xml`` →
DOCX, OLE2 → legacy .doc (both :mod:`.word`), text → :mod:`.text`. Portal procedure records are read by
:mod:`.procedure`. Every text passes through :func:`normalize_text`. Only :class:`ReviewerError`
subclasses leave :func:`read_file`.
"""

from __future__ import annotations

from pathlib import Path

from reviewer.document import RawDocument
from reviewer.errors import ConverterMissing, ReviewerError, UnreadableDocument
from reviewer.read.detect import check_size, detect_format
from reviewer.read.normalize import normalize_text
from reviewer.read.procedure import iter_procedures, read_procedure

__all__ = ["detect_format", "read_file", "iter_procedures", "read_procedure", "normalize_text"]


def read_file(path: str | Path, *, ocr: bool = True) -> RawDocument:
    """Read one file into a RawDocument; format is 'pdf', 'pdf-ocr', 'docx', 'doc' or 'text'."""
    path = Path(path)
    fmt = detect_format(path)  # also refuses empty and oversized files before any parsing
    try:
        if fmt == "pdf":
            from reviewer.read.pdf import read_pdf

            return read_pdf(path, ocr=ocr)
        if fmt == "docx":
            from reviewer.read.word import read_docx

            return read_docx(path)
        if fmt == "doc":
            from reviewer.read.word import read_doc

            return read_doc(path)
        from reviewer.read.text import read_text

        return read_text(path)
    except ReviewerError:
        raise
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.split(".")[0] == "reviewer":  # our own bug, not a missing dependency
            raise UnreadableDocument(str(path), f"internal error reading the {fmt} file ({exc})") from exc
        raise ConverterMissing(str(path), f"a library needed to read {fmt} files is missing ({exc})") from exc
    except MemoryError as exc:
        raise UnreadableDocument(str(path), "the file needs more memory than is available") from exc
    except Exception as exc:  # a parser bug or a file shape no reader expected: still one clear line
        raise UnreadableDocument(str(path), f"cannot read the {fmt} file ({type(exc).__name__}: {exc})") from exc


_ = check_size
