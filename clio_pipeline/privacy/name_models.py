"""Is this word a personal name? One answer per script, for a word seen without its sentence.

Used by the publication rule (`publication.py`), which checks single words of cluster names, and by
the script detectors for their lexical part. Each script has its own model, loaded on first use:

- Latin: the project's name lists (detectors_name_words.py), family-name morphology, and for words
  that are no language's general vocabulary a character-trigram "nameness" score. Names that are
  also ordinary words ("Will", "Rose", "Hope") are names only if they are not general vocabulary.
- Cyrillic: `pymorphy3` with its OpenCorpora dictionary (`pymorphy3-dicts-ru`, MIT): the summed
  probability of its analyses tagged Name/Surn/Patr (given name, surname, patronymic); its guesser
  scores unknown words by their endings ("-енко", "-ович").
- Chinese: jieba's `nr` tags; Japanese: UniDic's 人名 (see segment.py).
- Greek and Arabic: hand lists of common given names plus family-name morphology (name_lists_scripts.py).
- Any other script (Devanagari, Hebrew, Thai, Georgian, ...), Persian and Urdu words, and Hangul
  beyond its family names: no model, and their frequency lists are full of names, so `name_like`
  answers "cannot rule it out" (True) for every word that is not among the ~1,000 commonest of its
  language or that a name list (Faker's, name_gazetteer.py) holds; the rule then never publishes
  them on counts alone.
"""

from __future__ import annotations

from functools import lru_cache

from clio_pipeline.privacy.detectors_name_words import AMBIGUOUS_NAMES, KNOWN_NAMES, fold
from clio_pipeline.privacy.name_lists_scripts import (
    ARABIC_AMBIGUOUS,
    ARABIC_GIVEN_NAMES,
    ARABIC_PROCLITICS,
    GREEK_AMBIGUOUS,
    GREEK_GIVEN_NAMES,
    GREEK_SURNAME_PREFIXES,
    GREEK_SURNAME_SUFFIXES,
    KOREAN_SURNAMES,
    fold_greek,
)
from clio_pipeline.privacy.scripts import (
    ARABIC,
    CYRILLIC,
    GREEK,
    HAN,
    HANGUL,
    KANA,
    LATIN,
    OTHER,
    word_script,
)
from clio_pipeline.privacy.vocabulary import (
    SCRIPT_LANGUAGES,
    frequent_words,
    in_language,
    is_general_word,
    lookup_form,
)

# Summed pymorphy3 probability of name analyses at or above which a word is a name. "Вера" (faith /
# Vera) scores 0.30 and "Надежда" 0.46: ordinary words first; "Роза" 0.67 and "Всеволод" 1.0: names.
CYRILLIC_NAME_SCORE = 0.5
_NAME_GRAMMEMES = frozenset({"Name", "Surn", "Patr"})


@lru_cache(maxsize=1)
def _morph():
    import pymorphy3  # lazy: only when Cyrillic text is seen

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=65536)
def cyrillic_name_score(word: str) -> float:
    """Probability mass of pymorphy3's analyses of `word` that make it a given name, surname or patronymic."""
    parses = _morph().parse(word.casefold())
    return sum(p.score for p in parses if p.tag.grammemes & _NAME_GRAMMEMES)


@lru_cache(maxsize=65536)
def cyrillic_is_known(word: str) -> bool:
    """Whether pymorphy3's dictionary holds `word` (rather than guessing from its ending)."""
    return _morph().word_is_known(word.casefold())


def latin_name_like(word: str) -> bool:
    from clio_pipeline.privacy.detectors_name_context import NAMENESS_THRESHOLD, nameness
    from clio_pipeline.privacy.detectors_name_shape import looks_like_surname

    key = fold(word)
    if key in KNOWN_NAMES:
        return key not in AMBIGUOUS_NAMES or not is_general_word(word)
    if is_general_word(word):
        return False
    return len(key) >= 3 and (looks_like_surname(key) or nameness(key.capitalize()) > NAMENESS_THRESHOLD)


def greek_name_like(word: str) -> bool:
    key = fold_greek(word)
    if key in GREEK_GIVEN_NAMES:
        return key not in GREEK_AMBIGUOUS or not is_general_word(word)
    if len(key) >= 5 and (key.endswith(GREEK_SURNAME_SUFFIXES) or key.startswith(GREEK_SURNAME_PREFIXES)):
        return True
    return not is_general_word(word)


def arabic_core(word: str) -> str:
    """`word` without one attached proclitic when the rest is a listed name ("ومحمد" -> "محمد")."""
    if word in ARABIC_GIVEN_NAMES or word in ARABIC_AMBIGUOUS:
        return word
    for clitic in ARABIC_PROCLITICS:
        if word.startswith(clitic) and word[len(clitic) :] in ARABIC_GIVEN_NAMES:
            return word[len(clitic) :]
    return word


def arabic_name_like(word: str) -> bool:
    key = arabic_core(word)
    if key in ARABIC_GIVEN_NAMES or (key.startswith("عبد") and len(key) > 4):
        return True
    if key in ARABIC_AMBIGUOUS:
        return not is_general_word(key)
    if key.startswith("ال") and key.endswith("ي") and len(key) >= 6:
        # A nisba with the article ("العتيبي", "القحطاني") is how Arabic family and tribal names are
        # formed; only the commonest ones ("العربي" Arab, "المصري" Egyptian) are ordinary adjectives.
        return not any(lookup_form(key) in frequent_words(language) for language in ("ar", "fa", "ur"))
    if not in_language(word, "ar"):
        return unmodelled_name_like(word)  # Persian or Urdu: the Arabic lists say nothing of their names
    return not is_general_word(word)


def cjk_name_like(word: str) -> bool:
    from clio_pipeline.privacy.scripts import has_kana
    from clio_pipeline.privacy.segment import segment_run

    # A word without kana may be Chinese or Japanese ("太郎"): both segmenters are asked.
    analyses = [segment_run(word, True)] if has_kana(word) else [segment_run(word, False), segment_run(word, True)]
    if any(m.person for morphemes in analyses for m in morphemes):
        return True
    # A word the segmenters had to guess (not in their dictionaries) and no language's vocabulary: unknown.
    return not is_general_word(word) and all(any(not m.known for m in morphemes) for morphemes in analyses)


def hangul_name_like(word: str) -> bool:
    if 2 <= len(word) <= 4 and word[0] in KOREAN_SURNAMES and not is_frequent_word(word):
        return True
    return unmodelled_name_like(word)


def is_frequent_word(word: str) -> bool:
    """Whether `word` is among the commonest words (Zipf >= 5, ~1,000) of a language of its script."""
    form = lookup_form(word)
    return any(form in frequent_words(language) for language in SCRIPT_LANGUAGES.get(word_script(form), ()))


def unmodelled_name_like(word: str) -> bool:
    """A script (or language) with no name model: names fill its frequency lists ("יוסי" Zipf 4.9 in
    Hebrew, "فرهاد" 4.7 in Persian, "अमरनाथ" 4.0 in Hindi), so "general vocabulary" says nothing there.
    Only the commonest words of the language (Zipf >= 5: about 1,000 function and everyday words, where
    names are rare) are taken for words, and not even those when a name list holds them ("יוסף")."""
    from clio_pipeline.privacy.name_gazetteer import is_listed_name

    return is_listed_name(word) or not is_frequent_word(word)


@lru_cache(maxsize=65536)
def name_like(word: str) -> bool:
    """Whether `word` (one token, any case) may be a personal name, judged by its script's model."""
    script = word_script(word)
    if script == OTHER:
        # Digits and symbols are not names (the rule treats numbers separately); letters of a script
        # the pipeline has no range for (Georgian, Armenian, Tamil, Ethiopic ...) cannot be ruled out.
        return any(char.isalpha() for char in word)
    if script == LATIN:
        return latin_name_like(word)
    if script == CYRILLIC:
        if cyrillic_name_score(word) >= CYRILLIC_NAME_SCORE:
            return True
        return not (cyrillic_is_known(word) or is_general_word(word))
    if script == GREEK:
        return greek_name_like(word)
    if script == ARABIC:
        return arabic_name_like(word)
    if script in (HAN, KANA):
        return cjk_name_like(word)
    if script == HANGUL:
        return hangul_name_like(word)
    return unmodelled_name_like(word)
