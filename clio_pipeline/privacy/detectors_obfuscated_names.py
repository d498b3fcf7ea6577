"""Names written to dodge a filter: spaced or dotted letters, and digits for letters.

- Letter by letter: four or more single letters joined by one repeated separator ("T h o r v a l d u r",
  "M.a.r.g.i.t", "K-A-T-A-R-Z-Y-N-A"). Nobody writes an ordinary word this way except to hide it, so any
  such run is masked; three letters ("U.S.A.") and two ("z.B.") stay. Only cased scripts: Chinese text
  tokenised with spaces ("小 时 内") is single characters too.
- Digits for letters ("j0sefina", "gr1mshaw", "v4lderrama"): a word with a digit between letters that
  reads, with 0→o, 1→i/l, 3→e, 4→a, 5→s, 7→t, as a listed name, or as a word of no language spelled like
  a name. A digit at the end ("user1", "covid19") or a word it turns into ("s3cr3t") is left alone.
- A split word ("ev.angeline"): a head of one to three letters, a dot, and five or more letters, that
  join into a listed name (code such as "np.array" or "os.environ" joins into nothing listed).

A capitalised word of no language right after such a name is its other part ("ev.angeline Dorr").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from clio_pipeline.privacy.detectors import Detection
from clio_pipeline.privacy.detectors_name_words import AMBIGUOUS_NAMES, KNOWN_NAMES, fold

_CASED = r"A-Za-zÀ-ÖØ-öø-žА-яЁёΑ-Ωα-ωΆ-ώ"
_SPACED_LETTERS = re.compile(rf"(?<![\w.\-*])([{_CASED}])([ .\-_*])[{_CASED}](?:\2[{_CASED}]){{2,}}\.?(?![\w])")
_DIGITS_INSIDE = re.compile(rf"(?<![\w@./])[{_CASED}]+(?:[013457][{_CASED}]+)+(?![\w@/])")
# A short head split off a longer word: "ev.angeline", "al.fonsina"; "file.txt", "e.g." do not fit.
_SPLIT_WORD = re.compile(rf"(?<![\w@./])([{_CASED}]{{1,3}})\.([{_CASED}]{{5,12}})(?![\w@/.])")
_NEXT_PART = re.compile(rf" ([A-ZÀ-ÖØ-ÞА-ЯЁΑ-Ω][{_CASED}'’-]+)")
_DIGIT_LETTERS = ({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t"}, {"1": "l"})


def may_hold_obfuscated_name(text: str) -> bool:
    """Cheap test: a dot, hyphen, underscore, asterisk or digit, or a single letter between spaces."""
    return any(c in text for c in ".-_*0134579") or (" " in text and re.search(r"(?:^| )\w \w ", text) is not None)


def find_obfuscated_names(text: str) -> Iterator[Detection]:
    for m in _SPACED_LETTERS.finditer(text):
        yield _with_next_part(text, m.start(), m.end())
    for m in _DIGITS_INSIDE.finditer(text):
        if _reads_as_name(m.group()):
            yield _with_next_part(text, m.start(), m.end())
    for m in _SPLIT_WORD.finditer(text):
        joined = fold(m.group(1) + m.group(2))
        if joined in KNOWN_NAMES and joined not in AMBIGUOUS_NAMES:  # not "np.array", "os.environ"
            yield _with_next_part(text, m.start(), m.end())


def _reads_as_name(token: str) -> bool:
    from clio_pipeline.privacy.detectors_name_context import NAMENESS_THRESHOLD, nameness

    for table in _DIGIT_LETTERS:
        word = "".join(table.get(c, _DIGIT_LETTERS[0].get(c, c)) for c in token)
        if not word.isalpha():
            continue
        if fold(word) in KNOWN_NAMES and fold(word) not in AMBIGUOUS_NAMES:
            return True
        # Names are words of the frequency lists too ("margarethe"), so the spelling decides; a leetspeak
        # ordinary word spelled like a name ("h3llo") is masked too, which costs nothing personal.
        if len(word) >= 5 and nameness(word.capitalize()) > NAMENESS_THRESHOLD:
            return True
    return False


def _with_next_part(text: str, start: int, end: int) -> Detection:
    from clio_pipeline.privacy.vocabulary import is_general_word

    following = _NEXT_PART.match(text, end)
    if following and (not is_general_word(following.group(1)) or fold(following.group(1)) in KNOWN_NAMES):
        end = following.end()
    return Detection("NAME", start, end, text[start:end], 0.75)
