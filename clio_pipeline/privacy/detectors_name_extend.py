"""A found name takes in the capitalised name parts beside it; Vietnamese full names by their family name.

A detector that finds one part of a name often stops at the next: "Budi [NAME]" when "Santoso" is also an
Indonesian word, "[NAME] Мельник" when "мельник" is also a miller, "Nguyễn [NAME]" when the family name
stands at the start of the sentence. Half a name is still a name: a Latin or Cyrillic word written in
title case right beside a NAME mask (one space between) joins it when it is a given, middle or family
name of Faker's lists (name_gazetteer.py) and, in Latin script, not among the commonest words of its
languages ("Will", "May") nor a common English word that our own name lists lack ("Sunday", "Princess"), or, in Cyrillic, when it has a family-name ending ("-енко", "-ук", "-ов", "-ська"). A title ("Pak",
"Bey", "Hanım") stays a word; after a strong cue ("my name is Bambang [NAME]") any title-case word but
the commonest and English ones ("called Black [NAME]" stays "Friday") joins, as family names are often words of their language ("Susilo"). A word does not join on the left when it opens the sentence ("Fügen Armen Movsessian": a verb) unless it is a
listed given name or a Vietnamese family name.

Vietnamese names are a family name, often a middle name ("Văn", "Thị"), and a given name, each one
capitalised syllable: a capitalised run of two to four syllables that starts with one of the commonest
Vietnamese family names (Nguyễn, Trần, Lê, Phạm, Hoàng ...; about nine people in ten bear one) is a name,
so are the capitalised syllables after a kinship title of address ("chị Mỹ Duyên", "ông Tư"), and in
Vietnamese text any capitalised syllable beside a NAME mask joins it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from clio_pipeline.privacy.detectors import Detection
from clio_pipeline.privacy.detectors_name_words import (
    FIRST_NAMES,
    FUNCTION_WORDS,
    NEVER_NAMES,
    SURNAMES,
    fold,
)
from clio_pipeline.privacy.vocabulary import in_language, zipf

_WORD = re.compile(r"[^\W\d_][^\W\d_'’-]*")
_CYR_SURNAME = re.compile(r"(?:енко|ук|юк|чук|ник|ов|ев|єв|ін|ова|ева|єва|іна|ський|ська|цький|цька|ич)$")
# The commonest Vietnamese family names (with the spellings that only Vietnamese uses).
# Family names that are also place words ("Hà Nội", "Mai", "Cao Bằng", "Thái Bình") are left out.
VI_FAMILY_NAMES = frozenset(
    ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trương", "Lương", "Đoàn", "Trịnh", "Lưu", "Quách", "Tạ"]
)
_VI_SYLLABLE = re.compile(r"[A-ZÀ-ỸĐ][a-zà-ỹđ]{0,6}")
# Letters only Vietnamese writes (not "ã", "é" of Portuguese or French): ă, đ, ĩ, ũ, ơ, ư and the tone-marked
# vowels of the Latin Extended Additional block.
_VI_LETTERS = re.compile(r"[ăđĩũơưĂĐĨŨƠƯ\u1ea0-\u1ef9]")
_VI_HONORIFIC = re.compile(
    r"(?<![^\W\d_])(?:ông|bà|anh|chị|em|cô|chú|bác|Ông|Bà|Anh|Chị|Em|Cô|Chú|Bác)"
    r" ((?:[A-ZÀ-ỸĐ][a-zà-ỹđ]{0,6} ){0,2}[A-ZÀ-ỸĐ][a-zà-ỹđ]{0,6})(?![^\W\d_])"
)
_VI_RUN = re.compile(
    r"(?<![^\W\d_])(?:" + "|".join(sorted(VI_FAMILY_NAMES)) + r")(?:[ ][A-ZÀ-ỸĐ][a-zà-ỹđ]{0,6}){1,3}(?![^\W\d_])"
)
# Places that open with a family-name syllable: the city named after the man, islands, towns, and lakes
# ("Hồ" is also "lake").
_VI_PLACES = ("Hồ Chí Minh", "Hoàng Sa", "Trường Sa", "Phan Thiết", "Phan Rang", "Lý Sơn", "Hồ Tây", "Hồ Gươm",
              "Hồ Hoàn Kiếm", "Hồ Xuân Hương", "Hồ Ba Bể", "Hồ Trúc Bạch")
_TITLES = frozenset(["pak", "bu", "bapak", "ibu", "bey", "hanım", "hanim", "pan", "пан", "пані", "ông", "bà", "anh",
                     "chị", "sayın", "mr", "mrs", "ms", "dr", "bay", "bayan"])
_MAX_PARTS = 3
# An English word this common (Zipf) is a word, not a name part, unless our own name lists hold it; rarer
# ones are often names ("Mitch" 3.9, "Dion" 3.3, "Sylvester" 3.3).
_ENGLISH_WORD_ZIPF = 4.0
_STRONG = 0.9  # the score of a name after a strong cue ("my name is", "Mr.": detectors_name_cues.py)


def _titled(word: str) -> bool:
    return len(word) > 1 and word[0].isupper() and word[1:].islower()


def _joins(word: str, vietnamese: bool, after_strong_cue: bool = False) -> bool:
    """Whether a title-case word beside a NAME mask is a further part of that name."""
    from clio_pipeline.privacy.name_gazetteer import is_listed_name
    from clio_pipeline.privacy.name_models import is_frequent_word

    key = fold(word)
    if not _titled(word) or key in FUNCTION_WORDS or key in NEVER_NAMES or word.casefold() in _TITLES:
        return False
    if vietnamese and _VI_SYLLABLE.fullmatch(word):
        return True
    if after_strong_cue and not is_frequent_word(word) and not in_language(word, "en"):
        return True  # "my name is Bambang Susilo": a family name may be a word of its language too
    cyrillic = re.match("[А-ЯЁІЇЄҐ]", word) is not None
    if not cyrillic and zipf(word, "en") >= _ENGLISH_WORD_ZIPF and key not in FIRST_NAMES and key not in SURNAMES:
        return False  # "Sunday [NAME]", "Princess [NAME]": a common English word that Faker lists as a name
    if is_listed_name(word) and (cyrillic or not is_frequent_word(word)):
        return True  # a Cyrillic given name may be common ("Іван"); Latin "Will", "May" may not
    return cyrillic and len(word) > 4 and _CYR_SURNAME.search(word.lower()) is not None


def _vietnamese(text: str) -> bool:
    return _VI_LETTERS.search(text) is not None


def extend_names(text: str, detections: list[Detection]) -> list[Detection]:
    """NAME detections grown over the name parts beside them, never into another detection."""
    if not any(d.type == "NAME" for d in detections):
        return detections
    vietnamese = _vietnamese(text)
    taken = [(d.start, d.end) for d in detections]
    result: list[Detection] = []
    for d in detections:
        if d.type != "NAME":
            result.append(d)
            continue
        start, end = d.start, d.end
        for _ in range(_MAX_PARTS):
            m = _WORD.match(text, end + 1) if text[end : end + 1] == " " else None
            if m is None or not _joins(m.group(), vietnamese, d.score >= _STRONG) or _inside(m.start(), m.end(), taken):
                break
            end = m.end()
        for _ in range(_MAX_PARTS):
            m = _word_before(text, start)
            if m is None or not _joins(m.group(), vietnamese) or _inside(m.start(), m.end(), taken):
                break
            if _opens_sentence(text, m.start()) and not _known_first(m.group()):
                break  # "Fügen Armen Movsessian", "Tua Bob Klose": a verb opens the request
            start = m.start()
        if (start, end) == (d.start, d.end) or text[start:end].startswith(_VI_PLACES):
            result.append(d)
        else:
            result.append(Detection("NAME", start, end, text[start:end], d.score))
    return result


def _word_before(text: str, start: int) -> re.Match[str] | None:
    if start < 2 or text[start - 1] != " ":
        return None
    m = re.search(r"[^\W\d_][^\W\d_'’-]*$", text[: start - 1])
    return _WORD.fullmatch(text, m.start(), m.end()) if m else None


def _opens_sentence(text: str, start: int) -> bool:
    before = text[:start].rstrip()
    return not before or before[-1] in ".!?:;\n\"«(“"


def _known_first(word: str) -> bool:
    return word in VI_FAMILY_NAMES or fold(word) in FIRST_NAMES


def _inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in spans)


def may_hold_vietnamese_name(text: str) -> bool:
    """Cheap test: a letter only Vietnamese uses (or a tone mark)."""
    return not text.isascii() and _vietnamese(text)


def find_vietnamese_names(text: str) -> Iterator[Detection]:
    """Runs of two to four capitalised syllables that open with a common Vietnamese family name, and the
    capitalised syllables after a kinship title of address ("chị Mỹ Duyên", "ông Tư")."""
    for m in _VI_HONORIFIC.finditer(text):
        if not m.group(1).startswith(_VI_PLACES):
            yield Detection("NAME", m.start(1), m.end(1), m.group(1), 0.75)
    for m in _VI_RUN.finditer(text):
        if any(_VI_LETTERS.search(w) for w in m.group().split(" ")) and not m.group().startswith(_VI_PLACES):
            yield Detection("NAME", m.start(), m.end(), m.group(), 0.75)
