"""Offline word-by-word English gloss of non-English facet text (`summary_en`), for naming clusters.

The offline facet backend keeps each summary in the user's language. No translation model is
available offline, so this module writes a *gloss*: each word (or short fixed phrase) replaced by
its English lexicon entry. The result is telegraphic ("can create plan of 12 weeks for lose fat?")
but carries the content words.

What it is for now: offline cluster names and the hierarchy's names read `summary_en`, so words of
Spanish, French, German and Portuguese requests count towards English names. It was also the text
embedded while the default model was the English-only all-MiniLM-L6-v2 (without it every Spanish or
German summary landed in one "foreign" cluster); the default multilingual-e5-small embeds the
summary itself, and on xSID (bench/multilingual.py) embedding the gloss instead gains nothing
(NMI vs intent 0.578 glossed vs 0.598 not, translations together 0.65 vs 0.68).
`CLIO_EMBEDDING_TEXT=summary_en` still embeds it.

Lexicons are hand-written, one per language, in `lexicon_<lang>.txt` next to this module: one
`source<TAB>english` entry a line, `#` comments, multi-word sources allowed, and `-` as the English
side for function words that carry no meaning on their own (they are dropped rather than left as
foreign filler). Lookup order for a word: the exact lower-cased form, the accent-folded form, a light
per-language stem (so inflected forms find their lemma), and for German a greedy compound split. Words found nowhere are kept as written, and so are placeholders such as "[NAME]".

Deterministic, in process, never touches the network; per-word results are memoised, so it glosses
tens of thousands of short texts a second.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

PASS_THROUGH_LANGUAGES = frozenset({"en", "und", ""})
DROP = "-"  # English side of an entry whose source word is dropped
MAX_PHRASE_WORDS = 4
MIN_COMPOUND_PART = 3  # shorter "parts" would split ordinary words into nonsense
MAX_COMPOUND_CHARS = 40  # longer "words" are URLs, ids or keyboard mashing, not compounds
COMPOUNDING_LANGUAGES = frozenset({"de", "nl"})
MAX_MEMO_WORDS = 200_000  # bounds memory on long real corpora with many unique words
LEXICON_DIR = Path(__file__).parent

# Placeholders first so "[NAME]" is never split. Then chunks that are no words of any language
# (inline `code`, e-mail addresses, URLs, paths, identifiers, "file.py", currency signs) are kept
# whole, so that code is not "translated" and whatever shape a later check looks for survives.
# A word may end in an apostrophe (French "l'"); hyphens split words ("peux-tu" -> "peux", "tu").
_TOKEN = re.compile(
    r"(\[[A-Z][A-Z0-9_]*\]|`[^`\n]*`|[^\s@/\\_#=<>{}|~^$`*+]*[@/\\_#=<>{}|~^$`*+]\S*|\w+(?:\.\w+)+|[€£¥$])"
    r"|([^\W\d_]+['’]?)|(\d+(?:[.,:]\d+)*%?)|([.,;:!?])"
)
_SOURCE_SEPARATORS = re.compile(r"[\s'’-]+")
_SPECIAL_FOLDS = str.maketrans({"ß": "ss", "œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "’": "'"})


def fold(word: str) -> str:
    """Lower-case and strip accents ("Educación" -> "educacion", "Straße" -> "strasse")."""
    lowered = word.lower().translate(_SPECIAL_FOLDS)
    decomposed = unicodedata.normalize("NFD", lowered)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


# Inflectional endings, stripped (longest first) to find a lemma's entry from an inflected form:
# both the lexicon's words and the text's words are reduced the same way, so "escribiendo",
# "escribe" and "escribir" meet at "escrib". Light on purpose: nouns' plurals, verbs' common
# persons, participles and gerunds; irregular forms go into the lexicon itself.
_SUFFIXES: dict[str, str] = {
    "es": (
        "amientos imientos amiento imiento aciones iciones adoras adores ación ición adora ador "
        "aríamos eríamos iríamos aremos eremos iremos aríais ábamos íamos "
        "arían erían irían aría ería iría arán erán irán aré eré iré ará erá irá "
        "ando iendo yendo aron ieron aban aste iste ados adas idos idas ado ada ido ida "
        "amos emos imos áis éis ar er ir as es os an en ía a e o s"
    ),
    "pt": (
        "amentos imentos amento imento ações ições adoras adores ação ição adora ador "
        "aríamos eríamos iríamos aremos eremos iremos ávamos íamos "
        "ariam eriam iriam aria eria iria arão erão irão arei erei irei ará erá irá "
        "ando endo indo aram eram iram avam aste este iste ados adas idos idas ado ada ido ida "
        "amos emos imos ões ães ais eis ar er ir as es os am em ia a e o s"
    ),
    "fr": (
        "issements issement ements ement ations ation atrices ateurs atrice ateur euses euse "
        "erions erais erait eraient erons erez eront erai era issons issez issent issant "
        "aient ions iez ais ait ant ées ent ons ez er ir re ée és es é e s x"
    ),
    "it": (
        "amenti imenti amento imento azioni azione atrici atori atrice atore "
        "eremmo eremo erete eranno erebbe erei erai erà irò erò "
        "ando endo avano evano ivano ati ate ato ata iti ite ito ita uti ute uto uta "
        "iamo ete ite are ere ire ano ono i a e o"
    ),
    "de": "ungen heiten keiten ern en er es em st et te ten test e n s t",
    "nl": "heden ingen ing en er st te ten de den e s t",
}
_SUFFIX_LISTS = {
    lang: tuple(sorted({fold(s) for s in text.split()}, key=len, reverse=True))
    for lang, text in _SUFFIXES.items()
}
MIN_STEM = 4  # shorter stems collide: "maria" -> "mar" would meet "marido"

# French and Italian elided forms, expanded before lookup ("l'" -> "le", "dell'" -> "dello").
ELISIONS: dict[str, dict[str, str]] = {
    "fr": {"l": "le", "d": "de", "qu": "que", "j": "je", "n": "ne", "s": "se", "c": "ce", "m": "me",
           "t": "te", "jusqu": "jusque", "lorsqu": "lorsque", "puisqu": "puisque", "quoiqu": "quoique"},
    "it": {"l": "lo", "dell": "dello", "all": "allo", "nell": "nello", "dall": "dallo", "sull": "sullo",
           "un": "una", "c": "ci", "quest": "questo", "quell": "quello", "d": "di", "po": "poco"},
}  # fmt: skip
# Object pronouns written onto the verb (Spanish "explícame", Italian "scrivimi"), longest first.
ENCLITICS: dict[str, tuple[str, ...]] = {
    "es": (
        "selo",
        "sela",
        "melo",
        "mela",
        "noslo",
        "me",
        "te",
        "lo",
        "la",
        "le",
        "nos",
        "los",
        "las",
        "les",
        "se",
    ),
    "it": ("glielo", "melo", "ci", "mi", "ti", "lo", "la", "li", "le", "gli", "ne", "si"),
}


def stem(folded_word: str, language: str) -> str:
    """The word without its longest known inflectional ending, keeping at least `MIN_STEM` letters."""
    for suffix in _SUFFIX_LISTS.get(language, ()):
        if folded_word.endswith(suffix) and len(folded_word) - len(suffix) >= MIN_STEM:
            return folded_word[: -len(suffix)]
    return folded_word


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
    phrase_stems: dict[tuple[str, ...], str] = field(default_factory=dict)  # their stems -> English
    phrase_starts: frozenset[str] = frozenset()
    # Every proper prefix of 2+ words of a phrase (folded or stemmed): lets a match stop early.
    phrase_prefixes: frozenset[tuple[str, ...]] = frozenset()

    def __len__(self) -> int:
        return len(self.exact) + len(self.phrases)


def parse_lexicon(text: str, language: str) -> Lexicon:
    """Parse lexicon text; the first entry of a source wins, so files list the commonest sense first."""
    lexicon = Lexicon(language)
    starts: set[str] = set()
    prefixes: set[tuple[str, ...]] = set()
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        source, tab, english = line.partition("\t")
        source, english = source.strip(), english.strip()
        if not tab or not source or not english:
            raise ValueError(
                f"lexicon_{language}.txt line {number}: expected 'source<TAB>english', got {raw!r}"
            )
        # Split as the tokenizer splits text, so "peut-être" or "aujourd'hui" become phrases.
        words = _SOURCE_SEPARATORS.split(source.lower())
        if len(words) > 1:
            key = tuple(fold(w) for w in words)
            stems = tuple(stem(w, language) for w in key)
            lexicon.phrases.setdefault(key, english)
            lexicon.phrase_stems.setdefault(stems, english)  # "bases de datos" meets "base de datos"
            starts.update((key[0], stems[0]))
            prefixes.update(k[:n] for k in (key, stems) for n in range(2, len(k)))
            continue
        lexicon.exact.setdefault(words[0], english)
        folded = fold(words[0])
        lexicon.folded.setdefault(folded, english)
        lexicon.stems.setdefault(stem(folded, language), english)
    lexicon.phrase_starts = frozenset(starts)
    lexicon.phrase_prefixes = frozenset(prefixes)
    return lexicon


@cache
def load_lexicon(language: str) -> Lexicon:
    """The lexicon of `language` (empty when there is no file), parsed once per process."""
    path = LEXICON_DIR / f"lexicon_{language}.txt"
    if not path.is_file():
        return Lexicon(language)
    return parse_lexicon(path.read_text(encoding="utf-8"), language)


# Token kinds
_WORD, _KEPT, _PUNCT = 0, 1, 2
# (kind, text as written, folded key, its stem, English: None = unknown, "" = dropped)
_Tok = tuple[int, str, str, str, str | None]


class Glosser:
    """Glosses text of one language into English; reuse one instance (its word memo is the speed)."""

    def __init__(self, language: str, lexicon: Lexicon | None = None) -> None:
        self.language = language
        self.lexicon = lexicon if lexicon is not None else load_lexicon(language)
        self._elisions = ELISIONS.get(language, {})
        self._enclitics = ENCLITICS.get(language, ())
        # word as written -> its token; one dict hit per word already seen.
        self._memo: dict[str, _Tok] = {}

    def _word(self, word: str) -> _Tok:
        found = self._memo.get(word)
        if found is not None:
            return found
        bare = word.rstrip("'’")
        lowered = bare.lower()
        if bare != word:  # elided article or pronoun: "l'" -> "le", "qu'" -> "que"
            lowered = self._elisions.get(lowered, lowered)
        key = fold(lowered)
        english = self._lookup_uncached(lowered, key)
        if len(self._memo) >= MAX_MEMO_WORDS:
            self._memo.clear()
        found = self._memo[word] = (_WORD, bare, key, stem(key, self.language), english)
        return found

    def lookup(self, word: str) -> str | None:
        """English for one word ("" when it is dropped), or None when the lexicon cannot place it."""
        return self._word(word)[4]

    def _tokens(self, text: str) -> list[_Tok]:
        tokens: list[_Tok] = []
        for placeholder, word, number, punct in _TOKEN.findall(text):
            if word:
                tokens.append(self._word(word))
            elif punct:
                tokens.append((_PUNCT, punct, "", "", None))
            else:
                tokens.append((_KEPT, placeholder or number, "", "", None))
        return tokens

    def _lookup_uncached(self, lowered: str, key: str) -> str | None:
        lex = self.lexicon
        english = lex.exact.get(lowered) or lex.folded.get(key) or self._inflected(key)
        if english is None and self.language in COMPOUNDING_LANGUAGES and len(key) <= MAX_COMPOUND_CHARS:
            english = self._compound(key)
        if english is None:
            return None
        return "" if english == DROP else english

    def _inflected(self, key: str) -> str | None:
        stemmed = stem(key, self.language)
        english = self.lexicon.stems.get(stemmed) or self.lexicon.folded.get(stemmed)
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
        # Function words ("der", "und") are no compound parts; accepting them splits nonsense.
        return None if english == DROP else english

    def _compound(self, key: str) -> str | None:
        """Greedy compound split: the longest known first part, then the rest (recursively).

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
                tail = self._known_part(rest, last=True)
                if tail is None and len(rest) >= 2 * MIN_COMPOUND_PART:
                    tail = self._compound(rest)
                if tail is not None:
                    return f"{head} {tail}"
        return None

    def _walk(self, tokens: list[_Tok]) -> list[tuple[_Tok, str | None, int]]:
        """(first token, English or None, number of tokens it covers) for each word or phrase, in order."""
        steps: list[tuple[_Tok, str | None, int]] = []
        phrase_starts = self.lexicon.phrase_starts
        i = 0
        while i < len(tokens):
            token = tokens[i]
            if token[0] == _WORD and (token[2] in phrase_starts or token[3] in phrase_starts):
                matched = self._phrase_at(tokens, i)
                if matched is not None:
                    english, length = matched
                    steps.append((token, "" if english == DROP else english, length))
                    i += length
                    continue
            steps.append((token, token[4], 1))
            i += 1
        return steps

    def _phrase_at(self, tokens: list[_Tok], start: int) -> tuple[str, int] | None:
        lex = self.lexicon
        first = tokens[start]
        keys, stems = (first[2],), (first[3],)
        best: tuple[str, int] | None = None
        for token in tokens[start + 1 : start + MAX_PHRASE_WORDS]:
            if token[0] != _WORD:
                break
            keys, stems = (*keys, token[2]), (*stems, token[3])
            # Inflected phrases ("bases de datos") match through their stems; the longest match wins.
            english = lex.phrases.get(keys) or lex.phrase_stems.get(stems)
            if english is not None:
                best = (english, len(keys))
            if keys not in lex.phrase_prefixes and stems not in lex.phrase_prefixes:
                break
        return best

    def gloss(self, text: str) -> str:
        """The English gloss of `text`; unknown words, numbers and placeholders are kept as written."""
        out: list[str] = []
        for token, english, _ in self._walk(self._tokens(text)):
            kind = token[0]
            if kind == _PUNCT:
                if out:  # sentence punctuation stays attached; leading "¿" or "¡" are not matched at all
                    out[-1] += token[1]
            elif kind == _KEPT or english is None:
                out.append(token[1])
            elif english:
                out.append(english)
        return " ".join(out)

    def coverage(self, text: str) -> tuple[int, int]:
        """(words the lexicon placed, words in total) of `text`: how much of it the gloss understood."""
        known = total = 0
        for token, english, length in self._walk(self._tokens(text)):
            if token[0] == _WORD:
                total += length
                known += length if english is not None else 0
        return known, total


@cache
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
