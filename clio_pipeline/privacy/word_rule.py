"""The distinct-users word rule of Clio.

A word may appear in a published cluster name or description only if it occurs in the facet summaries
of at least `min_users` distinct users. A rare word (a surname, a small company, an account number)
can identify someone even after PII scrubbing, and a word that many unrelated users wrote cannot.

Function words (stop-words of English, Spanish, French, German and Portuguese) are always allowed:
they carry no identifying content and a name without them is unreadable. So are the few generic
words of the pipeline's own templates (`TEMPLATE_WORDS`: "conversations", "typical", "request", ...). Scrubber placeholders such
as `[NAME]` are never allowed: they mark where personal data was, and publishing them leaks that a
specific cluster contains, e.g., names.

`tokenize_words` is the single tokenizer used both to count words and to check published text, so
the naming code and the privacy auditor cannot disagree about what a "word" is.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

# A placeholder is an upper-case tag in square brackets, the scrubber's convention ([NAME], [EMAIL]).
_PLACEHOLDER = r"\[[A-Z][A-Z0-9_]*\]"
# A word: letters/digits (any script), with internal apostrophes kept (don't, l'eau) so that counting
# and checking split the same way. Digits-only tokens are words too: a rare number can identify.
_WORD = r"\w+(?:['’]\w+)*"
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
    ]
)


def _normalize(word: str) -> str:
    # NFKC folds width/compatibility variants (ｆｕｌｌ-width, ligatures) so they cannot dodge the rule.
    return unicodedata.normalize("NFKC", word).casefold().replace("’", "'")


def tokenize_words(text: str) -> list[str]:
    """Lower-cased (casefolded), unicode-aware word tokens of `text`, in order.

    Scrubber placeholders come back whole and bracketed (`"[name]"`), so a caller can tell them from
    the ordinary word "name".
    """
    normalized = unicodedata.normalize("NFKC", text)
    return [_normalize(m.group(0)) for m in _TOKEN_RE.finditer(normalized)]


def tokenize_surface(text: str) -> list[tuple[str, str]]:
    """(surface form, normalized token) pairs, in order: `tokenize_words` plus the original casing."""
    normalized = unicodedata.normalize("NFKC", text)
    return [(m.group(0), _normalize(m.group(0))) for m in _TOKEN_RE.finditer(normalized)]


def is_placeholder(token: str) -> bool:
    """Whether a token is a scrubber placeholder such as `[NAME]` (any case)."""
    return bool(_PLACEHOLDER_RE.match(token))


class WordRule:
    """Which words are common enough (used by >= `min_users` distinct users) to publish."""

    def __init__(self, vocabulary: Iterable[str], min_users: int) -> None:
        self._vocabulary = frozenset(_normalize(w) for w in vocabulary)
        self.min_users = min_users

    @classmethod
    def from_texts(cls, texts: Sequence[str], user_ids: Sequence[str], min_users: int) -> WordRule:
        """Count, for each word, the distinct users whose texts contain it; keep those with >= min_users."""
        if len(texts) != len(user_ids):
            raise ValueError(f"{len(texts)} texts but {len(user_ids)} user ids")
        if min_users < 1:
            raise ValueError(f"min_users must be >= 1, got {min_users}")
        # Users per word, capped at min_users: once a word qualifies we stop tracking it, which keeps
        # memory at O(vocabulary * min_users) however many texts there are.
        users_of: dict[str, set[str]] = {}
        qualified: set[str] = set()
        for text, user in zip(texts, user_ids, strict=True):
            for word in set(tokenize_words(text)):
                if word in qualified or is_placeholder(word):
                    continue
                users = users_of.setdefault(word, set())
                users.add(user)
                if len(users) >= min_users:
                    qualified.add(word)
                    del users_of[word]
        return cls(qualified, min_users)

    @property
    def vocabulary(self) -> frozenset[str]:
        """Words used by at least `min_users` distinct users (stop-words not included unless counted)."""
        return self._vocabulary

    def allows(self, word: str) -> bool:
        """Whether `word` may be published: never a placeholder; always a stop-word; else if common."""
        if is_placeholder(word.strip()):
            return False
        token = _normalize(word.strip())
        if token in STOPWORDS or token in TEMPLATE_WORDS:
            return True
        return token in self._vocabulary

    def violations(self, text: str) -> list[str]:
        """Words of `text` (lower-cased, in order, with repeats) that may not be published."""
        return [token for token in tokenize_words(text) if not self.allows(token)]

    def filter_text(self, text: str) -> str:
        """`text` without its disallowed words, with whitespace and punctuation tidied."""
        normalized = unicodedata.normalize("NFKC", text)
        kept = _TOKEN_RE.sub(lambda m: m.group(0) if self.allows(m.group(0)) else "", normalized)
        return tidy_punctuation(kept)


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
