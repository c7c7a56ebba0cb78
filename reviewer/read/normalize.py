"""Text normalisation every reader applies: one canonical form for Vietnamese text.

- Unicode NFC, with the combining tone marks some PDF producers emit folded into precomposed letters.
- **Tone placement: the "new" style** (tone on the first vowel of an open ``oa``/``oe``/``uy`` syllable:
  ``hòa``, ``thủy``, ``khỏe``). It is the majority form in the shared corpus of laws (``hòa`` 1887 vs
  ``hoà`` 219, ``thủy`` 1019 vs ``thuỷ`` rare, ``khỏe`` 1143 vs ``khoẻ`` 163), so downstream patterns match
  the form they will meet most. Closed syllables (``hoàng``, ``khuyến``) and ``qu`` (``quý``) are the same in
  both styles and left alone.
- Legacy 8-bit font encodings: **TCVN3 (ABC)** — one byte per toned letter, read as Latin-1 look-alikes
  (``ViÖt`` for ``Việt``) — and **VNI** — a base letter followed by a modifier byte (``Vieät``). A text is
  converted only when it has almost no real Vietnamese letters and the conversion produces many.
- Whitespace cleanup; soft hyphens, zero-width characters and BOMs removed.
"""

from __future__ import annotations

import re
import unicodedata

# --- TCVN3 (ABC, TCVN 5712:1993 VN3): byte -> Unicode. Uppercase toned letters have no code of their own
# (the .VnTimeH fonts draw lowercase codes as capitals), so only the seven bare capitals are mapped.
_TCVN3_PAIRS = {
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
    0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
    0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB8: "á", 0xB9: "ạ",
    0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xBE: "ắ", 0xC6: "ặ",
    0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ",
    0xCC: "è", 0xCE: "ẻ", 0xCF: "ẽ", 0xD0: "é", 0xD1: "ẹ",
    0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD5: "ế", 0xD6: "ệ",
    0xD7: "ì", 0xD8: "ỉ", 0xDC: "ĩ", 0xDD: "í", 0xDE: "ị",
    0xDF: "ò", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó", 0xE4: "ọ",
    0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ",
    0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ", 0xED: "ớ", 0xEE: "ợ",
    0xEF: "ù", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ",
    0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự",
    0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ", 0xFD: "ý", 0xFE: "ỵ",
}  # fmt: skip
TCVN3_TO_UNICODE: dict[str, str] = {chr(b): u for b, u in _TCVN3_PAIRS.items()}
UNICODE_TO_TCVN3: dict[str, str] = {u: chr(b) for b, u in _TCVN3_PAIRS.items()}

# --- VNI Windows: a base letter then modifier bytes (shown as Latin-1 letters). Built from the rules of the
# encoding rather than listed: tone marks and vowel marks are separate bytes, combined for â/ê/ô and ă.
_VNI_TONE_LOWER = {"\u0301": "ù", "\u0300": "ø", "\u0309": "û", "\u0303": "õ", "\u0323": "ï"}
_VNI_TONE_UPPER = {"\u0301": "Ù", "\u0300": "Ø", "\u0309": "Û", "\u0303": "Õ", "\u0323": "Ï"}
# circumflex (â ê ô) + tone, and breve (ă) + tone, are single modifier bytes
_VNI_CIRC_LOWER = {"": "â", "\u0301": "á", "\u0300": "à", "\u0309": "å", "\u0303": "ã", "\u0323": "ä"}
_VNI_CIRC_UPPER = {"": "Â", "\u0301": "Á", "\u0300": "À", "\u0309": "Å", "\u0303": "Ã", "\u0323": "Ä"}
_VNI_BREVE_LOWER = {"": "ê", "\u0301": "é", "\u0300": "è", "\u0309": "ú", "\u0303": "ü", "\u0323": "ë"}
_VNI_BREVE_UPPER = {"": "Ê", "\u0301": "É", "\u0300": "È", "\u0309": "Ú", "\u0303": "Ü", "\u0323": "Ë"}
# letters VNI writes as one byte: i with a tone, ỵ, đ, ơ, ư
_VNI_SINGLE = {
    "í": "í", "ì": "ì", "ỉ": "æ", "ĩ": "ó", "ị": "ò", "Í": "Í", "Ì": "Ì", "Ỉ": "Æ", "Ĩ": "Ó", "Ị": "Ò",
    "ỵ": "î", "Ỵ": "Î", "đ": "ñ", "Đ": "Ñ", "ơ": "ô", "Ơ": "Ô", "ư": "ö", "Ư": "Ö",
}  # fmt: skip
_TONES = ("\u0301", "\u0300", "\u0309", "\u0303", "\u0323")


def _vni_encode_letter(ch: str) -> str | None:
    """VNI spelling of one Vietnamese letter, or None when the letter is plain ASCII."""
    if ch in _VNI_SINGLE:
        return _VNI_SINGLE[ch]
    decomposed = unicodedata.normalize("NFD", ch)
    base, marks = decomposed[0], decomposed[1:]
    if not marks or not base.isascii():
        return None
    upper = base.isupper()
    tone = next((m for m in marks if m in _TONES), "")
    if "\u0302" in marks:  # circumflex
        return base + (_VNI_CIRC_UPPER if upper else _VNI_CIRC_LOWER)[tone]
    if "\u0306" in marks:  # breve
        return base + (_VNI_BREVE_UPPER if upper else _VNI_BREVE_LOWER)[tone]
    if "\u031b" in marks:  # horn: ơ ư + tone
        horn = unicodedata.normalize("NFC", base + "\u031b")
        return _VNI_SINGLE[horn] + ((_VNI_TONE_UPPER if upper else _VNI_TONE_LOWER)[tone] if tone else "")
    if tone and base in "iI":
        return _VNI_SINGLE[unicodedata.normalize("NFC", base + tone)]
    if tone:
        return base + (_VNI_TONE_UPPER if upper else _VNI_TONE_LOWER)[tone]
    return None


def _vietnamese_letters() -> list[str]:
    letters = []
    for code in list(range(0xC0, 0x1B1)) + list(range(0x1EA0, 0x1EFA)):
        ch = chr(code)
        if ch.isalpha() and _is_vietnamese_letter(ch):
            letters.append(ch)
    return letters


def _is_vietnamese_letter(ch: str) -> bool:
    decomposed = unicodedata.normalize("NFD", ch)
    return (
        decomposed[0] in "aeiouyAEIOUYdD"
        and all(m in _TONES or m in "\u0302\u0306\u031b" for m in decomposed[1:])
        or ch in "đĐ"
    )


UNICODE_TO_VNI: dict[str, str] = {}
for _ch in _vietnamese_letters():
    _enc = _vni_encode_letter(_ch)
    if _enc is not None and _enc != _ch:
        UNICODE_TO_VNI[_ch] = _enc
VNI_TO_UNICODE: dict[str, str] = {v: k for k, v in UNICODE_TO_VNI.items()}
# longest spellings first, so "ôù" (ớ) wins over "ô" (ơ)
_VNI_PATTERN = re.compile("|".join(re.escape(k) for k in sorted(VNI_TO_UNICODE, key=len, reverse=True)))

# Letters only Vietnamese uses (not French/Latin-1): ă đ ơ ư and every letter of U+1EA0–U+1EF9.
_VIET_ONLY = re.compile("[ăđơưĂĐƠƯ\u1ea0-\u1ef9]")
_LETTER = re.compile(r"[^\W\d_]")


def vietnamese_ratio(text: str) -> float:
    """Share of letters that only Vietnamese uses; real Vietnamese prose sits around 0.1."""
    letters = len(_LETTER.findall(text))
    return len(_VIET_ONLY.findall(text)) / letters if letters else 0.0


def from_tcvn3(text: str) -> str:
    return "".join(TCVN3_TO_UNICODE.get(ch, ch) for ch in text)


def to_tcvn3(text: str) -> str:
    """Unicode → TCVN3 (lowercase codes for toned capitals, as the fonts do); used by tests and tools."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in UNICODE_TO_TCVN3:
            out.append(UNICODE_TO_TCVN3[ch])
        elif ch.lower() in UNICODE_TO_TCVN3:
            out.append(UNICODE_TO_TCVN3[ch.lower()])
        else:
            out.append(ch)
    return "".join(out)


def from_vni(text: str) -> str:
    return _VNI_PATTERN.sub(lambda m: VNI_TO_UNICODE[m.group(0)], text)


def to_vni(text: str) -> str:
    return "".join(UNICODE_TO_VNI.get(ch, ch) for ch in unicodedata.normalize("NFC", text))


# Frequent Vietnamese words with letters the legacy encodings change; a conversion must produce them.
_COMMON_WORDS = frozenset(
    "của và các được theo trong người có không này cho với đã là một những để về định điều khoản nghị "
    "luật thì hoặc tại nước cơ quan hồ sơ giấy tờ việc đăng ký chính phủ cấp thủ tục bản sao chứng "
    "thực hiện đơn vị công dân trường hợp quyết số năm tháng ngày đối phải".split()
)
_WORD = re.compile(r"[^\W\d_]+")


def _common_word_share(text: str) -> tuple[int, float]:
    words = _WORD.findall(text.lower())
    hits = sum(1 for w in words if w in _COMMON_WORDS)
    return hits, hits / len(words) if words else 0.0


def detect_legacy(text: str) -> str | None:
    """'tcvn3' or 'vni' when ``text`` looks like a legacy font encoding, else None.

    A text qualifies when it has almost no letters only Vietnamese uses, and converting it both yields such
    letters and turns many words into frequent Vietnamese words (which keeps French or Latin-1 text as is).
    """
    # cheap exits first: this runs on every block of every document
    if len(text) < 10 or text.isascii() or len(_VIET_ONLY.findall(text)) > 0.015 * len(text):
        return None
    if len(_LETTER.findall(text)) < 8 or vietnamese_ratio(text) > 0.02:
        return None
    base_hits, _ = _common_word_share(text)
    best, best_share = None, 0.0
    for name, convert in (("tcvn3", from_tcvn3), ("vni", from_vni)):
        converted = convert(text)
        hits, share = _common_word_share(converted)
        if vietnamese_ratio(converted) > 0.04 and hits >= base_hits + 2 and share >= 0.08 and share > best_share:
            best, best_share = name, share
    return best


def legacy_converter(text: str):
    """The function that converts ``text``'s legacy encoding to Unicode (identity when it has none)."""
    kind = detect_legacy(text)
    if kind == "tcvn3":
        return from_tcvn3
    if kind == "vni":
        return from_vni
    return _identity


def _identity(text: str) -> str:
    return text


def convert_legacy(text: str) -> str:
    """Convert a TCVN3 or VNI text to Unicode when it is one; otherwise return it unchanged."""
    kind = detect_legacy(text)
    if kind == "tcvn3":
        return from_tcvn3(text)
    if kind == "vni":
        return from_vni(text)
    return text


# --- tone placement -----------------------------------------------------------------------------------
# An open syllable ending in oa/oe/uy with the tone on the last vowel ("hoà", "thuỷ") → tone on the first
# ("hòa", "thủy"). Not after q (in "quý" the u belongs to the consonant).
_OLD_STYLE = re.compile(
    r"(?<![qQ])([oO])([àáảãạÀÁẢÃẠèéẻẽẹÈÉẺẼẸ])(?![^\W\d_])|(?<![qQ])([uU])([ỳýỷỹỵỲÝỶỸỴ])(?![^\W\d_])"
)


def _move_tone(match: re.Match) -> str:
    first, second = (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
    decomposed = unicodedata.normalize("NFD", second)
    base, tone = decomposed[0], decomposed[1:]
    return unicodedata.normalize("NFC", first + tone) + base


def canonical_tones(text: str) -> str:
    return _OLD_STYLE.sub(_move_tone, text)


# --- invisible characters and spaces ------------------------------------------------------------------
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff\u200e\u200f"), None)
# C0 controls but tab, newline, carriage return and form feed: no text needs them, and PostgreSQL refuses NUL.
_INVISIBLE.update(dict.fromkeys([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F], None))
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
# The Icelandic eth looks like Đ and some fonts typed it for Đ ("Ðiều 317."); no Vietnamese text means it.
_LOOKALIKES = {ord("\u00d0"): "\u0110", ord("\u00f0"): "\u0111"}


def normalize_text(s: str, *, legacy: bool = True) -> str:
    """Canonical text for one block: legacy encodings converted, NFC, new-style tones, clean spaces.

    Newlines are kept (a reader may pass several lines); runs of spaces collapse to one and each line is
    stripped. ``legacy=False`` skips TCVN3/VNI detection, for readers that already converted a whole page
    or document (detection on a short line has too little evidence anyway).
    """
    if not s:
        return ""
    # Legacy conversion first: in TCVN3 the soft-hyphen byte (0xAD) is the letter ư.
    if legacy:
        s = convert_legacy(s)
    s = s.translate(_INVISIBLE).translate(_LOOKALIKES)
    s = unicodedata.normalize("NFC", s)
    s = canonical_tones(s)
    s = s.replace("\r\n", "\n").replace("\r", "\n")
    lines = [_SPACES.sub(" ", line).strip() for line in s.split("\n")]
    return "\n".join(lines).strip()
