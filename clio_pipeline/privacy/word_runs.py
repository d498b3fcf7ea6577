"""Runs of tokens that a reader reads as ONE word: joined before the publication rule judges words.

The word rule judges words one by one, and a short number, a single letter or a number word is
harmless alone. Written in a row they are not: "4539 1488 0343 6467" is a card number made of four
public-looking 4-digit numbers, "T h a d d e u s" is a name made of single letters, and "null eins
sieben sechs sieben sechs drei" is a phone number made of ordinary words. Each such run becomes one
token, so the rule sees the card number, the name or the phone number:

- digit groups separated by one space, dash, dot or slash (the token's form is its digits, so a run
  of more than 4 digits is never a public number);
- three or more single Latin, Cyrillic or Greek letters separated by single spaces (the form is the
  letters joined);
- four or more number words in a row (any of the languages of detectors_obfuscated), with commas,
  hyphens or spaces between (the form is the words joined by spaces, which is no vocabulary).
"""

from __future__ import annotations

import re

from clio_pipeline.privacy.detectors_obfuscated import is_number_word
from clio_pipeline.privacy.scripts import CYRILLIC, GREEK, LATIN, char_script

_DIGIT_GAP = re.compile(r"^[ \-./]$")
_LETTER_GAP = re.compile(r"^ {1,2}$")
_WORD_GAP = re.compile(r"^[\s,\-]+$")
_SPACED_LETTERS = re.compile(r"^\w(?: {1,2}\w){2,}$")
_DIGIT_RUN = re.compile(r"^\d+(?:[ \-./]\d+)+$")
MIN_LETTERS = 3
_ALPHABETS = frozenset({LATIN, CYRILLIC, GREEK})
MIN_NUMBER_WORDS = 4


def _kind(word: str) -> str | None:
    if word.isdigit():
        return "digits"
    if len(word) == 1 and word.isalpha() and char_script(word) in _ALPHABETS:
        return "letter"  # a Han character or a Hangul syllable alone is a word, not a spelled letter
    if is_number_word(word):
        return "number"
    return None


def _joins(kind: str, gap: str) -> bool:
    if kind == "digits":
        return bool(_DIGIT_GAP.match(gap))
    if kind == "letter":
        return bool(_LETTER_GAP.match(gap))
    return bool(_WORD_GAP.match(gap))


def _long_enough(kind: str, count: int) -> bool:
    if kind == "digits":
        return count >= 2
    return count >= (MIN_LETTERS if kind == "letter" else MIN_NUMBER_WORDS)


def join_runs(text: str, words: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """`words` ((surface, start) in `text`, in order) with every run of the module docstring as one word."""
    out: list[tuple[str, int]] = []
    i = 0
    while i < len(words):
        word, start = words[i]
        kind = _kind(word)
        j = i + 1
        if kind is not None:
            end = start + len(word)
            while j < len(words):
                nxt, nxt_start = words[j]
                if _kind(nxt) != kind or not _joins(kind, text[end:nxt_start]):
                    break
                end = nxt_start + len(nxt)
                j += 1
            if _long_enough(kind, j - i):
                out.append((text[start:end], start))
                i = j
                continue
        out.append((word, start))
        i += 1
    return out


def run_form(word: str) -> str:
    """The form the rule judges a joined run by: digits only, or the letters without their spaces."""
    if _DIGIT_RUN.match(word):
        return re.sub(r"\D", "", word)
    if _SPACED_LETTERS.match(word):
        return word.replace(" ", "")
    return word
