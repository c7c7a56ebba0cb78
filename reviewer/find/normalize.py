"""Fold text into the form patterns are matched on, keeping a map back to the original offsets.

Real input arrives in NFC or NFD, with the tone mark on either vowel of ``oa``/``oe``/``uy`` (``hoà``/``hòa``,
``thuỷ``/``thủy``), in ALL CAPS headings, with the Icelandic ``Ð`` standing in for ``Đ``, and, in portal
tables flattened by the export, with cells glued together (``1 bản chínhBản sao``). Matching runs on a folded
copy; every folded character remembers the original span it came from, so evidence offsets always point into
the string the caller gave.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Characters that read as a space or as nothing in legal texts; mapped 1:1 to a space so offsets stay simple.
_SPACE_LIKE = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u200b\u200c\u200d\u2060\ufeff\u00ad\t\r\f\v"), " ")
_LOOKALIKES = {ord("Ð"): "Đ", ord("ð"): "đ"}
_CHAR_FIX = {**_SPACE_LIKE, **_LOOKALIKES}

# Tone marks by the diacritic-free base vowel, to move a mark from the second vowel of an open oa/oe/uy
# syllable to the first (the "old" placement: hòa, thủy). Both placements fold to the same string.
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_GLIDE = re.compile(
    r"(?<!q)([oòóỏõọuùúủũụ])([aàáảãạeèéẻẽẹyỳýỷỹỵ])(?![^\W\d_])",
)
# Table cells glued by the export: "chínhBản", "sau:0 bản", "quyền.Giấy".
_LATIN = [chr(c) for c in range(0x41, 0x1EFA) if chr(c).isalpha()]
_UPPER = "".join(c for c in _LATIN if c.isupper())
_LOWER = "".join(c for c in _LATIN if c.islower())
_GLUE = re.compile(
    rf"(?<=[{_LOWER}])(?=[{_UPPER}])|(?<=[{_LOWER}{_UPPER})\]][.:;,])(?=[^\W_])"
    rf"|(?<=[{_LOWER}{_UPPER}])(?=[-–+](?:\s|[{_LOWER}{_UPPER}]))"
)


@dataclass(frozen=True)
class Folded:
    """The folded text and, for each of its characters, the original ``[start, end)`` it stands for."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a non-empty folded span ``[start, end)`` back to the original string."""
        return self.starts[start], self.ends[end - 1]


def _split_tone(ch: str) -> tuple[str, str]:
    parts = unicodedata.normalize("NFD", ch)
    tone = "".join(c for c in parts if c in _TONES)
    rest = "".join(c for c in parts if c not in _TONES)
    return unicodedata.normalize("NFC", rest), tone


def _move_tone(match: re.Match[str]) -> str:
    first, second = match.group(1), match.group(2)
    base2, tone2 = _split_tone(second)
    if not tone2:
        return match.group(0)
    base1, tone1 = _split_tone(first)
    if tone1:  # two marks: malformed, leave as is
        return match.group(0)
    return unicodedata.normalize("NFC", base1 + tone2) + base2


def fold_string(text: str) -> str:
    """The folded form of a pattern string (no offsets needed): NFC, lower case, one tone placement."""
    return fold(text).text


def _casefold_nfc(text: str) -> tuple[str, list[int], list[int]]:
    """NFC per character cluster with look-alikes fixed; returns cased text and per-char original spans."""
    text = text.translate(_CHAR_FIX)
    if unicodedata.is_normalized("NFC", text):
        n = len(text)
        return text, list(range(n)), list(range(1, n + 1))
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        cluster = unicodedata.normalize("NFC", text[i:j]).translate(_CHAR_FIX)
        for ch in cluster:
            out.append(ch)
            starts.append(i)
            ends.append(j)
        i = j
    return "".join(out), starts, ends


def _lower_same_length(text: str) -> str:
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    # A handful of characters (İ) lower to two code points; keep those as they are to preserve the offset map.
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def fold(text: str) -> Folded:
    """Fold ``text`` for matching: NFC, look-alikes fixed, lower case, one tone placement, cells unglued."""
    cased, starts, ends = _casefold_nfc(text)
    glue = [m.start() for m in _GLUE.finditer(cased)]
    folded = _GLIDE.sub(_move_tone, _lower_same_length(cased))
    if glue:
        pieces: list[str] = []
        prev = 0
        for pos in glue:
            pieces.append(folded[prev:pos])
            pieces.append(" ")
            prev = pos
        pieces.append(folded[prev:])
        folded = "".join(pieces)
        for k, pos in enumerate(glue):
            at = pos + k  # earlier insertions shift the position
            anchor = starts[at] if at < len(starts) else len(text)
            starts.insert(at, anchor)
            ends.insert(at, anchor)
    return Folded(folded, tuple(starts), tuple(ends))
