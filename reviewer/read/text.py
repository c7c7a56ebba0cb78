"""Plain-text reader: UTF-8 (with or without BOM), UTF-16, CP1258, or TCVN3/VNI typed as bytes."""

from __future__ import annotations

import codecs
import itertools
from pathlib import Path

from reviewer.document import Block, RawDocument
from reviewer.errors import UnreadableDocument
from reviewer.read.layout import continues_sentence
from reviewer.read.normalize import detect_legacy, normalize_text, vietnamese_ratio


def decode_bytes(data: bytes) -> str:
    """Decode text bytes: BOMs first, then UTF-16 without BOM, UTF-8, then the best 8-bit reading."""
    boms = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
    for bom, codec in boms:
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    if b"\x00" in data[:4096]:
        sample = data[:4096]
        codec = "utf-16-le" if sample[1::2].count(0) > sample[0::2].count(0) else "utf-16-be"
        return data.decode(codec, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # 8-bit: TCVN3/VNI bytes read as Latin-1 convert later in normalize_text; CP1258 uses combining tones.
    latin = data.decode("latin-1")
    if detect_legacy(latin):
        return latin
    cp1258 = data.decode("cp1258", errors="replace")
    return cp1258 if vietnamese_ratio(normalize_text(cp1258)) > 0.02 else data.decode("cp1252", errors="replace")


def read_text(path: Path) -> RawDocument:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableDocument(str(path), f"cannot read the file ({exc.strerror or exc})") from exc
    text = decode_bytes(data)
    if _looks_binary(text):
        raise UnreadableDocument(str(path), "binary content, not text (a lock file, a database or a program?)")
    # legacy encodings are detected on the whole file: a single short line carries too little evidence
    kind = detect_legacy(text[:200_000])
    lines = [cleaned for line in text.splitlines() if (cleaned := normalize_text(_convert(line, kind), legacy=False))]
    blocks = [Block(line) for line in _unwrapped(lines)]
    if not blocks:
        raise UnreadableDocument(str(path), "the text file contains no text")
    return RawDocument(source=str(path), format="text", pages=None, blocks=blocks)


def _unwrapped(lines: list[str]) -> list[str]:
    """Lines with the breaks a PDF left mid-sentence taken out (Luật Khoáng sản 2010 as published)."""
    # a law's definitions or tables break a line now and then; a file broken at every width breaks one in 20
    breaks = sum(continues_sentence(before, line) for before, line in itertools.pairwise(lines))
    wrapped = breaks >= 3 and breaks >= len(lines) / 20
    joined: list[str] = []
    for line in lines:
        if joined and continues_sentence(joined[-1], line, wrapped):
            joined[-1] = f"{joined[-1]} {line}"
        else:
            joined.append(line)
    return joined


def _looks_binary(text: str) -> bool:
    """NULs or many control characters after decoding: the bytes were never text (Word's ``~$`` lock files)."""
    sample = text[:20_000]
    controls = sum(1 for ch in sample if ord(ch) < 0x20 and ch not in "\t\n\r\x0c")
    return "\x00" in sample or controls > max(3, len(sample) // 100)


def _convert(line: str, kind: str | None) -> str:
    from reviewer.read.normalize import from_tcvn3, from_vni

    if kind == "tcvn3":
        return from_tcvn3(line)
    if kind == "vni":
        return from_vni(line)
    return line
