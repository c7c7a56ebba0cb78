"""Format detection from the content (magic bytes), never from the file name."""

from __future__ import annotations

import zipfile
from pathlib import Path

from reviewer.config import settings
from reviewer.errors import DocumentTooLarge, UnreadableDocument, UnsupportedFormat

OLE2_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")
_WORD_STREAM = "WordDocument".encode("utf-16-le")
# Signatures of common binary formats we refuse outright (images, archives, executables, media).
_BINARY_MAGICS = (
    b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*", b"BM", b"RIFF", b"\x7fELF", b"MZ",
    b"\x1f\x8b", b"BZh", b"7z\xbc\xaf", b"Rar!", b"\x00\x00\x01\x00", b"OggS", b"ID3", b"fLaC",
)  # fmt: skip


def check_size(path: Path) -> int:
    """Size of the file in bytes; refuses missing, empty and oversized files before any parsing."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise UnreadableDocument(str(path), f"cannot open the file ({exc.strerror or exc})") from exc
    if not path.is_file():
        raise UnreadableDocument(str(path), "not a regular file")
    if size == 0:
        raise UnreadableDocument(str(path), "the file is empty")
    limit = settings().max_file_bytes
    if size > limit:
        raise DocumentTooLarge(str(path), f"{size} bytes is over the limit of {limit} bytes")
    return size


def _looks_like_text(head: bytes) -> bool:
    if head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return True
    if b"\x00" in head:
        # UTF-16 without BOM: every other byte zero in Latin/Vietnamese text
        even, odd = head[0::2], head[1::2]
        return odd.count(0) > 0.3 * len(odd) or even.count(0) > 0.3 * len(even)
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return control <= max(2, len(head) // 100)


def detect_format(path: str | Path) -> str:
    """'pdf', 'docx', 'doc' or 'text', from the bytes of the file; else :class:`UnsupportedFormat`."""
    path = Path(path)
    check_size(path)
    try:
        with path.open("rb") as fh:
            head = fh.read(8192)
    except OSError as exc:
        raise UnreadableDocument(str(path), f"cannot read the file ({exc.strerror or exc})") from exc
    # PDF headers may follow a little junk; readers accept %PDF within the first kilobyte.
    if b"%PDF" in head[:1024]:
        return "pdf"
    if head.startswith(OLE2_MAGIC):
        # OLE2 also holds .xls, .ppt, .msg: a Word file has a "WordDocument" stream (name in UTF-16 in the
        # directory). Checking here also spares a LibreOffice start on random or truncated OLE2 bytes.
        if _WORD_STREAM not in path.read_bytes():
            raise UnsupportedFormat(str(path), "an OLE2 file without a Word document stream (not a .doc)")
        return "doc"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        try:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
            raise UnreadableDocument(str(path), f"corrupt or truncated ZIP/DOCX file ({exc})") from exc
        if "word/document.xml" in names:
            return "docx"
        raise UnsupportedFormat(str(path), "a ZIP archive that is not a Word (.docx) document")
    if head.startswith(_BINARY_MAGICS):
        raise UnsupportedFormat(str(path), "binary content (image, archive or program), not a document")
    if _looks_like_text(head):
        return "text"
    raise UnsupportedFormat(str(path), "binary content of an unknown format")
