"""Names written without their capitals: in lower case ("zorblax vantreight has hepatitis") or in capitals
("TIBOR KASZNAR, cancer").

The list-based detector leans on capitalisation, and an attacker (or a user typing fast) drops it. Two
rules, neither of which needs a name to be listed:

- *Capitals*: a run of two to four all-capital words inside a text that also has lower-case words is
  read as if it were title-cased ("TIBOR KASZNAR" -> "Tibor Kasznar") by the ordinary detector; the
  offsets are the same, so its detections apply to the original text. Acronyms ("NASA API") are general
  vocabulary or single words and are left alone by that detector as they would be in title case.
- *Lower case* (English text): two adjacent lower-case words that are in no language's general vocabulary (wordfreq,
  Zipf >= 3; English >= 2.5) and in no common-word list (a listed given name may be one of them), at
  least four letters long, one of them spelled like a name (character-trigram nameness > 0), form a
  name. One unknown word alone is more often a typo or jargon than a name, so a pair is required.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from clio_pipeline.privacy.detectors import Detection
from clio_pipeline.privacy.detectors_name_context import NAMENESS_THRESHOLD, nameness
from clio_pipeline.privacy.detectors_name_words import COMMON_WORDS, FUNCTION_WORDS, KNOWN_NAMES, fold
from clio_pipeline.privacy.vocabulary import is_general_word, likely_latin_language

_CAPS_RUN = re.compile(r"\b[A-ZÀ-ÞĀ-Ž]{2,}(?:[-'’][A-ZÀ-ÞĀ-Ž]+)?(?:[ \t]+[A-ZÀ-ÞĀ-Ž]{2,}(?:[-'’][A-ZÀ-ÞĀ-Ž]+)?){1,3}\b")
_ANY_WORD = re.compile(r"[^\W\d_]{2,}")
_LOWER_WORD = re.compile(r"\b[a-zß-ÿā-ž]{4,}(?:-[a-zß-ÿā-ž]{2,})?\b")


def title_cased_capitals(text: str) -> str | None:
    """`text` with runs of all-capital words title-cased, or None when it has none (or is all capitals)."""
    if text == text.upper() or not any(c.isupper() for c in text):
        return None
    changed = False
    pieces: list[str] = []
    cursor = 0
    for m in _CAPS_RUN.finditer(text):
        titled = m.group().title()
        if len(titled) != len(m.group()):
            continue  # a letter whose case change alters the length ("İ"): offsets would shift
        pieces.extend((text[cursor : m.start()], titled))
        cursor = m.end()
        changed = True
    if not changed:
        return None
    pieces.append(text[cursor:])
    return "".join(pieces)


def names_in_capitals(text: str, find: Callable[[str], Iterator[Detection]]) -> Iterator[Detection]:
    """Detections of `find` on the title-cased capital runs of `text`, reported on `text` itself."""
    titled = title_cased_capitals(text)
    if titled is None:
        return
    runs = [(m.start(), m.end()) for m in _CAPS_RUN.finditer(text)]
    for detection in find(titled):
        if any(start <= detection.start and detection.end <= end for start, end in runs):
            yield Detection("NAME", detection.start, detection.end, text[detection.start : detection.end], 0.6)


def _unknown_lowercase(word: str) -> bool:
    key = fold(word)
    return key not in COMMON_WORDS and key not in FUNCTION_WORDS and (key in KNOWN_NAMES or not is_general_word(word))


def may_hold_lowercase_name(words: frozenset[str]) -> bool:
    """Cheap pre-test on the text's word set: two words of four letters or more that no list holds."""
    unknown = [w for w in words if len(w) >= 4 and w.isalpha() and w not in COMMON_WORDS]
    return len(unknown) >= 2


def _known(word: str) -> bool:
    key = fold(word)
    return key in COMMON_WORDS or key in FUNCTION_WORDS or is_general_word(word)


def _rest_is_vocabulary(text: str, pair: tuple[int, int]) -> bool:
    """The other words of the text are (at least 3 in 4) vocabulary we know: in a dialect or a language
    without a word list ("heint sunnig", "zoag olle") two unknown words say nothing."""
    others = [m.group() for m in _ANY_WORD.finditer(text) if not (pair[0] <= m.start() < pair[1])]
    if len(others) < 2:
        return False
    unknown = sum(not _known(word) for word in others)
    return unknown * 4 <= len(others)


def lowercase_unknown_pairs(text: str) -> Iterator[Detection]:
    """Two adjacent unknown, name-spelled lower-case words: "zorblax vantreight", "ottilie brennecke".

    English text only: its word list (Zipf >= 2.5) is the one large enough for "unknown" to mean
    "not a word"; in other languages and dialects ("morgn friah", Austrian "tomorrow morning") it does not.
    """
    if likely_latin_language(_ANY_WORD.findall(text)) != "en":
        return
    words = list(_LOWER_WORD.finditer(text))
    index = 0
    while index + 1 < len(words):
        first, second = words[index], words[index + 1]
        adjacent = text[first.end() : second.start()] in (" ", "\t")
        pair = adjacent and _unknown_lowercase(first.group()) and _unknown_lowercase(second.group())
        # Two listed names are the list-based detector's call ("will rose" is not a name); otherwise one
        # of the two must be spelled like a name.
        if (
            pair
            and not (fold(first.group()) in KNOWN_NAMES and fold(second.group()) in KNOWN_NAMES)
            and max(nameness(first.group().capitalize()), nameness(second.group().capitalize())) > NAMENESS_THRESHOLD
            and _rest_is_vocabulary(text, (first.start(), second.end()))
        ):
            yield Detection("NAME", first.start(), second.end(), text[first.start() : second.end()], 0.55)
            index += 2
            continue
        index += 1
