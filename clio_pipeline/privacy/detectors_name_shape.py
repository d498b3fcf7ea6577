"""The shape of a Latin-script name: capitalisation, family-name morphology, and how far a name runs.

Shared by the list-based detector (detectors_names.py), its cue and coordination helpers, and the
publication rule's Latin name model (name_models.py).
"""

from __future__ import annotations

import re

from clio_pipeline.privacy.detectors import keyword_set as _words
from clio_pipeline.privacy.detectors_name_words import (
    KNOWN_NAMES,
    NAME_PARTICLES,
    NEVER_NAMES,
    NOT_SURNAMES,
    fold,
)
from clio_pipeline.privacy.vocabulary import ANY_LANGUAGE, in_text_language

# A possessive "'s" is not part of the token, so "Oliver's" is looked up as "Oliver".
TOKEN = re.compile(r"[^\W\d_]+(?:['’-](?![sS]\b)[^\W\d_]+)*")
# Family-name endings distinctive enough to mark an unknown capitalized word as a surname
# ("Andreassen", "Virtanen", "Kowalczyk"-style lists miss most real names; morphology generalizes).
_SURNAME_SUFFIXES = (
    "sson", "nson", "dson", "kson", "lson", "tson", "ssen", "nsen", "rsen", "dsen", "ksen", "tsen", "lsen",
    "inen", "anen", "onen", "ski", "ska", "wicz", "vich", "vych", "ović", "ovic", "evic", "ević", "čić",
    "ová", "ková", "kova", "lova", "rova", "sova", "tova", "enko", "chuk", "escu", "eanu", "oglu", "oğlu",
    "poulos", "akis", "idis", "dottir", "dóttir", "yan", "ian", "moto", "mura", "yama", "kawa", "gawa",
    "shita", "zaki", "hara", "uchi", "ez", "elli", "etti", "ucci", "acci", "otti", "ov", "ev", "iev",
    "eva",
)
# Common words with those endings.
_SUFFIX_EXCEPTIONS = _words(
    """
    christian italian canadian indian russian asian european american brazilian egyptian persian
    norwegian hungarian austrian australian belgian indonesian malaysian civilian musician physician
    politician technician guardian librarian comedian median meridian vegetarian veterinarian
    pedestrian custodian historian grammarian utopian ukrainian armenian georgian iranian jordanian
    syrian nigerian kenyan croatian serbian bosnian estonian latvian lithuanian romanian bulgarian
    macedonian albanian slovenian finnish ian chosen essen eleven seven given driven linen listen
    ski kev dev rev prev lev sev eva leva diva ez
    """
)
_INITIAL = re.compile(r"[A-ZÀ-Þ]\.?(?=\s)")


def is_capitalized(word: str) -> bool:
    return word[0].isupper() and (len(word) == 1 or not word[1:].isupper() or len(word) <= 3)


def is_name_word(word: str) -> bool:
    """A capitalized word that may continue a name (not a stop word, title noun or placeholder)."""
    key = fold(word)
    return is_capitalized(word) and key not in NOT_SURNAMES and key not in NEVER_NAMES


def extend_name(text: str, end: int, max_words: int = 3, language: str | None = "en") -> int:
    """Extend a name ending at `end` over initials, particles and capitalized words on the same line.

    In a text of a known language other than English, a capitalised word of that language's vocabulary
    ends the name ("Dans Mittagessen"); listed names continue it whatever the language. Not for a short
    text of undecided language: surnames are words of some language ("Gere", "Napolitano")."""
    for _ in range(max_words):
        if end >= len(text) or text[end] != " ":
            break
        initial = _INITIAL.match(text, end + 1)
        if initial:
            end = initial.end()
            continue
        m = TOKEN.match(text, end + 1)
        if m is None:
            break
        word = m.group()
        if fold(word) in NAME_PARTICLES and word.islower():
            after = TOKEN.match(text, m.end() + 1) if m.end() < len(text) and text[m.end()] == " " else None
            if after and is_name_word(after.group()):
                end = m.end()
                continue
            break
        if not is_name_word(word):
            break
        if language != ANY_LANGUAGE and fold(word) not in KNOWN_NAMES and in_text_language(word, language):
            break
        end = m.end()
    return end


def looks_like_surname(word: str, min_suffix: int = 2) -> bool:
    """A word of five letters or more with a family-name ending (of at least `min_suffix` letters)."""
    key = fold(word)
    suffixes = _SURNAME_SUFFIXES if min_suffix <= 2 else tuple(x for x in _SURNAME_SUFFIXES if len(x) >= min_suffix)
    return (
        len(key) >= 5
        and (key.endswith(suffixes) or word.lower().endswith(suffixes))
        and key not in _SUFFIX_EXCEPTIONS
        and key not in NOT_SURNAMES
    )
