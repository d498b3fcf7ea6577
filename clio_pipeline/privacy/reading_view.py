"""The text as a reader sees it: what every detector and the publication rule look at.

An attacker can keep a name out of reach of word lists and regular expressions while a person still
reads it plainly: zero-width characters inside it ("Ma\\u200brgot"), full-width or other compatibility
letters ("Ｍａｒｇｏｔ"), accents written as separate combining marks ("De\\u0301sire\\u0301e"), Cyrillic
or Greek look-alike letters inside a Latin word ("Веаtrice": В, е, а are Cyrillic), or digits for
letters ("th30d0r3"). `reading_view` undoes each of these, following Unicode's own answers where
there is one:

1. invisible format characters (general category Cf: zero-width space/joiners, bidi controls, soft
   hyphen, word joiner, BOM), variation selectors and Hangul fillers are removed;
2. NFKC (UAX #15) per grapheme: compatibility forms and decomposed accents become the letters read;
3. in a word that mixes Latin with Cyrillic or Greek letters (UTS #39 calls this "mixed script", the
   signal of a spoofed word) the Cyrillic/Greek letters that look like Latin ones are read as Latin
   (the confusables of UTS #39 for these two scripts); words wholly in one script are untouched;
4. in a word with digits between lower-case letters, the usual letter-shaped digits are read as
   letters (0 o, 1 i, 3 e, 4 a, 5 s, 7 t) and the word is read capitalised ("th30d0r3" -> "Theodore");
   numbers, "h264", "python3", "4k" or "K1A" have no digit between lower-case letters and stay.

Steps 3 and 4 keep lengths, so the view maps back to the original by a per-character offset table;
`ReadingView.span` turns a span of the view into the span of the original that a scrubber must mask.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Cyrillic and Greek letters that render like a Latin letter (UTS #39 confusables, both cases).
_LOOKALIKES = str.maketrans({
    "а": "a", "в": "b", "е": "e", "ё": "ë", "з": "3", "і": "i", "ї": "ï", "ј": "j", "к": "k", "м": "m",
    "н": "h", "о": "o", "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s", "ԁ": "d", "ԛ": "q",
    "ԝ": "w", "һ": "h", "ӏ": "l", "А": "A", "В": "B", "Е": "E", "Ё": "Ë", "І": "I", "Ї": "Ï", "Ј": "J",
    "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T", "У": "Y", "Х": "X", "Ѕ": "S",
    "Ԁ": "D", "Ԛ": "Q", "Ԝ": "W", "Һ": "H", "Ӏ": "I",
    "α": "a", "β": "b", "γ": "y", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t",
    "υ": "u", "χ": "x", "ϲ": "c", "ϳ": "j", "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I",
    "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "Ϲ": "C",
})
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t"})
# Removed outright: format characters (Cf) plus the invisible non-Cf ones used the same way.
_EXTRA_INVISIBLE = frozenset("\u034f\u115f\u1160\u17b4\u17b5\u3164\uffa0") | frozenset(
    chr(c) for c in range(0xFE00, 0xFE10))
_WORD = re.compile(r"[^\W_]+(?:[\u0300-\u036f][^\W_]*)*")
_LEET_WORD = re.compile(r"[013457]*[A-Za-z][a-z]*(?:[013457]+[a-z]+)+[013457]*")


def _invisible(char: str) -> bool:
    return char in _EXTRA_INVISIBLE or unicodedata.category(char) == "Cf"


def _latin(char: str) -> bool:
    return (char.isalpha() and char.isascii()) or "\u00c0" <= char <= "\u024f"


def _spoofable(char: str) -> bool:
    return "\u0370" <= char <= "\u03ff" or "\u0400" <= char <= "\u052f"


@dataclass(frozen=True)
class ReadingView:
    """The view text and, per view character, the original span [start, end) it was read from."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span behind view span [start, end) (end > start)."""
        return self.starts[start], self.ends[end - 1]


def _fold_word(word: str) -> str:
    if any(map(_spoofable, word)) and any(map(_latin, word)):
        word = word.translate(_LOOKALIKES)
    if not word.isascii() or not any(c.isdigit() for c in word):
        return word
    return _LEET_WORD.sub(_unleet, word)


def _unleet(match: re.Match[str]) -> str:
    # A word disguised with digits is read capitalised: the disguise says "this is a name", and the
    # capitalised-name detectors then judge it even inside an otherwise lower-case text.
    letters = match.group(0).translate(_LEET)
    return letters[:1].upper() + letters[1:]


def _needs_view(text: str) -> bool:
    if text.isascii():
        return any(c.isdigit() for c in text) and bool(_LEET_WORD.search(text))
    return True


@lru_cache(maxsize=8192)
def reading_view(text: str) -> ReadingView:
    """`text` as read (see the module docstring), with the map back to the original's offsets."""
    if not _needs_view(text):
        return ReadingView(text, tuple(range(len(text))), tuple(range(1, len(text) + 1)))
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and (unicodedata.combining(text[j]) or _invisible(text[j])):
            j += 1  # a base letter with its combining marks is read as one unit
        cluster = "".join(c for c in text[i:j] if not _invisible(c))
        for char in unicodedata.normalize("NFKC", cluster) if cluster else "":
            chars.append(char)
            starts.append(i)
            ends.append(j)
        i = j
    view = "".join(chars)
    folded = _WORD.sub(lambda m: _fold_word(m.group(0)), view)
    if len(folded) != len(view):  # a fold never changes length; keep the unfolded view if one did
        folded = view
    return ReadingView(folded, tuple(starts), tuple(ends))


def read_as(text: str) -> str:
    """Only the view text of `reading_view(text)`."""
    return reading_view(text).text
