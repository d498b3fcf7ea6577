"""General vocabulary: the words a language uses everywhere, from `wordfreq`'s offline frequency lists.

Why a frequency list: the distinct-users word rule counts accounts, and an attacker makes accounts.
Whether a word is ordinary vocabulary of its language is a fact about the world's text, not about our
users, so no number of fake accounts can change it. `wordfreq` (MIT/CC BY-SA data, maintained, offline)
ships lists per language; every word whose frequency is at least one per million words (Zipf >= 3;
for English 2.5, see GENERAL_ZIPF_BY_LANGUAGE) is read here into one frozen set per language, lazily,
the first time a word of that language's script is looked up (30-60 ms and ~3-6 MB each; English
150 ms). Nothing is downloaded.

Names are in those lists too ("john" has Zipf 5.4): vocabulary says a word is common, not that it is
safe. `publication.py` combines this module with the name models of every script.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

from clio_pipeline.privacy.scripts import (
    ARABIC,
    CYRILLIC,
    DEVANAGARI,
    GREEK,
    HAN,
    HANGUL,
    HEBREW,
    KANA,
    LATIN,
    word_script,
)

# The wordfreq languages consulted per script. Latin is limited to the languages the pipeline's users
# write most (and the xSID evaluation languages): each list costs memory, and the union of all 27 Latin
# lists (180 MB) would admit every rare word of some language.
SCRIPT_LANGUAGES: dict[str, tuple[str, ...]] = {
    LATIN: ("en", "de", "fr", "es", "pt", "it", "nl", "ca", "da", "sv", "nb", "pl", "tr", "id", "sh"),
    CYRILLIC: ("ru", "uk", "bg", "mk"),
    GREEK: ("el",),
    ARABIC: ("ar", "fa", "ur"),
    HEBREW: ("he",),
    HAN: ("zh", "ja"),
    KANA: ("ja",),
    HANGUL: ("ko",),
    DEVANAGARI: ("hi",),
}
_ARABIC_MARKS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")


# Zipf 3 = once per million words. English, the language of cluster names and of technical jargon,
# goes down to 2.5 (its "large" list): "debugging" (2.9), "typescript" (2.6), "backend" (2.9).
GENERAL_ZIPF = 3.0
GENERAL_ZIPF_BY_LANGUAGE = {"en": 2.5}
FREQUENT_ZIPF = 5.0  # the commonest words of a language (about 1,000 per language)


@cache
def _load(language: str) -> tuple[frozenset[str], frozenset[str]]:
    from wordfreq import DATA_PATH, read_cBpack  # lazy: only when a word of this script is seen

    zipf = GENERAL_ZIPF_BY_LANGUAGE.get(language, GENERAL_ZIPF)
    kind = "small" if zipf >= 3.0 else "large"
    path = DATA_PATH / f"{kind}_{language}.msgpack.gz"
    if not path.exists():
        return frozenset(), frozenset()
    buckets = read_cBpack(str(path))  # bucket i holds the words of Zipf 9 - i/100
    general = frozenset(w for bucket in buckets[: round((9 - zipf) * 100) + 1] for w in bucket)
    frequent = frozenset(w for bucket in buckets[: round((9 - FREQUENT_ZIPF) * 100) + 1] for w in bucket)
    return general, frequent


def language_words(language: str) -> frozenset[str]:
    """The general vocabulary of `language` (Zipf >= 3, English >= 2.5); empty if wordfreq lacks it."""
    return _load(language)[0]


def frequent_words(language: str) -> frozenset[str]:
    """The commonest words of `language` (Zipf >= 5)."""
    return _load(language)[1]


@lru_cache(maxsize=262144)
def lookup_form(word: str) -> str:
    """The form wordfreq stores: NFKC, case-folded, Arabic vowel marks removed, Chinese simplified."""
    form = unicodedata.normalize("NFKC", word).casefold().replace("’", "'")
    if not form.isascii():
        form = _ARABIC_MARKS.sub("", form)
        if word_script(form) == HAN:
            form = _simplified(form)
    return form


def _simplified(text: str) -> str:
    try:
        from wordfreq.chinese import simplify_chinese
    except ImportError:  # pragma: no cover - wordfreq always ships it
        return text
    return simplify_chinese(text)


@lru_cache(maxsize=262144)
def vocabulary_languages(word: str) -> tuple[str, ...]:
    """The languages (of `word`'s script) in whose general vocabulary `word` is."""
    form = lookup_form(word)
    languages = SCRIPT_LANGUAGES.get(word_script(form), ())
    return tuple(language for language in languages if form in language_words(language))


def is_general_word(word: str) -> bool:
    """Whether `word` is general vocabulary (Zipf >= 3) of some language written in its script."""
    return bool(vocabulary_languages(word))


def in_language(word: str, language: str) -> bool:
    """Whether `word` is general vocabulary of this one language."""
    return lookup_form(word) in language_words(language)


def is_frequent(word: str, language: str) -> bool:
    """Whether `word` is among the commonest words (Zipf >= 5) of this one language."""
    return lookup_form(word) in frequent_words(language)


def likely_latin_language(words: list[str]) -> str | None:
    """The Latin-script language whose commonest words (Zipf >= 5, ~1,000 function and everyday words)
    cover the most distinct words of `words`; None below two, or below a quarter of them. Ties go to the
    earlier language (English first).

    Cheap (a set lookup per word and language), so the scrubber can ask it per text: "hoe" is a name in
    an English list and the commonest question word of Dutch. The general lists cannot decide this:
    every language's web text is full of English words.
    """
    lowered = {lookup_form(w) for w in words if w.isalpha()}
    # At least two distinct common words, and a quarter of the distinct words: a postal block of names
    # ("Marta Palermo" - "marta" is Serbian for "of March") has no language.
    best, best_hits = None, max(1, (len(lowered) - 1) // 4)
    for language in SCRIPT_LANGUAGES[LATIN]:
        hits = len(lowered & frequent_words(language))
        if hits > best_hits:
            best, best_hits = language, hits
    return best
