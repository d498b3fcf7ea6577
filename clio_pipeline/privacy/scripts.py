"""Which writing system a word or a text is in: the key that selects vocabularies and name detectors.

Every language-specific resource of the privacy stage (word-frequency lists, segmenters, name models) is
loaded lazily, the first time text of its script is seen; this module is the cheap test that decides
which ones a text needs. It uses code-point ranges only, so it costs a few hundred nanoseconds per word.
"""

from __future__ import annotations

import re
from functools import lru_cache

LATIN = "latin"
CYRILLIC = "cyrillic"
GREEK = "greek"
ARABIC = "arabic"
HEBREW = "hebrew"
HAN = "han"  # Chinese characters, also used by Japanese (kanji)
KANA = "kana"  # Japanese hiragana and katakana
HANGUL = "hangul"
DEVANAGARI = "devanagari"
THAI = "thai"
OTHER = "other"

# (first code point, last code point, script), checked in order.
_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x0041, 0x024F, LATIN),
    (0x1E00, 0x1EFF, LATIN),
    (0x0370, 0x03FF, GREEK),
    (0x1F00, 0x1FFF, GREEK),
    (0x0400, 0x052F, CYRILLIC),
    (0x0590, 0x05FF, HEBREW),
    (0x0600, 0x06FF, ARABIC),
    (0x0750, 0x077F, ARABIC),
    (0xFB50, 0xFDFF, ARABIC),
    (0xFE70, 0xFEFF, ARABIC),
    (0x0900, 0x097F, DEVANAGARI),
    (0x0E00, 0x0E7F, THAI),
    (0x3040, 0x30FF, KANA),
    (0x31F0, 0x31FF, KANA),
    (0xFF66, 0xFF9F, KANA),
    (0x3400, 0x4DBF, HAN),
    (0x4E00, 0x9FFF, HAN),
    (0xF900, 0xFAFF, HAN),
    (0x20000, 0x2FA1F, HAN),
    (0xAC00, 0xD7AF, HANGUL),
    (0x1100, 0x11FF, HANGUL),
    (0x3130, 0x318F, HANGUL),
)
_LATIN_LETTER = re.compile(r"[A-Za-z]")
# A run of Chinese characters and kana (with the long-vowel mark and iteration marks), i.e. text
# written without spaces between words, which needs a segmenter before words can be counted.
CJK_RUN = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f々〆ヶ]+")
_KANA_CHAR = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]")


def char_script(char: str) -> str:
    """The script of one character; digits, punctuation and symbols are OTHER."""
    code = ord(char)
    if code < 0x80:
        return LATIN if _LATIN_LETTER.match(char) else OTHER
    for first, last, script in _RANGES:
        if first <= code <= last:
            return script
    return OTHER


@lru_cache(maxsize=65536)
def word_script(word: str) -> str:
    """The script of most letters of `word` (kana wins over Han: a word with kana is Japanese)."""
    counts: dict[str, int] = {}
    for char in word:
        script = char_script(char)
        if script != OTHER:
            counts[script] = counts.get(script, 0) + 1
    if not counts:
        return OTHER
    if KANA in counts:
        return KANA
    return max(counts, key=counts.__getitem__)


def text_scripts(text: str) -> frozenset[str]:
    """Every script with at least one letter in `text`. ASCII-only text is answered without a scan."""
    if text.isascii():
        return frozenset([LATIN]) if _LATIN_LETTER.search(text) else frozenset()
    return frozenset(s for s in map(char_script, set(text)) if s != OTHER)


def has_kana(text: str) -> bool:
    """Whether `text` holds hiragana or katakana: Han characters next to kana are Japanese, not Chinese."""
    return bool(_KANA_CHAR.search(text))
