"""Phrases of facet summaries that many users share: the material of offline cluster names.

A summary is cut into word tokens (the privacy rule's tokenizer, after the PII scrubber). A candidate
phrase is a run of 1-7 consecutive tokens in which every word is publishable under the word rule, that
neither starts nor ends with a function word of the summary's language and holds at least one content
word. "Set an alarm for tomorrow" yields "set an alarm", "alarm", "set an alarm for tomorrow", ...; "for
tomorrow" is no candidate. A phrase stays inside one clause: it never runs across a sentence or clause
mark (". ", ", ", ": ", " - ") or a word that joins two clauses ("but", "because"; `CLAUSE_WORDS`), so
real chat's "clue. Only output" or "small boat, but unfortunately" is no phrase. A phrase at the very start of a summary is an *opener*: summaries are
requests with greetings and "can you" removed, so a phrase users open with reads as an imperative
("write a cover letter").

A cluster's phrases are scored by how many of its summaries contain them against how many of the
nearest outside summaries do (the c-TF-IDF contrast of the previous namer, now over phrases), and only
phrases that at least `min_users` distinct users wrote can be chosen: users of the cluster, or of the
whole window (`window_shared`) for a phrase the cluster uses at least twice: a cluster with a handful of
English requests among many translations can still be named by a phrase many users wrote elsewhere.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from clio_pipeline.clustering.function_words import is_function_word, is_vague
from clio_pipeline.privacy.scripts import CJK_RUN
from clio_pipeline.privacy.word_rule import is_placeholder, tokenize_surface

MAX_PHRASE_WORDS = 7
MAX_TOKENS_PER_SUMMARY = 40  # summaries are <= ~200 characters; this bounds the n-gram count
# Weight by length: two to five words read as a request; one word is a keyword, kept as a last resort.
LENGTH_WEIGHT = {1: 0.45, 2: 1.0, 3: 1.15, 4: 1.25, 5: 1.3, 6: 1.3, 7: 1.3}
OPENER_WEIGHT = 1.2  # a phrase that starts with a word requests open with reads as an imperative
OPENER_SHARE = 0.2  # of a word's uses at the start of a request, for it to count as a request verb
MULTIWORD_SHARE = 0.35  # a phrase of 2+ words is preferred to a single word scoring up to ~3x more
EXTEND_SHARE = 0.5  # a longer phrase replaces a shorter one it contains while it keeps this share of uses
EDGE_RATIO = 2.0  # a phrase's first or last word is at least this much more common here than next door

Key = tuple[str, ...]

# Marks that end a sentence or clause when followed by a space (so "Next.js", "3.5" and "1,000" stay whole),
# and dashes between spaces.
_CLAUSE_MARK = re.compile(r"[.!?;:,\u3002\uff01\uff1f\uff1b\uff1a\uff0c\u3001]+(?=\s|$)|[\u3002\uff01\uff1f\uff1b\uff0c\u3001]|\s[-\u2013\u2014]+\s")
# Words that join two clauses in the five languages with hand-written stop-words (general knowledge):
# what follows them is another statement, not more of the request's topic. Per language: French "car"
# ("because") is an English noun.
CLAUSE_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset({"but", "because", "although", "though", "however", "whereas", "unless"}),
    "es": frozenset({"pero", "porque", "aunque", "sino"}),
    "fr": frozenset({"mais", "parce", "car", "puisque", "quoique"}),
    "de": frozenset({"aber", "weil", "obwohl", "denn", "sondern"}),
    "pt": frozenset({"mas", "porque", "embora"}),
}


@dataclass
class Doc:
    """One summary cut into candidate phrases: key -> (surface words, whether it opens the summary)."""

    user: str
    language: str
    phrases: dict[Key, tuple[tuple[str, ...], bool]] = field(default_factory=dict)
    first: str | None = None  # the word the request opens with, when it is a content word


def _is_cjk(word: str) -> bool:
    return bool(CJK_RUN.search(word))


def join_words(words: Iterable[str]) -> str:
    """Surface words joined as written: no space between Chinese/Japanese words, one elsewhere."""
    out = ""
    for word in words:
        if out and not (_is_cjk(out[-1]) and _is_cjk(word[:1])):
            out += " "
        out += word
    return out


def analyse(scrubbed: str, user: str, language: str, allows: Callable[[str], bool]) -> Doc:
    """The candidate phrases of one already scrubbed summary; `allows`: the word rule (module docstring)."""
    joining = CLAUSE_WORDS.get(language.split("-")[0], frozenset())
    tokens: list[tuple[str, str]] = []
    clause: list[int] = []  # each token's clause number
    number = 0
    for part in _CLAUSE_MARK.split(scrubbed):
        number += 1
        for token in tokenize_surface(part):
            if token[1] in joining:
                number += 1  # the joining word ends its clause; what follows is the next one
            tokens.append(token)
            clause.append(number)
    tokens, clause = tokens[:MAX_TOKENS_PER_SUMMARY], clause[:MAX_TOKENS_PER_SUMMARY]
    ok = [not is_placeholder(norm) and len(norm) > 0 and allows(norm) and norm not in joining
          for _, norm in tokens]
    function = [is_function_word(norm, language) or norm.isdigit() for _, norm in tokens]
    doc = Doc(user=user, language=language)
    if tokens and ok[0] and not function[0]:
        doc.first = tokens[0][1]
    for start in range(len(tokens)):
        if not ok[start] or function[start]:
            continue
        for end in range(start + 1, min(start + MAX_PHRASE_WORDS, len(tokens)) + 1):
            if not ok[end - 1] or clause[end - 1] != clause[start]:
                break
            if function[end - 1]:
                continue
            key = tuple(norm for _, norm in tokens[start:end])
            if len(set(key)) < len(key):  # "alarm alarm": repetition is no phrase
                continue
            if key not in doc.phrases:
                doc.phrases[key] = (tuple(s for s, _ in tokens[start:end]), start == 0)
    return doc


@dataclass
class PhraseStats:
    """How a cluster's summaries use one phrase."""

    docs: int = 0
    openers: int = 0
    users: set[str] = field(default_factory=set)
    surfaces: Counter[tuple[str, ...]] = field(default_factory=Counter)

    @property
    def opener_share(self) -> float:
        return self.openers / self.docs if self.docs else 0.0


def opener_words(docs: Iterable[Doc], min_users: int) -> frozenset[str]:
    """Words that requests open with: the request verbs of the window ("set", "cancel", "write").

    A word counts when >= `min_users` users open a request with it and at least `OPENER_SHARE` of the
    requests that use it open with it (so "bank", which opens the odd request, is no verb).
    """
    users: dict[str, set[str]] = {}
    opens: Counter[str] = Counter()
    uses: Counter[str] = Counter()
    for doc in docs:
        uses.update(k[0] for k in doc.phrases if len(k) == 1)
        if doc.first is not None:
            opens[doc.first] += 1
            users.setdefault(doc.first, set()).add(doc.user)
    return frozenset(w for w, n in opens.items() if len(users[w]) >= min_users and n >= OPENER_SHARE * uses[w])


def count_phrases(docs: Sequence[Doc]) -> dict[Key, PhraseStats]:
    """Per phrase: the summaries and distinct users that contain it, and how it is written."""
    stats: dict[Key, PhraseStats] = {}
    for doc in docs:
        for key, (surface, opener) in doc.phrases.items():
            entry = stats.setdefault(key, PhraseStats())
            entry.docs += 1
            entry.openers += opener
            entry.users.add(doc.user)
            entry.surfaces[surface] += 1
    return stats


def window_shared(clusters: Iterable[Mapping[Key, PhraseStats]], docs: Iterable[Doc], min_users: int,
                  min_docs: int = 2) -> frozenset[Key]:
    """Phrases some cluster uses >= `min_docs` times that >= `min_users` users of `docs` (the window) wrote."""
    wanted = {k for stats in clusters for k, s in stats.items() if s.docs >= min_docs and len(s.users) < min_users}
    users: dict[Key, set[str]] = {}
    for doc in docs:
        for key in doc.phrases:
            if key in wanted:
                users.setdefault(key, set()).add(doc.user)
    return frozenset(k for k, u in users.items() if len(u) >= min_users)


def count_outside(docs: Sequence[Doc], keys: set[Key]) -> Counter[Key]:
    """How many of `docs` contain each phrase of `keys`."""
    counts: Counter[Key] = Counter()
    for doc in docs:
        counts.update(k for k in doc.phrases if k in keys)
    return counts


@dataclass(frozen=True)
class Scored:
    """A phrase that may name a cluster, with its score and usual spelling."""

    key: Key
    text: str
    score: float
    docs: int
    opener: bool


def score_phrases(
    inside: Sequence[Doc], outside: Sequence[Doc], *, min_users: int, openers: frozenset[str] = frozenset(),
    min_docs: int = 2, extend: bool = True, stats: Mapping[Key, PhraseStats] | None = None,
    shared: frozenset[Key] = frozenset(), contrastive: bool = True,
) -> list[Scored]:
    """Phrases of `inside` shared by >= `min_users` users, best first (contrast x length x opener).

    Each of the best phrases is then extended to the longest phrase containing it that keeps
    `EXTEND_SHARE` of its uses: "alarm" becomes "set an alarm" when most requests say so (unless
    `extend` is false: parent names want the short shared phrases themselves). `contrastive=False`
    (a last resort) ranks by use alone, for a cluster whose phrases all its neighbours share.
    """
    stats = count_phrases(inside) if stats is None else stats
    eligible = {k: s for k, s in stats.items() if (len(s.users) >= min_users or k in shared) and s.docs >= min_docs}
    edges = {(k[0],) for k in eligible} | {(k[-1],) for k in eligible}
    out_counts = count_outside(outside, set(eligible) | edges)
    smoothing = 1.0 / (len(outside) + 2)

    def characteristic(word: str) -> bool:
        # A phrase starts and ends on words more common here than next door: "user asks", "help" and
        # the like, which every cluster's summaries use, are trimmed off, whatever the language.
        p_in = stats[(word,)].docs / len(inside)
        return p_in > EDGE_RATIO * out_counts.get((word,), 0) / max(len(outside), 1)

    def edge(word: str, language: str) -> bool:
        # An informative word may be an edge that siblings share too: "set an alarm" must survive a
        # sibling that cancels alarms; "need to make" must not.
        return characteristic(word) or not is_vague(word, language)

    if contrastive:
        language = inside[0].language if inside else "en"
        eligible = {k: s for k, s in eligible.items()
                    if (characteristic(k[0]) or characteristic(k[-1])) and edge(k[0], language) and edge(k[-1], language)}
    scored = []
    for key, s in eligible.items():
        p_in, p_out = s.docs / len(inside), out_counts.get(key, 0) / max(len(outside), 1)
        contrast = p_in * math.log((p_in + smoothing) / (p_out + smoothing)) if contrastive else p_in
        if contrast <= 0:
            continue
        opener = s.opener_share >= 0.5 or key[0] in openers
        weight = LENGTH_WEIGHT[len(key)] * (OPENER_WEIGHT if opener else 1.0)
        surface = s.surfaces.most_common(1)[0][0]
        scored.append(Scored(key, join_words(surface), contrast * weight, s.docs, opener))
    ranked = sorted(scored, key=lambda p: (-p.score, p.text))
    if extend:
        ranked = _extended(ranked)
    if not ranked:
        return ranked
    # A name is a phrase: single words go behind every phrase that scores within MULTIWORD_SHARE of the best.
    preferred = [p for p in ranked if len(p.key) > 1 and p.score >= MULTIWORD_SHARE * ranked[0].score]
    return preferred + [p for p in ranked if p not in preferred]


def _extended(ranked: list[Scored], n_best: int = 20) -> list[Scored]:
    """The best phrases, each replaced by its longest well-used extension; duplicates dropped."""
    out: list[Scored] = []
    seen: set[Key] = set()
    for phrase in ranked[:n_best]:
        current = phrase
        while True:
            longer = [p for p in ranked if len(p.key) > len(current.key) and p.docs >= EXTEND_SHARE * current.docs
                      and overlaps(p.key, current.key)]
            if not longer:
                break
            current = max(longer, key=lambda p: (p.docs * LENGTH_WEIGHT[len(p.key)], p.score, p.text))
        if current.key not in seen:
            seen.add(current.key)
            out.append(Scored(current.key, current.text, phrase.score, current.docs, current.opener))
    out.extend(p for p in ranked[n_best:] if p.key not in seen)
    return out


def overlaps(a: Key, b: Key) -> bool:
    """Whether one phrase is contained in the other (as a run of words)."""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return any(long[i : i + len(short)] == short for i in range(len(long) - len(short) + 1))
