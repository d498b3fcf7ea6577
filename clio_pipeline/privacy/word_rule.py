"""The publication word rule: which words may appear in a published cluster name, description or value.

Clio's rule counts distinct users: a word may be published only if the summaries of at least
`min_users` users contain it. Counting accounts is defeated by an attacker who makes accounts: 30 new
accounts that all name one person and their illness put that name over any threshold. So a word must
also pass a test that no number of accounts can change. The rule, in order:

1. a scrubber placeholder (`[NAME]`, `[EMAIL]` ...) is never published: it says personal data was there;
2. stop-words of en/es/fr/de/pt and the pipeline's own template words are always allowed;
3. the word must be used by >= `min_users` distinct users (Clio's rule, kept as a necessary condition);
4. a word that may be a personal name, in any script (`name_models.name_like`: name lists and
   morphology for Latin, Greek and Arabic; pymorphy3 for Cyrillic; jieba/UniDic for Chinese and
   Japanese; "cannot rule it out" for scripts without a model), is never published, whatever its count;
5. then the word must be general vocabulary of a language of its script (`vocabulary.py`, wordfreq,
   Zipf >= 3: a fact about the world's text, not about our users), or a number of at most 4 digits
   (years, versions, error codes), or "far more widely used" than the threshold:
   >= WIDE_USE_FACTOR x `min_users` distinct users (250 at production settings), and not written as a
   proper noun (capitalised mid-sentence) in most of its uses. The last route exists for jargon and
   products newer than the frequency lists ("langchain", "fastapi"); it is the only place where an
   attacker with enough accounts could push a word, and only a word that no name model takes for a
   name, so it can carry a topic but not a person.

Illness words ("cancer", "hepatitis") are general vocabulary and may be published as topics: the harm
of the attack is name + illness, and the name never passes 4.

`tokenize_words` is the single tokenizer used both to count words and to check published text, so the
naming code, the privacy auditor and the `no_personal_data` check cannot disagree about what a "word"
is; Chinese and Japanese, written without spaces, are segmented with jieba / fugashi (segment.py).
`identifying_words` is the part of the rule that needs no counts (1 and 4): it is what the blocking
check enforces on staged rows, so that a name slipping past any builder stops publication.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

from clio_pipeline.privacy.name_gazetteer import is_listed_name
from clio_pipeline.privacy.name_models import is_frequent_word, name_like
from clio_pipeline.privacy.reading_view import read_as
from clio_pipeline.privacy.scripts import CJK_RUN, LATIN, has_kana, word_script
from clio_pipeline.privacy.segment import split_words
from clio_pipeline.privacy.vocabulary import in_language, is_general_word
from clio_pipeline.privacy.word_runs import join_runs, run_form

# A placeholder is an upper-case tag in square brackets, the scrubber's convention ([NAME], [EMAIL]).
_PLACEHOLDER = r"\[[A-Z][A-Z0-9_]*\]"
# A word: letters/digits (any script), with internal apostrophes kept (don't, l'eau) so that counting
# and checking split the same way. Digits-only tokens are words too: a rare number can identify.
# Combining marks (Mn, Mc, Me) belong to the word they sit in: without them a Devanagari or Thai word
# ("त्रिपाठी") fell apart at every vowel sign into single consonants, each of which could pass as
# "vocabulary" and be published in a row that a reader reads as the name.
_MARKS = "".join(
    re.escape(chr(c)) for c in range(0x0300, 0x10000)
    if unicodedata.category(chr(c)) in ("Mn", "Mc", "Me") and not chr(c).isalnum()
)
_WORD = rf"[\w{_MARKS}]+(?:['’][\w{_MARKS}]+)*"
_TOKEN_RE = re.compile(f"{_PLACEHOLDER}|{_WORD}")
_PLACEHOLDER_RE = re.compile(f"^{_PLACEHOLDER}$", re.IGNORECASE)

_STOPWORDS_TEXT = {
    "en": """a about above after again against all am an and any are as at be because been before being
        below between both but by can could did do does doing down during each few for from further had
        has have having he her here hers herself him himself his how i if in into is it its itself just
        me more most my myself no nor not now of off on once only or other our ours ourselves out over
        own same she should so some such than that the their theirs them themselves then there these
        they this those through to too under until up very was we were what when where which while who
        whom why will with would you your yours yourself yourselves also via using use uses per vs
        don't doesn't isn't aren't can't won't it's i'm etc""",
    "es": """a al algo algunas algunos ante antes como con contra cual cuando de del desde donde durante
        e el ella ellas ellos en entre era es esa esas ese eso esos esta estas este esto estos fue ha
        hasta hay la las le les lo los mas más me mi mis mucho muy nada ni no nos nosotros o os otra
        otras otro otros para pero poco por porque que qué quien se sea ser si sí sin sobre su sus
        también tan te tiene tu tus un una uno unos unas y ya yo él""",
    "fr": """à au aux avec ce ces cet cette dans de des du elle elles en est et eux il ils je la le les
        leur leurs lui ma mais me même mes moi mon ne ni nos notre nous on ou où par pas pour qu que
        qui sa se ses son sont sur ta te tes toi ton tu un une vos votre vous y été être avoir fait
        plus très sans sous entre comme c'est d'un d'une l'on""",
    "de": """aber alle als also am an auch auf aus bei bin bis da damit dann das dass dem den der des
        die dies diese dieser dieses doch du durch ein eine einem einen einer eines er es für hat hatte
        ich ihr ihre im in ist ja kann kein keine man mit nach nicht noch nur ob oder ohne sehr sein
        seine sich sie sind so über um und uns unter vom von vor war waren was weil wenn wer wie wir
        wird wo zu zum zur""",
    "pt": """a ao aos as com como da das de do dos e é ela elas ele eles em entre era essa esse está
        eu foi há isso isto já lhe mais mas me meu minha muito na nas não nem no nos nós o os ou para
        pela pelas pelo pelos por quando que quem se sem ser seu sua são também te tem um uma umas uns
        você""",
}
STOPWORDS: frozenset[str] = frozenset(
    word.lower() for text in _STOPWORDS_TEXT.values() for word in text.split()
)
# The pipeline's own template words (fallback names, description templates). They are generic, come
# from code rather than from any user, and so are allowed like stop-words.
TEMPLATE_WORDS: frozenset[str] = frozenset(
    [
        "conversation", "conversations", "request", "requests", "typical", "unnamed", "cluster",
        "topic", "topics", "group", "user", "users", "mixed", "characteristic",
        # the offline namer's frames and description template (clustering/naming.py, hierarchy/naming.py)
        "people", "ask", "help", "unlike", "nearest", "clusters", "mention", "phrase", "shared", "enough",
        "describe", "covers",
    ]
)


WIDE_USE_FACTOR = 10  # "far more widely used": this many times min_users distinct users
MAX_PUBLIC_NUMBER_DIGITS = 4  # years, versions, error codes; longer numbers identify (accounts, phones)


def _normalize(word: str) -> str:
    # The reading view (NFKC, invisible characters removed, look-alikes and leetspeak folded) so that no
    # written variant of a word can dodge the rule.
    return run_form(read_as(word).casefold().replace("’", "'"))


def _matches(text: str) -> list[tuple[str, int]]:
    """(surface word, start) of `text` (its reading view), with Chinese and Japanese runs cut into words."""
    normalized = read_as(text)
    out: list[tuple[str, int]] = []
    japanese = None
    for m in _TOKEN_RE.finditer(normalized):
        word = m.group(0)
        if word.isascii() or not CJK_RUN.search(word):
            out.append((word, m.start()))
            continue
        if japanese is None:
            japanese = has_kana(normalized)
        # A \w+ run may mix CJK with Latin letters or digits ("iPhone15的价格"): segment the CJK parts.
        cursor = 0
        for run in CJK_RUN.finditer(word):
            if run.start() > cursor:
                out.append((word[cursor : run.start()], m.start() + cursor))
            offset = run.start()
            for piece in split_words(run.group(), japanese):
                if piece.strip():
                    out.append((piece, m.start() + offset))
                offset += len(piece)
            cursor = run.end()
        if cursor < len(word):
            out.append((word[cursor:], m.start() + cursor))
    return join_runs(normalized, out)


def tokenize_words(text: str) -> list[str]:
    """Lower-cased (casefolded), unicode-aware word tokens of `text`, in order.

    Scrubber placeholders come back whole and bracketed (`"[name]"`), so a caller can tell them from
    the ordinary word "name". Chinese and Japanese are segmented into words.
    """
    return [_normalize(word) for word, _ in _matches(text)]


def tokenize_surface(text: str) -> list[tuple[str, str]]:
    """(surface form, normalized token) pairs, in order: `tokenize_words` plus the original casing."""
    return [(word, _normalize(word)) for word, _ in _matches(text)]


def is_placeholder(token: str) -> bool:
    """Whether a token is a scrubber placeholder such as `[NAME]` (any case)."""
    return bool(_PLACEHOLDER_RE.match(token))


def is_public_number(token: str) -> bool:
    """A short number (year, version, error code): publishable on counts; longer numbers identify."""
    return token.isdigit() and len(token) <= MAX_PUBLIC_NUMBER_DIGITS


def is_identifying(token: str) -> bool:
    """Rules 1 and 4, which need no counts: a placeholder, or a word that may be a personal name."""
    token = _normalize(token.strip())
    if is_placeholder(token):
        return True
    if token in STOPWORDS or token in TEMPLATE_WORDS or token.isdigit():
        return False
    return name_like(token) or listed_surname_word(token)


def listed_surname_word(token: str) -> bool:
    """A Latin word that a name list holds (name_gazetteer.py) and that is neither English nor German
    vocabulary nor among the commonest words of any language: "salcedo", "lafontaine". Spanish, French
    or Turkish lists hold such names as vocabulary, so they pass `name_like`; English and German are
    exempt because their lists carry the products and nouns that topics need ("Krebs" is cancer)."""
    if word_script(token) != LATIN or not is_listed_name(token) or is_frequent_word(token):
        return False
    return not (in_language(token, "en") or in_language(token, "de"))


def identifying_words(text: str) -> list[str]:
    """Words of `text` that may never be published, whatever their count (placeholders, names)."""
    return [token for token in tokenize_words(text) if is_identifying(token)]


def _mid_sentence_capitals(text: str) -> Iterable[tuple[str, bool]]:
    """(token, written capitalised) for the words of `text` that do not open a sentence."""
    normalized = read_as(text)
    for word, start in _matches(normalized):
        before = normalized[:start].rstrip()
        if not before or before[-1] in ".!?:;\"'(«“\n" or not word[:1].isalpha() or word.isupper():
            continue
        yield _normalize(word), word[:1].isupper()


class WordRule:
    """Which words may be published: see the module docstring for the rule and why."""

    def __init__(
        self,
        vocabulary: Iterable[str],
        min_users: int,
        widely_used: Iterable[str] = (),
        proper_nouns: Iterable[str] = (),
    ) -> None:
        self._vocabulary = frozenset(_normalize(w) for w in vocabulary)
        self._widely_used = frozenset(_normalize(w) for w in widely_used)
        self._proper_nouns = frozenset(_normalize(w) for w in proper_nouns)
        self.min_users = min_users

    @classmethod
    def from_texts(cls, texts: Sequence[str], user_ids: Sequence[str], min_users: int) -> WordRule:
        """Count, for each word, the distinct users whose texts contain it (up to the wide-use level)."""
        if len(texts) != len(user_ids):
            raise ValueError(f"{len(texts)} texts but {len(user_ids)} user ids")
        return cls.from_pairs(zip(texts, user_ids, strict=True), min_users)

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[str, str]], min_users: int) -> WordRule:
        """`from_texts` over (text, user id) pairs as they stream past: no text is kept."""
        if min_users < 1:
            raise ValueError(f"min_users must be >= 1, got {min_users}")
        wide = WIDE_USE_FACTOR * min_users
        # Users per word, capped at the wide-use level: once a word reaches it we stop tracking it, which
        # keeps memory at O(vocabulary * wide) however many texts there are.
        users_of: dict[str, set[str]] = {}
        widely_used: set[str] = set()
        capitals: dict[str, list[int]] = {}
        for text, user in pairs:
            for word in set(tokenize_words(text)):
                if word in widely_used or is_placeholder(word):
                    continue
                users = users_of.setdefault(word, set())
                users.add(user)
                if len(users) >= wide:
                    widely_used.add(word)
                    del users_of[word]
            for token, capitalised in _mid_sentence_capitals(text):
                counts = capitals.setdefault(token, [0, 0])
                counts[capitalised] += 1
        qualified = widely_used | {word for word, users in users_of.items() if len(users) >= min_users}
        proper = {token for token, (lower, upper) in capitals.items() if upper > lower}
        return cls(qualified, min_users, widely_used, proper)

    @property
    def vocabulary(self) -> frozenset[str]:
        """Words used by at least `min_users` distinct users (stop-words not included unless counted)."""
        return self._vocabulary

    def allows(self, word: str) -> bool:
        """Whether `word` may be published (the rule of the module docstring)."""
        token = _normalize(word.strip())
        if is_placeholder(token):
            return False
        if token in STOPWORDS or token in TEMPLATE_WORDS:
            return True
        if token not in self._vocabulary:
            return False
        if token.isdigit():
            return is_public_number(token) or token in self._widely_used
        if name_like(token) or listed_surname_word(token) or self._used_as_name(token):
            return False
        if is_general_word(token):
            return True
        return token in self._widely_used and token not in self._proper_nouns

    def _used_as_name(self, token: str) -> bool:
        """A word our texts write as a proper noun (capitalised mid-sentence in most uses) that a name list
        holds ("Jordan", "Holloway") or that is no English word ("Şükrü", "Kadıköy": names and places of
        languages whose lists hold them as vocabulary). German vocabulary is exempt, since German
        capitalises every noun ("Krebs" is cancer and a surname), and so are the commonest words."""
        if token not in self._proper_nouns or is_frequent_word(token) or in_language(token, "de"):
            return False
        return is_listed_name(token) or not in_language(token, "en")

    def violations(self, text: str) -> list[str]:
        """Words of `text` (lower-cased, in order, with repeats) that may not be published."""
        return [token for token in tokenize_words(text) if not self.allows(token)]

    def filter_text(self, text: str) -> str:
        """`text` without its disallowed words, with whitespace and punctuation tidied."""
        normalized = read_as(text)
        pieces: list[str] = []
        cursor = 0
        for word, start in _matches(normalized):
            pieces.append(normalized[cursor:start])
            pieces.append(word if self.allows(word) else "")
            cursor = start + len(word)
        pieces.append(normalized[cursor:])
        return tidy_punctuation("".join(pieces))


def tidy_punctuation(text: str) -> str:
    """Repair the gaps left by removed words: double spaces, orphan commas, empty brackets."""
    previous = None
    while previous != text:
        previous = text
        text = re.sub(r"\(\s*[,;:]*\s*\)|\[\s*\]|\"\s*\"", "", text)  # empty brackets and quotes
        text = re.sub(r"\s+([,.;:!?)\]])", r"\1", text)  # no space before closing punctuation
        text = re.sub(r"([(\[])\s+", r"\1", text)  # no space after opening brackets
        text = re.sub(r"([,;:])(\s*[,;:.!?])", r"\2", text)  # ", ," / ", ." collapse to the latter
        text = re.sub(r"[ \t]{2,}", " ", text)
        text = re.sub(r"(^|\n)\s*[,;:.!?]+\s*", r"\1", text)  # no leading punctuation
        text = re.sub(r"\s*[-–—/&]\s*([,.;:!?]|$)", r"\1", text)  # dangling connector at an end
        text = re.sub(r"^\s*[-–—/&]\s*", "", text)
    return text.strip()
