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

Both lists ship with the package (`function_words.json`, cut from wordfreq by
`python -m clio_pipeline.clustering.function_words`): reading them from wordfreq means loading each
language's whole frequency list, about 0.3 s per language and per process, a tenth of a day's
non-encoding work on a 15-language day. A language missing from the file is read from wordfreq.
"""

from __future__ import annotations

import json
import logging
import math
import warnings
from functools import cache
from pathlib import Path
from types import ModuleType

from clio_pipeline.privacy.scripts import CJK_RUN
from clio_pipeline.privacy.word_rule import STOPWORDS, tokenize_words

TOP_N = 30  # rank 30 of English is "an"; by rank 60 content words ("time") start to appear
MIN_WORD_CHARS = 3  # "d", "ds": fragments of words the scrubber or the gloss cut (Chinese/Japanese aside)
GENERIC_ZIPF = 5.5  # about the 300 most frequent words of English ("good" 6.1, "card" 5.0, "alarm" 4.3)
SHIPPED_LISTS = Path(__file__).with_name("function_words.json")


@cache
def _shipped() -> dict[str, dict[str, frozenset[str]]]:
    """language -> {"top": its TOP_N words, "generic": its words of Zipf >= GENERIC_ZIPF}, from the shipped
    file; empty when the file is missing, unreadable or was cut with other constants."""
    try:
        data = json.loads(SHIPPED_LISTS.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if data.get("top_n") != TOP_N or data.get("generic_zipf") != GENERIC_ZIPF:
        return {}
    return {lang: {key: frozenset(words) for key, words in lists.items()} for lang, lists in data["languages"].items()}


def _quiet_wordfreq() -> ModuleType:  # imported late: large, and the shipped lists usually suffice
    import wordfreq

    logging.getLogger("wordfreq").disabled = True
    return wordfreq


@cache
def function_words(language: str) -> frozenset[str]:
    """Function words of `language` (an ISO code), together with the stop-words of en/es/fr/de/pt."""
    base = (language or "").split("-")[0].lower() or "en"
    words = set(STOPWORDS)
    shipped = _shipped().get(base)
    try:
        if shipped is not None:
            top: frozenset[str] | list[str] = shipped["top"]
        else:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # "using the nearest match" for kk -> ru is expected
                top = _quiet_wordfreq().top_n_list(base, TOP_N)
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
    code = language.split("-")[0]
    shipped = _shipped()
    if shipped:
        return word.casefold() in shipped.get(code, shipped["en"])["generic"]
    try:
        wordfreq = _quiet_wordfreq()
        code = code if code in wordfreq.available_languages() else "en"
        return wordfreq.zipf_frequency(word, code) >= GENERIC_ZIPF
    except (LookupError, ValueError, ImportError):
        return False


def cut_lists(languages: list[str] | None = None) -> dict:
    """The shipped file's content, cut from the installed wordfreq: each language's `TOP_N` words in
    frequency order and its words of Zipf >= `GENERIC_ZIPF` (read from the frequency list itself, so
    Japanese and Korean need no MeCab)."""
    wordfreq = _quiet_wordfreq()
    out: dict[str, dict[str, list[str]]] = {}
    for lang in sorted(languages or wordfreq.available_languages()):
        frequencies = wordfreq.get_frequency_dict(lang)
        generic = [w for w, f in frequencies.items() if round(math.log10(f) + 9, 2) >= GENERIC_ZIPF]
        out[lang] = {"top": wordfreq.top_n_list(lang, TOP_N), "generic": sorted(generic)}
    from importlib.metadata import version

    return {"source": f"wordfreq {version('wordfreq')}", "top_n": TOP_N, "generic_zipf": GENERIC_ZIPF,
            "languages": out}


if __name__ == "__main__":
    lists = cut_lists()
    # One language per line: a regenerated file diffs by language.
    body = ",\n".join(f"{json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in lists.pop("languages").items())
    head = json.dumps(lists, ensure_ascii=False)[:-1]
    SHIPPED_LISTS.write_text(f'{head}, "languages": {{\n{body}\n}}}}\n', encoding="utf-8")
    print(f"wrote {SHIPPED_LISTS}")
