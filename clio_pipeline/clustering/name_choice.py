"""Which candidate names a cluster: the one that best tells it from its nearest sibling clusters.

A name is useful when a reader can tell from it which cluster it belongs to, and the clusters a
reader must tell it from are its nearest siblings ("Set an alarm" against "Cancel an alarm"), not
the whole corpus. So among the candidate phrases of a cluster (`phrases.score_phrases`), the name is
the candidate with the largest *separation*: the share of the cluster's summaries that contain it
minus the largest share among its `N_SIBLINGS` nearest clusters (by centroid), counted over the
summaries in the language the cluster is named in. A bare request verb ("Set", "Book"), which its
siblings use as much, separates little; so does a topic word every sibling shares ("alarm"); the
phrase that carries both, or the topic only this cluster has, separates most.

Candidates (every phrase in them was written by >= `min_users` users; nothing else is invented):

- a phrase as users wrote it, turned into a request (`naming.phrase_as_request`);
- when no phrase carries both, a request verb that many of the cluster's requests open with joined
  to a topic phrase ("Cancel" + "reminder" -> "Cancel reminder"); it matches a summary holding both;
- for a cluster whose best candidate covers few of its requests (clusters holding several
  requests), two candidates joined by "and"; it matches a summary holding either.

A candidate without a topic word (only request verbs and question words) is never chosen while
another exists, nor is a single word that is among a language's most frequent words ("good", "last",
"need"; `function_words.is_vague`), which says little on its own. The weights below prefer, at equal separation, what reads as a request: two to five
words, as written rather than composed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from clio_pipeline.clustering.function_words import is_function_word, is_vague
from clio_pipeline.clustering.phrases import Doc, Key, Scored, overlaps

N_SIBLINGS = 5  # nearest clusters a name must tell its cluster from
MAX_SIBLING_DOCS = 300  # summaries of a sibling counted (enough for a share)
MIN_SIBLING_DOCS = 3  # a sibling with fewer summaries in the naming language is not compared
N_PHRASES = 25  # best-scored phrases considered as names
N_TOPICS = 8  # topic phrases a request verb is joined with
VERB_SHARE = 0.15  # of a cluster's requests opening with a verb, for the verb to frame a topic
PAIR_BELOW = 0.5  # a best candidate covering less than this share of the cluster may take a second
FRAMED_WEIGHT = 0.95  # "Help with next week" says less of the request than "Book a flight"
COMPOSED_WEIGHT = 0.9  # "Cancel reminder" reads less naturally than a phrase users wrote
MAX_PAIR_WORDS = 7  # words of the two requests of a pair, frame included
PAIR_WEIGHT = 0.8  # two requests in one name are harder to read than one
SINGLE_WORD_WEIGHT = 0.7  # a keyword is no request
LONG_WEIGHT = 0.9  # six or seven words are long for a name
COVERAGE_EXPONENT = 0.5  # separation divided by coverage to this power: 0 counts coverage fully, 1 not at all


@dataclass(frozen=True)
class Candidate:
    """A possible name: its text (before the privacy pass), the phrases a matching summary holds."""

    text: str
    keys: tuple[Key, ...]  # all of them (a composed request) or, for a pair, any group of them
    phrase: Scored  # the main phrase (the description quotes it)
    weight: float
    any_of: tuple[tuple[Key, ...], ...] = ()  # a pair: a summary matches when it holds either group

    def matches(self, doc: Doc) -> bool:
        groups = self.any_of or (self.keys,)
        return any(all(k in doc.phrases for k in group) for group in groups)


class IndexedDocs(Sequence[Doc]):
    """Summaries with, for each phrase, the set of those that hold it (as a bit mask), so that the share
    of a candidate is a few mask operations instead of a pass over the summaries.

    `choose` scores some 25-60 candidates against the same cluster and siblings: at 100,000 conversations
    and 1,000 clusters the per-summary pass was 29 million calls, a quarter of naming."""

    def __init__(self, docs: Sequence[Doc]) -> None:
        self.docs = docs
        self._holding: dict[Key, int] | None = None

    def __len__(self) -> int:
        return len(self.docs)

    def __getitem__(self, index):  # type: ignore[override]
        return self.docs[index]

    def _mask(self, key: Key) -> int:
        if self._holding is None:
            holding: dict[Key, int] = {}
            for i, doc in enumerate(self.docs):
                bit = 1 << i
                for phrase in doc.phrases:
                    holding[phrase] = holding.get(phrase, 0) | bit
            self._holding = holding
        return self._holding.get(key, 0)

    def count(self, candidate: Candidate) -> int:
        """How many of the summaries `candidate.matches`."""
        matched = 0
        for group in candidate.any_of or (candidate.keys,):
            masks = [self._mask(key) for key in group]
            both = masks[0] if masks else (1 << len(self.docs)) - 1  # no key: every summary holds all of none
            for mask in masks[1:]:
                both &= mask
            matched |= both
        return matched.bit_count()


def share(candidate: Candidate, docs: Sequence[Doc]) -> float:
    """Share of `docs` the candidate matches."""
    if not docs:
        return 0.0
    if isinstance(docs, IndexedDocs):
        return docs.count(candidate) / len(docs)
    return sum(map(candidate.matches, docs)) / len(docs)


def separation(candidate: Candidate, inside: Sequence[Doc], siblings: Sequence[Sequence[Doc]]) -> float:
    """How much the cluster's summaries use the candidate more than its nearest sibling's do.

    (share inside - largest share in a sibling) / sqrt(share inside): the coverage times how much of
    it no sibling shares, with coverage counted sub-linearly: a phrase half the requests use verbatim
    names a cluster as well as one word nine in ten use.
    """
    compared = [docs for docs in siblings if len(docs) >= MIN_SIBLING_DOCS]
    inside_share = share(candidate, inside)
    if inside_share <= 0:
        return 0.0
    largest_outside = max((share(candidate, docs) for docs in compared), default=0.0)
    return (inside_share - largest_outside) / inside_share**COVERAGE_EXPONENT


def _phrase_weight(key: Key) -> float:
    if len(key) == 1:
        return SINGLE_WORD_WEIGHT
    return LONG_WEIGHT if len(key) > 5 else 1.0


def _request_verbs(inside: Sequence[Doc], openers: frozenset[str], question_words: frozenset[str]) -> list[str]:
    """Request verbs (window openers, not question words) that >= `VERB_SHARE` of the requests open with."""
    firsts = Counter(d.first for d in inside if d.first in openers and d.first not in question_words)
    return [w for w, n in firsts.most_common(2) if n >= VERB_SHARE * len(inside)]


def candidates(
    ranked: Sequence[Scored],
    inside: Sequence[Doc],
    *,
    openers: frozenset[str],
    question_words: frozenset[str],
    language: str,
    as_request: Callable[[Scored], str],
) -> list[Candidate]:
    """The phrases, composed requests and (later, see `choose`) pairs a cluster may be named by."""
    phrases = list(ranked[:N_PHRASES])
    out = []
    for p in phrases:
        text = as_request(p)  # a request as users open theirs, or a phrase in a frame ("Help with ...")
        out.append(Candidate(text, (p.key,), p, _phrase_weight(p.key) * (1.0 if text == p.text else FRAMED_WEIGHT)))
    topics = [p for p in phrases if p.key[0] not in openers and p.key[0] not in question_words
              and len(p.key) <= 3 and not (len(p.key) == 1 and is_vague(p.key[0], language))][:N_TOPICS]
    for verb in _request_verbs(inside, openers, question_words):
        surface = _surface(verb, inside)
        for topic in topics:
            if verb in topic.key or any(verb in p.key and overlaps(p.key, topic.key) for p in phrases):
                continue  # a phrase users wrote already says it
            out.append(Candidate(f"{surface} {topic.text}", ((verb,), topic.key), topic, COMPOSED_WEIGHT))
    return [c for c in out if has_topic(c, openers, question_words, language)
            and not (len(c.keys) == 1 and len(c.keys[0]) == 1 and is_vague(c.keys[0][0], language))]


def _surface(word: str, docs: Sequence[Doc]) -> str:
    """How the requests write the word (its most common spelling)."""
    spellings = Counter(d.phrases[(word,)][0][0] for d in docs if (word,) in d.phrases)
    return spellings.most_common(1)[0][0] if spellings else word


def has_topic(candidate: Candidate, openers: frozenset[str], question_words: frozenset[str], language: str) -> bool:
    """Whether the candidate holds a word that is neither a request verb, a question word nor a function word."""
    words = {w for group in (candidate.any_of or (candidate.keys,)) for k in group for w in k}
    return any(w not in openers and w not in question_words and not is_function_word(w, language)
               and not w.isdigit() for w in words)


def choose(
    options: Sequence[Candidate], inside: Sequence[Doc], siblings: Sequence[Sequence[Doc]]
) -> list[Candidate]:
    """Candidates best first by weighted separation; a two-request pair when one covers too little."""
    inside = inside if isinstance(inside, IndexedDocs) else IndexedDocs(inside)
    siblings = [docs if isinstance(docs, IndexedDocs) else IndexedDocs(docs) for docs in siblings]
    scored = sorted(((separation(c, inside, siblings) * c.weight, i, c) for i, c in enumerate(options)),
                    key=lambda t: (-t[0], t[1]))
    ranked = [c for _, _, c in scored]
    if ranked and share(ranked[0], inside) < PAIR_BELOW:
        pair, value = _pair(ranked, inside, siblings)
        if pair is not None and value > scored[0][0]:
            ranked.insert(0, pair)
    return ranked


def _pair(
    ranked: Sequence[Candidate], inside: Sequence[Doc], siblings: Sequence[Sequence[Doc]]
) -> tuple[Candidate | None, float]:
    """The best candidate joined with the one that adds the most separation, sharing no word with it."""
    first = ranked[0]
    words = {w for k in first.keys for w in k}
    best, best_gain = None, 0.0
    for other in ranked[1:10]:
        if other.any_of or words & {w for k in other.keys for w in k}:
            continue
        if len(first.text.split()) + len(other.phrase.text.split()) > MAX_PAIR_WORDS:
            continue  # two long requests in one name no longer read as a name
        second = other.phrase.text if other.phrase.key == other.keys[0] and len(other.keys) == 1 else other.text
        pair = Candidate(f"{first.text} and {_lower_first(second)}", first.keys + other.keys, first.phrase,
                         min(first.weight, other.weight) * PAIR_WEIGHT, any_of=(first.keys, other.keys))
        gain = separation(pair, inside, siblings) * pair.weight
        if gain > best_gain:
            best, best_gain = pair, gain
    return best, best_gain


def _lower_first(text: str) -> str:
    """"Book a table" -> "book a table" (a proper noun or acronym keeps its capital)."""
    first = text.split(" ", 1)[0]
    return text if first[1:2].isupper() or (first.isupper() and len(first) > 1) else text[:1].lower() + text[1:]


def name_margins(name_vectors: np.ndarray, own: int, centroids: np.ndarray) -> np.ndarray:
    """How much nearer each embedded name lies to centroid `own` than to the nearest other centroid.

    Cosines, rows and centroids normalised here; > 0 means a reader embedding the name is sent to its
    own cluster. With one centroid every name points home (margin 1).
    """
    vectors = _normalised(name_vectors)
    sims = vectors @ _normalised(centroids).T
    if sims.shape[1] < 2:
        return np.ones(len(vectors), dtype=np.float32)
    others = np.delete(sims, own, axis=1)
    return sims[:, own] - others.max(axis=1)


def pointing_home_first(margins: Sequence[float]) -> list[int]:
    """Candidate positions: those whose name lands nearest its own cluster, in the order the phrase
    separation ranked them (it prefers what users wrote and what reads as a request); then the others,
    the least ambiguous first."""
    home = [i for i, m in enumerate(margins) if m > 0]
    rest = sorted((i for i, m in enumerate(margins) if m <= 0), key=lambda i: (-margins[i], i))
    return home + rest


def _normalised(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
