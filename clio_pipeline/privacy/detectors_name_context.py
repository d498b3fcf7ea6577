"""NAME detection for rare names that no list holds: "unknown" capitalized words in name-like positions.

The gazetteers (detectors_names.py) cannot list every name on earth, and most misses of the list-based
detector are single words such as "Vsevolod" or "Mehrudin". Such a word is recognised here by three
independent signals, none of which is learnt from evaluation data:

- it is *unknown*: neither a listed name nor one of ~21,700 common English words (common_words.txt),
  nor, in a text of another Latin-script language, general vocabulary of that language (vocabulary.py:
  "Würden", "Pullover", "Welche" in German; names are in every frequency list, so English text keeps
  the hand-made lists only);
- it *looks like a name*: a character-trigram log-likelihood ratio, trained at import from the name
  lists (positive) against the common words (negative), says its spelling is name-like;
- it stands where names stand: before "is/was/said/shouted/lives..." or a possessive "'s", after
  "with/by/to/from/and/starring..." , as a "Speaker:" label at a line start, as a vocative "X, ..."
  opening a text, or next to another unknown or listed name ("Liviana Palerma", "Alex Vik").

A capitalized word + initial + capitalized word ("Faina D. Yefremova") is a name shape strong enough to
need only that one of its words is unknown or a listed name. Common words ("Will", "Python", "Monday",
"Paris") are never unknown, so ordinary sentences keep them.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from functools import lru_cache

from clio_pipeline.privacy.detectors import Detection
from clio_pipeline.privacy.detectors import keyword_set as _words
from clio_pipeline.privacy.detectors_name_words import (
    AMBIGUOUS_NAMES,
    COMMON_WORDS,
    FIRST_NAMES,
    FUNCTION_WORDS,
    KNOWN_NAMES,
    NEVER_NAMES,
    NOT_SURNAMES,
    PLACE_PREFIXES,
    fold,
)
from clio_pipeline.privacy.scripts import LATIN
from clio_pipeline.privacy.vocabulary import (
    SCRIPT_LANGUAGES,
    frequent_words,
    in_language,
    in_text_language,
    lookup_form,
    zipf,
)

# Words right before a name: prepositions and verbs that take a person as their object.
_BEFORE = _words(
    """
    with by and said says told asked tell thank thanks met meet starring featuring feat ft call
    called named invite invited ask email emailed contact contacted cc hired married visited visit
    congratulate congratulated remind reminded saw see love loves loved hate hates follow follows
    """
)
# Words right after a name: verbs whose subject is usually a person.
_AFTER = _words(
    """
    is was has had will would can could said says asked asks told tells shouted replied lives lived
    spent began begins wrote writes went wants wanted thinks thought knows knew likes liked loves
    loved called calls works worked joined left became died married
    """
)
_INITIAL_NAME = re.compile(r"([A-ZÀ-Þ][^\W\d_]+)[ \t]+[A-Z]\.?[ \t]+([A-ZÀ-Þ][^\W\d_]+(?:-[^\W\d_]+)?)")
_NAME_SHAPE = re.compile(r"(?:Mc|Mac|O'|D')?[A-ZÀ-ÞĀ-Ž][a-zß-ÿā-ž]+(?:[-'’][A-Za-zÀ-ÿĀ-ž][a-zß-ÿā-ž]*)?")

# English frequency (Zipf) below which a common word of another language says the text is in that language.
_ENGLISH_ZIPF = 4.0
_PUNCTUATION_TO_SPACE = str.maketrans({c: " " for c in ".,;:!?\"()[]{}«»“”"})
# Minimum mean trigram log-likelihood ratio: 0 = as name-like as word-like.
NAMENESS_THRESHOLD = 0.0
_ORDER = 3


def _trigrams(key: str) -> list[str]:
    padded = f"^{key}$"
    return [padded[i : i + _ORDER] for i in range(len(padded) - _ORDER + 1)]


def _train(names: frozenset[str], words: frozenset[str]) -> tuple[dict[str, float], float]:
    """Per-trigram log ratio P(trigram | name) / P(trigram | common word), add-half smoothed."""
    positive = Counter(g for name in names for g in _trigrams(name))
    negative = Counter(g for word in words - names for g in _trigrams(word))
    vocabulary = len(positive.keys() | negative.keys())
    pos_total = sum(positive.values()) + 0.5 * vocabulary
    neg_total = sum(negative.values()) + 0.5 * vocabulary
    ratios = {
        g: math.log((positive[g] + 0.5) / pos_total) - math.log((negative[g] + 0.5) / neg_total)
        for g in positive.keys() | negative.keys()
    }
    return ratios, math.log(neg_total / pos_total)


_RATIOS, _UNSEEN = _train(KNOWN_NAMES, COMMON_WORDS)


@lru_cache(maxsize=65536)
def nameness(word: str) -> float:
    """How name-like the spelling of `word` is: mean trigram log-likelihood ratio, > 0 leans name."""
    grams = _trigrams(fold(word))
    return sum(_RATIOS.get(g, _UNSEEN) for g in grams) / len(grams)


@lru_cache(maxsize=65536)
def is_unknown_capitalized(word: str) -> bool:
    """A name-shaped capitalized word that is neither a listed name nor a common or function word."""
    if len(word) < 3 or not _NAME_SHAPE.fullmatch(word):
        return False
    key = fold(word)
    return not (
        key in KNOWN_NAMES
        or key in COMMON_WORDS
        or key in FUNCTION_WORDS
        or key in NEVER_NAMES
        or key in NOT_SURNAMES
        or key.replace("-", "") in COMMON_WORDS
    )


def is_unknown_lowercase(word: str) -> bool:
    """A lower-case word that may be the rare family name after a given name ("patricia desrosiers")."""
    return len(word) >= 3 and word.isalpha() and word.islower() and is_unknown_capitalized(word.capitalize())


def _is_listed_name(word: str) -> bool:
    key = fold(word)
    return word[:1].isupper() and key in KNOWN_NAMES and key not in AMBIGUOUS_NAMES


def _possessive(text: str, end: int) -> bool:
    return text[end : end + 2] in ("'s", "’s")


def _line_start(text: str, start: int) -> bool:
    """Only markup (">", "-", "*", spaces) between the last line break (or the text start) and `start`."""
    line_begin = text.rfind("\n", 0, start) + 1
    return not text[line_begin:start].strip(" \t>-*?")


def _sentence_start(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \t\"'“”«»(")
    return not before or before[-1] in ".!?:;\n…"


def _foreign_word(word: str, language: str | None) -> bool:
    """General vocabulary of the text's (non-English) language: "Pullover" in a German sentence, or of
    any non-English language when a short text's language is unknown ("Alle Wecker anzeigen")."""
    return in_text_language(word, language)


def opens_in_its_language(word: str, text: str) -> bool:
    """A capitalised sentence-initial word that is vocabulary of a non-English language which the rest of
    the text is written in too ("Trova la fotografia...": Italian "find"), judged by a common word of that
    language elsewhere in the text that is rare in English ("nella", "mia"). "Asya spent a year..." keeps its name:
    "Asya" is Turkish vocabulary, but nothing else in the sentence is Turkish."""
    languages = [language for language in SCRIPT_LANGUAGES[LATIN] if language != "en" and in_language(word, language)]
    if not languages:
        return False
    others = _lowercase_words(text)
    return any(
        zipf(other, "en") < _ENGLISH_ZIPF for language in languages for other in others & frequent_words(language)
    )


@lru_cache(maxsize=64)
def _lowercase_words(text: str) -> frozenset[str]:
    """The words of `text` written in lower case, in wordfreq's form."""
    return frozenset(
        lookup_form(w) for w in _words(text.translate(_PUNCTUATION_TO_SPACE)) if w.isalpha() and w.islower()
    )


def contextual_names(
    text: str, tokens: Sequence[re.Match[str]], language: str | None = None
) -> Iterator[Detection]:
    """Unknown capitalized words that stand in a name position; `tokens` are the word matches of `text`."""
    for index, m in enumerate(tokens):
        word = m.group()
        if not word[:1].isupper() or not is_unknown_capitalized(word) or _foreign_word(word, language):
            continue
        previous = tokens[index - 1] if index else None
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        prev_word = previous.group() if previous and text[previous.end() : m.start()] == " " else None
        next_word = following.group() if following and text[m.end() : following.start()] == " " else None
        if prev_word and fold(prev_word) in PLACE_PREFIXES:
            continue
        if _sentence_start(text, m.start()) and opens_in_its_language(word, text):
            continue  # "Aggiungi Jacob ... alla mia playlist": an Italian verb opens an Italian request
        # Next to another unknown or listed name: "Calquín Cazares", "Alex Vik", "Asya Godina".
        pair = next_word and not _foreign_word(next_word, language) and (
            is_unknown_capitalized(next_word) or _is_listed_name(next_word)
        )
        # Outside English a sentence-initial capital says nothing, and an unknown word may just be dialect
        # ("Schpiu Musig", Swiss German "play music"): there both words must be spelled like names.
        combine = min if language not in (None, "en") and _sentence_start(text, m.start()) else max
        if pair and combine(nameness(word), nameness(next_word)) > NAMENESS_THRESHOLD:
            yield Detection("NAME", m.start(), following.end(), text[m.start() : following.end()], 0.6)
            continue
        # A given name, even an everyday-word one, before a rare word: "Alex Vik", "Mark Roseby".
        listed_before = prev_word and prev_word[0].isupper() and fold(prev_word) in FIRST_NAMES
        listed_before = listed_before and fold(prev_word) not in NOT_SURNAMES
        if listed_before and nameness(word) > NAMENESS_THRESHOLD:
            yield Detection("NAME", previous.start(), m.end(), text[previous.start() : m.end()], 0.6)
            continue
        if nameness(word) <= NAMENESS_THRESHOLD:
            continue
        after = text[m.end() : m.end() + 1]
        positioned = (
            (prev_word is not None and fold(prev_word) in _BEFORE)
            or (next_word is not None and fold(next_word) in _AFTER)
            or _possessive(text, m.end())
            or (after == ":" and _line_start(text, m.start()))
            or (after == "," and not text[: m.start()].strip(" \t>-*\"'"))
        )
        if positioned:
            yield Detection("NAME", m.start(), m.end(), word, 0.55)


def initial_names(text: str, language: str | None = None) -> Iterator[Detection]:
    """ "Faina D. Yefremova", "Elita B Desaulniers": word, initial, word, with a rare or listed name in it."""
    for m in _INITIAL_NAME.finditer(text):
        first, last = m.group(1), m.group(2)
        if any(fold(w) in NOT_SURNAMES or fold(w) in FUNCTION_WORDS for w in (first, last)):
            continue
        if any(_foreign_word(w, language) for w in (first, last)):
            continue
        if any(is_unknown_capitalized(w) or fold(w) in KNOWN_NAMES for w in (first, last)):
            yield Detection("NAME", m.start(), m.end(), m.group(), 0.7)
