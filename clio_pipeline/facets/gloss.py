"""Offline word-by-word English gloss of non-English facet text, for an English-only embedding model.

The offline facet backend keeps each summary in the user's language, and the bundled embedding model
(all-MiniLM-L6-v2) is English-centric: without help, every Spanish or German summary lands in one
"foreign" cluster instead of joining its topic. No translation model is available offline, so this
module writes a *gloss*: each word (or short fixed phrase) replaced by its English lexicon entry.
The result is telegraphic ("can create plan of 12 weeks for lose fat?") but carries the content
words, which is what the embedding needs to place a text by topic.

Lexicons are hand-written, one per language, in `lexicon_<lang>.txt` next to this module: one
`source<TAB>english` entry a line, `#` comments, multi-word sources allowed, and `-` as the English
side for function words that carry no meaning on their own (they are dropped rather than left as
foreign filler). Lookup order for a word: the exact lower-cased form, the accent-folded form, a light
per-language stem (so inflected forms find their lemma, see `gloss_stem.py`), and for German a greedy
compound split. Words found nowhere are kept as written, and so are placeholders such as "[NAME]".

Deterministic, in process, never touches the network; per-word results are memoised, so it glosses
tens of thousands of short texts a second.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from clio_pipeline.facets.gloss_stem import ELISIONS, ENCLITICS, stem

PASS_THROUGH_LANGUAGES = frozenset({"en", "und", ""})
DROP = "-"  # English side of an entry whose source word is dropped
MAX_PHRASE_WORDS = 4
MIN_COMPOUND_PART = 3  # shorter "parts" would split ordinary words into nonsense
MAX_MEMO_WORDS = 200_000  # bounds memory on long real corpora with many unique words
LEXICON_DIR = Path(__file__).parent

# Placeholders first so "[NAME]" is never split; a word may end in an apostrophe (French "l'").
_TOKEN = re.compile(r"(\[[A-Z][A-Z0-9_]*\])|([^\W\d_]+['’]?)|(\d+(?:[.,:]\d+)*%?)|([.,;:!?])")
_SPECIAL_FOLDS = str.maketrans({"ß": "ss", "œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "’": "'"})


def fold(word: str) -> str:
    """Lower-case and strip accents ("Educación" -> "educacion", "Straße" -> "strasse")."""
    lowered = word.lower().translate(_SPECIAL_FOLDS)
    decomposed = unicodedata.normalize("NFD", lowered)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def supported_languages() -> frozenset[str]:
    """Languages with a lexicon file (ISO 639-1 codes)."""
    return frozenset(p.stem.removeprefix("lexicon_") for p in LEXICON_DIR.glob("lexicon_*.txt"))


@dataclass
class Lexicon:
    """One language's entries, indexed for the lookups `Glosser` makes."""

    language: str
    exact: dict[str, str] = field(default_factory=dict)  # lower-cased source word -> English
    folded: dict[str, str] = field(default_factory=dict)  # accent-folded source word -> English
    stems: dict[str, str] = field(default_factory=dict)  # stem of a folded word -> English
    phrases: dict[tuple[str, ...], str] = field(default_factory=dict)  # folded words -> English
    phrase_starts: frozenset[str] = frozenset()

    def __len__(self) -> int:
        return len(self.exact) + len(self.phrases)


def parse_lexicon(text: str, language: str) -> Lexicon:
    """Parse lexicon text; the first entry of a source wins, so files list the commonest sense first."""
    lexicon = Lexicon(language)
    starts: set[str] = set()
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        source, tab, english = line.partition("\t")
        source, english = source.strip(), english.strip()
        if not tab or not source or not english:
            raise ValueError(f"lexicon_{language}.txt line {number}: expected 'source<TAB>english', got {raw!r}")
        words = source.lower().split()
        if len(words) > 1:
            key = tuple(fold(w) for w in words)
            lexicon.phrases.setdefault(key, english)
            starts.add(key[0])
            continue
        lexicon.exact.setdefault(words[0], english)
        folded = fold(words[0])
        lexicon.folded.setdefault(folded, english)
        lexicon.stems.setdefault(stem(folded, language), english)
    lexicon.phrase_starts = frozenset(starts)
    return lexicon


@lru_cache(maxsize=None)
def load_lexicon(language: str) -> Lexicon:
    """The lexicon of `language` (empty when there is no file), parsed once per process."""
    path = LEXICON_DIR / f"lexicon_{language}.txt"
    if not path.is_file():
        return Lexicon(language)
    return parse_lexicon(path.read_text(encoding="utf-8"), language)


@dataclass(frozen=True)
class _Token:
    text: str  # as written
    key: str  # folded lookup key for words; "" for anything else
    kind: str  # "word", "placeholder", "number" or "punct"


class Glosser:
    """Glosses text of one language into English; reuse one instance (its word memo is the speed)."""

    def __init__(self, language: str, lexicon: Lexicon | None = None) -> None:
        self.language = language
        self.lexicon = lexicon if lexicon is not None else load_lexicon(language)
        self._elisions = ELISIONS.get(language, {})
        self._enclitics = ENCLITICS.get(language, ())
        self._memo: dict[str, str | None] = {}

    def _tokens(self, text: str) -> list[_Token]:
        tokens: list[_Token] = []
        for placeholder, word, number, punct in _TOKEN.findall(text):
            if word:
                bare = word.rstrip("'’")
                key = fold(bare)
                if bare != word:  # elided article or pronoun: "l'" -> "le", "qu'" -> "que"
                    key = self._elisions.get(key, key)
                tokens.append(_Token(bare, key, "word"))
            elif placeholder:
                tokens.append(_Token(placeholder, "", "placeholder"))
            elif number:
                tokens.append(_Token(number, "", "number"))
            else:
                tokens.append(_Token(punct, "", "punct"))
        return tokens

    def lookup(self, word: str) -> str | None:
        """English for one word ("" when it is dropped), or None when the lexicon cannot place it."""
        key = fold(word)
        found = self._memo.get(key, 0)
        if found != 0:
            return found  # type: ignore[return-value]
        english = self._lookup_uncached(word.lower(), key)
        if len(self._memo) >= MAX_MEMO_WORDS:
            self._memo.clear()
        self._memo[key] = english
        return english

    def _lookup_uncached(self, lowered: str, key: str) -> str | None:
        lex = self.lexicon
        english = lex.exact.get(lowered) or lex.folded.get(key) or self._inflected(key)
        if english is None and self.language == "de":
            english = self._compound(key)
        if english is None:
            return None
        return "" if english == DROP else english

    def _inflected(self, key: str) -> str | None:
        english = self.lexicon.stems.get(stem(key, self.language))
        if english is not None:
            return english
        # Attached object pronouns: Spanish "explícame", Italian "scrivimi" -> the verb alone.
        for clitic in self._enclitics:
            if key.endswith(clitic) and len(key) - len(clitic) >= 4:
                verb = key[: -len(clitic)]
                english = self.lexicon.folded.get(verb) or self.lexicon.stems.get(stem(verb, self.language))
                if english is not None:
                    return english
        return None

    def _known_part(self, part: str, last: bool) -> str | None:
        if len(part) < MIN_COMPOUND_PART:
            return None
        english = self.lexicon.folded.get(part)
        if english is None and last:  # only the head of a compound carries the inflection
            english = self.lexicon.stems.get(stem(part, self.language))
        return english

    def _compound(self, key: str) -> str | None:
        """Greedy German compound split: the longest known first part, then the rest recursively.

        A linking "s"/"es"/"n"/"en" may follow a non-final part ("Bewerbung-s-schreiben").
        """
        for cut in range(len(key) - MIN_COMPOUND_PART, MIN_COMPOUND_PART - 1, -1):
            head = self._known_part(key[:cut], last=False)
            if head is None:
                continue
            for link in ("", "s", "es", "n", "en"):
                rest = key[cut:]
                if link and not rest.startswith(link):
                    continue
                rest = rest[len(link) :]
                tail = self._known_part(rest, last=True) or (self._compound(rest) if len(rest) >= 6 else None)
                if tail is not None:
                    parts = [p for p in (head, tail) if p != DROP]
                    return " ".join(parts) or DROP
        return None

    def gloss(self, text: str) -> str:
        """The English gloss of `text`; unknown words, numbers and placeholders are kept as written."""
        tokens = self._tokens(text)
        out: list[str] = []
        lex = self.lexicon
        i = 0
        while i < len(tokens):
            token = tokens[i]
            if token.kind == "punct":
                if out:
                    out[-1] += token.text
                i += 1
                continue
            if token.kind != "word":
                out.append(token.text)
                i += 1
                continue
            if token.key in lex.phrase_starts:
                matched = self._phrase_at(tokens, i)
                if matched:
                    english, length = matched
                    if english != DROP:
                        out.append(english)
                    i += length
                    continue
            english = self.lookup(token.key)
            if english is None:
                out.append(token.text)
            elif english:
                out.append(english)
            i += 1
        return " ".join(out)

    def _phrase_at(self, tokens: list[_Token], start: int) -> tuple[str, int] | None:
        keys: list[str] = []
        for token in tokens[start : start + MAX_PHRASE_WORDS]:
            if token.kind != "word":
                break
            keys.append(token.key)
        for length in range(len(keys), 1, -1):
            english = self.lexicon.phrases.get(tuple(keys[:length]))
            if english is not None:
                return english, length
        return None

    def coverage(self, text: str) -> tuple[int, int]:
        """(words the lexicon placed, words in total) of `text`: how much of it the gloss understood."""
        tokens = [t for t in self._tokens(text) if t.kind == "word"]
        known = sum(1 for t in tokens if self.lookup(t.key) is not None or t.key in self.lexicon.phrase_starts)
        return known, len(tokens)


@lru_cache(maxsize=None)
def glosser_for(language: str) -> Glosser:
    """The shared `Glosser` of a language (one per process, so the word memo is reused)."""
    return Glosser(language)


def gloss_to_english(text: str, language: str) -> str:
    """Word-by-word English gloss of `text` written in `language` (ISO 639-1).

    English, undetermined ("und") and languages without a lexicon come back unchanged.
    """
    if language in PASS_THROUGH_LANGUAGES or not text:
        return text
    glosser = glosser_for(language)
    if not glosser.lexicon.exact and not glosser.lexicon.phrases:
        return text
    return glosser.gloss(text)
