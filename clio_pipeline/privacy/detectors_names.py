"""NAME detector without an NER model: gazetteers, context cues and capitalization.

Why hand-written: the usual tools need a statistical model that cannot be downloaded here (presidio's
default engine loads a spaCy model; spaCy/flair/stanza NER likewise), and the offline name-list packages
on PyPI are either very large (names-dataset: hundreds of MB of data) or cover one country only. So
the package ships its own compact lists, `first_names.txt` (~4,100 given names) and `surnames.txt`
(~2,600 family names), compiled by hand for this project across English, Spanish, Portuguese,
French, German, Italian, Dutch, Nordic, Finnish, Slavic, Hungarian, Romanian, Greek, Turkish, Arabic,
Persian, Hebrew, South Asian, East Asian and African naming traditions, lower-cased and accent-folded.

A span is a name when:
- a strong cue precedes it ("my name is", "Dear", "Mr."/"Dr."/"Frau"/"Sra.", "je m'appelle", "me
  llamo", "ich heiße", "mi chiamo", "meu nome é", a signature sign-off...), whatever the word is;
- a weak cue ("Hi", "told", "shouted at") precedes a capitalized word;
- a capitalized known given name starts it (then middle initials, particles and further capitalized
  words are taken as the rest of the name), unless the given name is also a common word ("Will",
  "Grace", "Paris"), in which case the next word must itself be a known name;
- an unknown capitalized word is followed by a known family name ("Krisztina Nowak");
- in an all-lower-case text, a known unambiguous given name appears (people often type names
  lower-case in chat), together with a following word that is in no word list ("patricia desrosiers");
- names that no list holds are found by `detectors_name_context.py` (rare capitalized words in name
  positions, "First X. Last" shapes), and words coordinated with any found name ("Torpy and Salinas")
  are names too, unless they are everyday words ("the Roman Empire and Julius Caesar").

The parts live by responsibility: cues in `detectors_name_cues.py`, capitalisation, surname morphology
and name extension in `detectors_name_shape.py`, coordination in `detectors_name_coordination.py`, names
without their capitals in `detectors_name_case.py`, the word lists in `detectors_name_words.py`; this
module decides where a name starts. Outside English, a word of the text's language (wordfreq) neither
extends a name nor counts as unknown, and a sentence-initial capital is no evidence on its own: not
before a capitalised German noun ("Olle Wecker"), nor on a verb of the language the rest of the text is
in ("Aggiungi ... alla mia playlist"). Venues ("Cobb Theatres") and Turkish locatives ("Adaları'nda")
are dropped, and a Turkish case suffix ends a name (`detectors_name_places.py`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from clio_pipeline.privacy.detectors import Detection, words_of
from clio_pipeline.privacy.detectors_name_case import (
    lowercase_unknown_pairs,
    may_hold_lowercase_name,
    names_in_capitals,
)
from clio_pipeline.privacy.detectors_name_context import (
    contextual_names,
    initial_names,
    is_unknown_capitalized,
    is_unknown_lowercase,
    opens_in_its_language,
)
from clio_pipeline.privacy.detectors_name_coordination import coordinated_names
from clio_pipeline.privacy.detectors_name_cues import cue_ends
from clio_pipeline.privacy.detectors_name_places import UNAMBIGUOUS_INSTITUTION_WORDS, split_at_case_suffixes
from clio_pipeline.privacy.detectors_name_shape import (
    TOKEN,
    extend_name,
    is_capitalized,
    looks_like_surname,
)
from clio_pipeline.privacy.detectors_name_words import (
    AMBIGUOUS_NAMES,
    FIRST_NAMES,
    FUNCTION_WORDS,
    KNOWN_NAMES,
    LOWERCASE_NAMES,
    NEVER_NAMES,
    NOT_SURNAMES,
    PLACE_PREFIXES,
    SURNAMES,
    fold,
)
from clio_pipeline.privacy.vocabulary import (
    ANY_LANGUAGE,
    in_language,
    in_text_language,
    is_frequent,
    is_general_word,
    likely_latin_language,
)

__all__ = ["find_names", "looks_like_surname"]

# A one-line text of at most this many words whose language is undecided is checked against every
# language's vocabulary (see vocabulary.ANY_LANGUAGE); postal blocks and signatures are multi-line.
_SHORT_REQUEST_WORDS = 12


def _everyday(word: str, language: str | None) -> bool:
    """A listed name that is also a very common word (Zipf >= 5) of the text's language: "Koji" (Serbian "which"),
    "Hoe" (Dutch "how"), "Alle". English is left to the hand-made AMBIGUOUS_NAMES, which the
    detector was tuned with; its frequency list is full of names."""
    return language is not None and language != "en" and is_frequent(word, language)


def _is_name_start(word: str, next_word: str | None, language: str | None = None) -> bool:
    key = fold(word)
    if key not in FIRST_NAMES or key in NEVER_NAMES:
        return False
    if key not in AMBIGUOUS_NAMES and not _everyday(word, language):
        return True
    if key not in AMBIGUOUS_NAMES and next_word is not None and next_word[:1].isupper():
        # An everyday word of the text's language ("Ella", "Alle") opens a name only before a name-shaped
        # word that is not itself a word of that language: "Ella H. Snider", not "Alle Erinnerungen".
        if len(next_word) == 1:
            return True  # a middle initial
        next_key = fold(next_word)
        return (next_key in KNOWN_NAMES or is_unknown_capitalized(next_word)) and not (
            language is not None and in_language(next_word, language)
        )
    # "Will Smith" is a name, "Will you" is not: an ambiguous first name needs a known name after it.
    return next_word is not None and fold(next_word) in KNOWN_NAMES


def _sentence_initial(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \t\"'“”«»(")
    return not before or before[-1] in ".!?:;\n…"


def _is_plain_word(word: str) -> bool:
    key = fold(word)
    return key not in FUNCTION_WORDS and key not in NEVER_NAMES


def _candidate_names(
    text: str, tokens: list[re.Match[str]], lowercase_text: bool, language: str | None = None
) -> Iterator[Detection]:
    # Weak cues only ever introduce a capitalized word, so a lower-case text needs the strong ones only.
    cues = cue_ends(text, lowercase_text)
    for index, m in enumerate(tokens):
        word = m.group()
        if not (lowercase_text or word[0].isupper() or m.start() in cues):
            continue  # in mixed-case text only capitalized words and words right after a cue can be names
        key = fold(word)
        if key in NEVER_NAMES or key in FUNCTION_WORDS:
            continue
        next_m = tokens[index + 1] if index + 1 < len(tokens) else None
        next_word = next_m.group() if next_m and next_m.start() == m.end() + 1 else None
        cue = cues.get(m.start())
        if cue is not None:
            cue_score, title_start = cue
            start = m.start() if title_start is None else title_start
            strong = cue_score >= 0.9
            if is_capitalized(word) and key not in NOT_SURNAMES and (strong or key not in AMBIGUOUS_NAMES):
                end = extend_name(text, m.end(), language=language)
                yield Detection("NAME", start, end, text[start:end], cue_score)
                continue
            if strong and lowercase_text:
                end = next_m.end() if next_word and _is_plain_word(next_word) else m.end()
                yield Detection("NAME", start, end, text[start:end], 0.85)
                continue
        previous = tokens[index - 1].group() if index else ""
        if fold(previous) in PLACE_PREFIXES:
            continue
        if is_capitalized(word):
            initial = _sentence_initial(text, m.start())
            if initial and next_word and _german_noun(next_word, language):
                continue  # "Olle Wecker" (Bavarian "all alarms"): a word before a capitalised German noun
            if _is_name_start(word, next_word, language):
                end = extend_name(text, m.end(), language=language)
                yield Detection("NAME", m.start(), end, text[m.start() : end], 0.85 if end > m.end() else 0.7)
            elif key in AMBIGUOUS_NAMES or key in NOT_SURNAMES or _everyday(word, language):
                continue
            elif initial and key not in FIRST_NAMES and opens_in_its_language(word, text):
                continue  # "Trova ...", "Metti ...": a capitalised word of some language opens the sentence
            elif initial and is_general_word(word) and next_word and fold(next_word) in FIRST_NAMES:
                continue  # "Add Ashley McIsaac", "Füge ...": a verb opens the request, the name starts after it
            elif (
                next_word
                and is_capitalized(next_word)
                and (
                    (fold(next_word) in SURNAMES and fold(next_word) not in AMBIGUOUS_NAMES)
                    or (looks_like_surname(next_word) and not in_text_language(next_word, language))
                )
            ):
                end = extend_name(text, m.end(), language=language)
                yield Detection("NAME", m.start(), end, text[m.start() : end], 0.75)
            elif ((key in SURNAMES and len(key) > 3) or looks_like_surname(word)) and not (
                in_text_language(word, language)
                or (initial and (language != "en" or (key not in SURNAMES and not looks_like_surname(word, 3))))
            ):
                # A lone family name is weak evidence: not when it is a word of the text's language
                # ("Mittagessen" ends like "Andreassen"), nor where every word is capitalised (sentence
                # start) outside English, nor there by a two-letter ending alone ("Truov'", Neapolitan "find").
                yield Detection("NAME", m.start(), m.end(), word, 0.6)
        elif lowercase_text and key in FIRST_NAMES and key not in AMBIGUOUS_NAMES and len(key) > 2:
            end = m.end()
            everyday = _everyday(word, language)
            if (
                next_word
                and _is_plain_word(next_word)
                and (
                    (fold(next_word) in SURNAMES and fold(next_word) not in AMBIGUOUS_NAMES)
                    or looks_like_surname(next_word)
                )
            ) or (
                next_word
                and not everyday
                and is_unknown_lowercase(next_word)
                and not in_text_language(next_word, language)
            ):
                end = next_m.end()
            if everyday and end == m.end():
                continue  # "hoe is het weer", "hari ini": a lone everyday word needs a family name after it
            yield Detection("NAME", m.start(), end, text[m.start() : end], 0.6)


def _german_noun(word: str, language: str | None) -> bool:
    """A capitalised German noun in a text that may be German (or its dialects, which no list decides):
    German capitalises every noun, so a sentence-initial word before one is as likely an adjective or a
    dialect word ("Olle Wecker", "Alle Termine") as a given name. Listed family names stay names."""
    return (
        language in (None, ANY_LANGUAGE, "de")
        and word[:1].isupper()
        and len(word) > 3
        and fold(word) not in KNOWN_NAMES
        and in_language(word, "de")
    )


def find_names(text: str) -> Iterator[Detection]:
    words = words_of(text)
    found: list[Detection] = []
    if may_hold_lowercase_name(words):
        found.extend(lowercase_unknown_pairs(text))
    found.extend(_find_cased_names(text, words))
    found.extend(names_in_capitals(text, lambda titled: _find_cased_names(titled, words_of(titled))))
    for detection in found:
        if _before_institution(text, detection.end):
            continue  # "Cobb Theatres", "Marcus Corporation": a venue or company, not a person
        yield from split_at_case_suffixes(detection)


def _before_institution(text: str, end: int) -> bool:
    following = TOKEN.match(text, end + 1) if text[end : end + 1] == " " else None
    return following is not None and fold(following.group()) in UNAMBIGUOUS_INSTITUTION_WORDS


def _find_cased_names(text: str, words: frozenset[str]) -> Iterator[Detection]:
    lowercase_text = text == text.lower()
    if lowercase_text and text.isascii() and words.isdisjoint(LOWERCASE_NAMES) and not cue_ends(text, True):
        return  # the common case for chat text: no known name, no cue, nothing to tokenize
    tokens = list(TOKEN.finditer(text))
    language = likely_latin_language([m.group() for m in tokens])
    if language is None and len(tokens) <= _SHORT_REQUEST_WORDS and "\n" not in text.strip():
        language = ANY_LANGUAGE
    found = list(_candidate_names(text, tokens, lowercase_text, language))
    if not lowercase_text:
        found.extend(contextual_names(text, tokens, language))
        found.extend(initial_names(text, language))
    yield from found
    if found and not lowercase_text:
        yield from coordinated_names(text, tokens, found)
