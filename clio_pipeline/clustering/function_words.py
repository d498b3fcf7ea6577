"""Function words of a language, the two rules every offline name keeps with them, and vague words.

A function word (article, preposition, pronoun, auxiliary, conjunction) says nothing about a topic, so
a name made only of them, or one that ends in one ("Cooking and", "Réserver un"), reads as broken. The
lists come from sources outside this project, never from its data or its generator:

- the hand-written stop-words of the privacy word rule (en, es, fr, de, pt: general knowledge);
- for every language, the top `TOP_N` words of wordfreq's frequency list (shipped offline with the
  package, 40+ languages). The top of a frequency list is mostly function words ("the to and of a",
  "の に て は が", "в и на не с"); `TOP_N` is kept small so that few content words slip in.

A language wordfreq does not know falls back to the stop-words alone; a regional code ("de-st") is
looked up by its base language. A *vague* word is a fragment or among the most frequent words of its
language (wordfreq again): "good", "need", "last" name nothing alone (`is_vague`).
"""

from __future__ import annotations

import logging
import warnings
from functools import cache

from clio_pipeline.privacy.scripts import CJK_RUN
from clio_pipeline.privacy.word_rule import STOPWORDS, tokenize_words

TOP_N = 30  # rank 30 of English is "an"; by rank 60 content words ("time") start to appear
MIN_WORD_CHARS = 3  # "d", "ds": fragments of words the scrubber or the gloss cut (Chinese/Japanese aside)
GENERIC_ZIPF = 5.5  # about the 1,000 most frequent words of English ("good" 6.1, "card" 5.0, "alarm" 4.3)


@cache
def function_words(language: str) -> frozenset[str]:
    """Function words of `language` (an ISO code), together with the stop-words of en/es/fr/de/pt."""
    base = (language or "").split("-")[0].lower()
    words = set(STOPWORDS)
    try:
        import wordfreq

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "using the nearest match" for kk -> ru is expected
            logging.getLogger("wordfreq").disabled = True
            top = wordfreq.top_n_list(base or "en", TOP_N)
        words.update(word.casefold() for word in top if not word.isdigit())
    except (LookupError, ValueError, ImportError):
        pass
    return frozenset(words)


def is_function_word(token: str, language: str) -> bool:
    """Whether the (normalised) token is a function word of `language` or of English."""
    return token in function_words(language) or token in function_words("en")


def has_content(text: str, language: str) -> bool:
    """Whether `text` holds at least one word that is neither a function word nor a bare number."""
    return any(not is_function_word(t, language) and not t.isdigit() for t in tokenize_words(text))


def trim_function_words(text: str, language: str) -> str:
    """`text` without trailing function words or connectors: no name ends in "and", "for", "et"."""
    words = text.split()
    while words and all(is_function_word(t, language) for t in tokenize_words(words[-1])):
        words.pop()
    return " ".join(words).rstrip(" ,;:-/&")


@cache
def is_vague(word: str, language: str) -> bool:
    """Whether a word says too little to name a cluster alone: a fragment ("d", "ds") or among its
    language's most frequent words (wordfreq; a language it does not know: English)."""
    if len(word) < MIN_WORD_CHARS and not CJK_RUN.search(word):
        return True
    try:
        import wordfreq

        code = language.split("-")[0]
        code = code if code in wordfreq.available_languages() else "en"
        return wordfreq.zipf_frequency(word, code) >= GENERIC_ZIPF
    except (LookupError, ValueError, ImportError):
        return False
