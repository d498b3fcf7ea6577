"""Given names and family names of ~80 locales, written in their own scripts, from Faker's name lists.

Why: the publication rule lets a word through when it is general vocabulary of its language, and the
frequency lists hold names too ("יוסי" Zipf 4.9 in Hebrew, "फ़रहाद", "Şükrü" 4.3 in Turkish). For the
scripts with no name model of their own (Hebrew, Devanagari and other Indic scripts, Thai, Persian,
Georgian, Armenian ...) and for capitalised Latin words, a list of real names is the only offline
evidence that a word is a name. `Faker` (MIT, maintained, offline) ships, per locale, the given names
and family names its fake people are made of: 55,000 distinct words over 85 locales, in Latin, Cyrillic,
Greek, Arabic, Hebrew, Devanagari, Bengali, Tamil, Thai, Hangul, Han, Georgian and Armenian scripts.
Only those lists are read (the faker package itself is never asked to generate anything); loading them
takes ~0.5 s and ~5 MB, once, on the first lookup.

A listed word is not always only a name ("שרה", "سارة" are names; "בת" daughter, "भारत" India appear in
a few lists); callers decide how much a hit weighs (see name_models.py, word_rule.py).
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
from functools import cache

from clio_pipeline.privacy.vocabulary import lookup_form

_LIST_ATTRIBUTES = ("first_names", "first_names_male", "first_names_female", "first_names_nonbinary",
                    "first_names_unisex", "middle_names", "last_names", "last_names_male", "last_names_female")
_log = logging.getLogger(__name__)


@cache
def name_words() -> frozenset[str]:
    """Every word of every given-name and family-name list of Faker's person providers (lookup form)."""
    try:
        import faker.providers.person as person
    except ImportError:  # pragma: no cover - a declared dependency; without it the lists are empty
        _log.warning("faker is not installed: the name gazetteer is empty")
        return frozenset()
    words: set[str] = set()
    for module in pkgutil.iter_modules(person.__path__):
        provider = getattr(importlib.import_module(f"{person.__name__}.{module.name}"), "Provider", None)
        for attribute in _LIST_ATTRIBUTES:
            names = provider.__dict__.get(attribute) if provider is not None else None
            if not isinstance(names, (list, tuple, dict)):
                continue  # some locales compute these lists as properties
            for name in names:
                words.update(lookup_form(part) for part in str(name).replace("-", " ").split())
    return frozenset(w for w in words if len(w) > 1)


def is_listed_name(word: str) -> bool:
    """Whether `word` is a given name or family name in one of Faker's locales."""
    return lookup_form(word) in name_words()
