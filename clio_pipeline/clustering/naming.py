"""Offline cluster names: the phrase users share that best tells a cluster from its nearest siblings.

Clio names a cluster with a short imperative ("Debug Python web application errors"). Offline, with no
model to write one, the name is taken from the requests themselves (`phrases.py`): 1-7 word phrases of
the cluster's summaries that at least `min_users` distinct users wrote, ranked against the nearest
outside summaries. A phrase users open their requests with is already an imperative ("Set an alarm for
tomorrow"); another English phrase gets a frame ("Ask about bank balance" when most requests are
questions, "Help with tax deductions" otherwise); a request verb many requests open with may be joined
to a topic phrase ("Cancel reminder"). Among these candidates the name is the one with the largest
separation from the nearest sibling clusters (`name_choice.py`): never a bare verb, never a vague word
alone. With the pipeline's embedder (`encode`, handed over by `OfflineBackend.cluster_namer(embed)`),
the first of the `N_EMBEDDED` best candidates whose embedded name lies nearer its own centroid than any
other is taken instead, and a cluster none of whose candidates does so also tries the candidates of its
own language and then the last resort below, keeping its name unless one of those lands home: a name is
read by what it says, and a name that reads like a sibling's topic misleads. No two clusters of a run get the same name: a cluster whose best candidate is taken uses its
next one, and so does one whose candidate the privacy pass would empty of its topic word.

Language: a cluster with English members is named from its English members only, in English; a
cluster without any (or whose English members share no publishable phrase) is named from its dominant
other language and tagged with it: "天気予報 [ja]"; the last resort, when no language's members share a
phrase, is a phrase many users wrote across the window among all the cluster's members (no tag). The tag
is an ISO 639-1 code in square brackets at the end of the name (docs/PUBLISHED_SCHEMA.md). The
language of a summary is detected on the text that is named (`summary_en`, where Spanish, French,
German and Portuguese requests are glossed word by word).

The description says, in aggregate, what people ask (the next phrases that many users share) and how
the cluster differs from its two nearest clusters (their names, and the words that set it apart).

Privacy: summaries are scrubbed before they are cut into phrases (a scrubber cannot recognise an
email address from its pieces); every word of a phrase must pass the distinct-users word rule, and the
phrase itself must be written by >= `min_users` distinct users (of the cluster, or of the window for a
phrase the cluster uses at least twice, once in the last resort); a composed name ("Cancel reminder",
"A and B") joins only such phrases; the finished name and description go through the scrubber and the
word rule again. Template words come from code and are
allowed like stop-words (`privacy.word_rule.TEMPLATE_WORDS`). No counts are written into the text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cache, lru_cache
from itertools import chain, islice

import numpy as np
from pydantic import BaseModel

from clio_pipeline.clustering.contrast import cluster_members, nearest_outside, neighbour_clusters
from clio_pipeline.clustering.function_words import has_content, is_function_word, trim_function_words
from clio_pipeline.clustering.name_choice import (
    MAX_SIBLING_DOCS,
    N_SIBLINGS,
    Candidate,
    candidates,
    choose,
    name_margins,
    pointing_home_first,
)
from clio_pipeline.clustering.phrases import (
    Doc,
    Scored,
    analyse,
    count_phrases,
    opener_words,
    overlaps,
    score_phrases,
    window_shared,
)
from clio_pipeline.privacy.policy import FALLBACK_NAME, DisclosurePolicy
from clio_pipeline.privacy.word_rule import WordRule, is_identifying, tokenize_words

MAX_DOCS_PER_CLUSTER = 2000  # enough to estimate phrase shares; keeps huge clusters cheap
N_CONTRAST = 200  # nearest outside summaries a cluster is contrasted with
N_EMBEDDED = 8  # best candidates per cluster whose embedding is compared with the centroids (with `encode`)
ENGLISH = "en"
UNDETERMINED = "und"
ANY_LANGUAGE = "*"
TAG_CODE = re.compile(r"[a-z]{2,3}")
TAG = re.compile(r" \[([a-z]{2,3})\]$")


class ClusterLabel(BaseModel):
    """A cluster's publishable name and description, with its size and how they were made."""

    name: str
    description: str
    n_conversations: int = 0
    n_users: int = 0
    source: str = "offline"  # "offline", "llm", or "llm_fallback" (LLM failed; offline name used)


def _scrubbed(text: str) -> str:
    from clio_pipeline.privacy.scrubber import scrub  # the privacy stage's; imported late

    return scrub(text).text


def publishable(text: str, rule: WordRule) -> str:
    """`text` through the disclosure policy's text rules (PII scrubber, then the publication word rule)."""
    return DisclosurePolicy.publishable_text(text, rule)


@lru_cache(maxsize=200_000)  # the hierarchy names the same summaries again, level after level
def summary_language(text: str) -> str:
    """ISO code of a summary's language ("und" when too short to tell)."""
    from clio_pipeline.facets.language import detect_language

    return detect_language(text)


class SummaryDocs:
    """Summaries cut into phrases on first use, each once per naming run, with their languages."""

    def __init__(self, summaries: Sequence[str], user_ids: Sequence[str], rule: WordRule, *,
                 keys: Sequence[str] | None = None, shared: dict[str, Doc] | None = None) -> None:
        """`keys` (e.g. conversation ids, by position) and `shared`: docs cut by an earlier naming run with the
        same `rule` are taken from `shared` by key, and new ones added to it (the hierarchy's levels)."""
        self.summaries, self.user_ids = summaries, user_ids
        self._docs: dict[int, Doc] = {}
        self._keys, self._shared = keys, shared
        self._languages: dict[int, str] = {}
        self.allows = cache(rule.allows)  # the rule's name and vocabulary models are the slow part

    def language(self, i: int) -> str:
        if i not in self._languages:
            self._languages[i] = summary_language(self.summaries[i])
        return self._languages[i]

    def doc(self, i: int) -> Doc:
        if i not in self._docs:
            key = self._keys[i] if self._keys is not None and self._shared is not None else None
            if key is not None and key in self._shared:
                self._docs[i] = self._shared[key]
                return self._docs[i]
            # Scrub before cutting: once "jane.doe@example.com" is cut into "jane", "doe", "example",
            # no detector can recognise it in the finished name.
            self._docs[i] = analyse(_scrubbed(self.summaries[i]), self.user_ids[i], self.language(i), self.allows)
            if key is not None:
                self._shared[key] = self._docs[i]
        return self._docs[i]

    def naming_members(self, idx: np.ndarray, skip: str = "") -> tuple[str, list[int]]:
        """The language a group is named in, and its members in that language (English when any).

        `skip`: a language whose members gave no publishable phrase; the next language is tried
        (`ANY_LANGUAGE`: all members, named in no one language).
        """
        if skip == ANY_LANGUAGE:  # the last resort: every member, the name in no one language (no tag)
            return UNDETERMINED, [int(i) for i in idx]
        languages = [self.language(int(i)) for i in idx]
        if ENGLISH in languages and skip != ENGLISH:
            return ENGLISH, [int(i) for i, lang in zip(idx, languages, strict=True) if lang == ENGLISH]
        known = [lang for lang in languages if lang not in (UNDETERMINED, skip)] or languages
        dominant = Counter(known).most_common(1)[0][0]
        return dominant, [int(i) for i, lang in zip(idx, languages, strict=True) if lang == dominant]


def _same_language(language: str, naming: str) -> bool:
    """Whether a summary in `language` is compared with a cluster named in `naming` (all: no one language)."""
    return naming == UNDETERMINED or language == naming


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


# Phrases are cut from running text, so an English name can end in a possessive ("credit card's") or
# keep the article of a word the cut removed ("Make a itinerary"). "a" before a written vowel becomes
# "an", except before "eu"/"u" (a euro, a user), which are said with a consonant.
_A_BEFORE_VOWEL = re.compile(r"\b([Aa]) (?=[aioAIO]|[eE](?![uU]))")
_TRAILING_POSSESSIVE = re.compile(r"(?<=\w)['’]s$")


def english_grammar(name: str) -> str:
    """An English name with its article agreeing and no dangling possessive."""
    return _TRAILING_POSSESSIVE.sub("", _A_BEFORE_VOWEL.sub(r"\1n ", name))


def language_tag(language: str) -> str:
    """" [ja]" for a name in another language than English; nothing for English or unknown.

    The tag is added after the word rule, which would count "ru" as a word no user wrote; a code the
    blocking check could take for a name fragment is left off rather than stop publication.
    """
    code = language.split("-")[0].lower()
    if code in (ENGLISH, UNDETERMINED, "") or not TAG_CODE.fullmatch(code) or is_identifying(code):
        return ""
    return f" [{code}]"


def split_tag(name: str) -> tuple[str, str]:
    """(name without its language tag, the tag or "")."""
    match = TAG.search(name)
    if match is None or not language_tag(match.group(1)):
        return name, ""
    return name[: match.start()], match.group(0)


def finish_name(text: str, language: str, rule: WordRule) -> str:
    """A publishable name: scrubbed, filtered, no trailing function word, some content, tagged."""
    name = trim_function_words(publishable(_sentence_case(text), rule), language)
    if language == ENGLISH:
        name = english_grammar(name)
    if not name or not has_content(name, language):
        return FALLBACK_NAME
    return name + language_tag(language)


def keeps_words(name: str, text: str, language: str) -> bool:
    """Whether the finished `name` still holds every content word of `text`.

    The privacy pass may drop a word a phrase was chosen for ("Help with Erinnerung" -> "Help"); such
    a name says less than the phrase did and may be only a frame, so the next candidate is taken.
    """
    kept = {_TRAILING_POSSESSIVE.sub("", w) for w in tokenize_words(split_tag(name)[0])}
    return all(_TRAILING_POSSESSIVE.sub("", w) in kept for w in tokenize_words(text) if not is_function_word(w, language))


def phrase_as_request(phrase: Scored, language: str, question_share: float,
                      openers: frozenset[str] = frozenset()) -> str:
    """The phrase as a request: openers as written; other English phrases framed.

    A phrase that starts with a word the window's requests open with ("cross the river", "solve") is a
    request already, wherever it stood: "Help with cross the river" would not read as English.
    """
    if phrase.opener or language != ENGLISH or phrase.key[0] in openers:
        return phrase.text
    return f"{'Ask about' if question_share >= 0.5 else 'Help with'} {phrase.text}"


# English words that open a question (general knowledge): such requests are framed "Ask about ...".
_QUESTION_OPENERS_TEXT = """what what's whats how how's why when where who whom whose which is are am was were can
    could do does did will would should shall may might"""
QUESTION_OPENERS = frozenset(_QUESTION_OPENERS_TEXT.split())


def _question_share(texts: Sequence[str]) -> float:
    """Share of requests that are questions: opened by a question word, or ended by a question mark."""
    def is_question(text: str) -> bool:
        words = text.strip().lower().split()
        return text.rstrip().endswith("?") or bool(words and words[0] in QUESTION_OPENERS)

    return sum(map(is_question, texts)) / max(len(texts), 1)


def describe(ranked: Sequence[Scored], chosen: Scored | None, neighbours: Sequence[str], rule: WordRule) -> str:
    """What people ask, in shared phrases, and what sets the cluster apart from its nearest clusters."""
    if chosen is None:
        return publishable("No phrase of these requests is shared by enough people to describe them.", rule)
    examples = [chosen]
    for phrase in ranked:
        if len(examples) == 3:
            break
        if len(phrase.key) > 1 and not any(overlaps(phrase.key, e.key) for e in examples):
            examples.append(phrase)
    quoted = ", ".join(f'"{p.text}"' for p in examples)
    text = f"People ask: {quoted}."
    taken = {w for e in examples[:1] for w in e.key}
    words = [p.text for p in ranked if len(p.key) == 1 and p.key[0] not in taken][:3]
    if neighbours:
        text += f" Unlike the nearest clusters ({'; '.join(neighbours)})"
        text += f", these requests mention {', '.join(words)}." if words else "."
    return publishable(text, rule)


def _valid_names(options: Iterable[Candidate], language: str, rule: WordRule) -> Iterator[tuple[str, Candidate]]:
    """Finished names of the candidates, best first: publishable, still holding their content words, distinct."""
    seen: set[str] = set()
    for option in options:
        name = finish_name(option.text, language, rule)
        if name != FALLBACK_NAME and keeps_words(name, option.text, language) and name.casefold() not in seen:
            seen.add(name.casefold())
            yield name, option


def _point_home(
    offered: dict[int, tuple[list[tuple[str, Candidate]], Iterator[tuple[str, Candidate]]]],
    encode: Callable[[list[str]], np.ndarray],
    centroids: np.ndarray,
    present: list[int],
) -> dict[int, list[float]]:
    """Reorder each cluster's first candidates so that names landing nearest their own centroid come first;
    their margins (`name_choice.name_margins`), in the new order.

    One batch for all clusters: a few short names per cluster, small next to the window's embedding.
    """
    texts = [name for head, _ in offered.values() for name, _ in head]
    if not texts:
        return {}
    out: dict[int, list[float]] = {}
    vectors = np.asarray(encode(texts), dtype=np.float32)
    position = {c: i for i, c in enumerate(present)}
    own_centroids = centroids[present]
    start = 0
    for cluster, (head, rest) in offered.items():
        margins = name_margins(vectors[start:start + len(head)], position[cluster], own_centroids)
        start += len(head)
        order = pointing_home_first([float(m) for m in margins])
        offered[cluster] = ([head[i] for i in order], rest)
        out[cluster] = [float(margins[i]) for i in order]
    return out


def name_clusters_offline(
    summaries: Sequence[str],
    user_ids: Sequence[str],
    labels: np.ndarray,
    embeddings: np.ndarray,
    centroids: np.ndarray,
    *,
    min_users: int,
    n_contrast: int = N_CONTRAST,
    rule: WordRule | None = None,
    encode: Callable[[list[str]], np.ndarray] | None = None,
) -> dict[int, ClusterLabel]:
    """A phrase name and an aggregate description for every cluster id present in `labels`.

    `rule` defaults to the distinct-users word rule over `summaries`/`user_ids` with `min_users`.
    `encode`: the pipeline's embedder (texts -> vectors in the space of `centroids`); with it, among a
    cluster's `N_EMBEDDED` best candidates the first whose embedding lies nearest its own centroid is
    taken (`name_choice.pointing_home_first`); without it, the best by phrase separation.
    """
    if not (len(summaries) == len(user_ids) == len(labels) == len(embeddings)):
        raise ValueError("summaries, user_ids, labels and embeddings must have the same length")
    rule = rule or WordRule.from_texts(summaries, user_ids, min_users)
    embeddings = np.asarray(embeddings, dtype=np.float32)
    centroids = np.asarray(centroids, dtype=np.float32)
    members = cluster_members(labels)
    docs = SummaryDocs(summaries, user_ids, rule)
    rng = np.random.default_rng(0)

    samples = {c: idx if len(idx) <= MAX_DOCS_PER_CLUSTER else rng.choice(idx, MAX_DOCS_PER_CLUSTER, replace=False)
               for c, idx in members.items()}
    ranked: dict[int, list[Scored]] = {}
    present = sorted(members)
    names: dict[int, str] = {}
    chosen_phrase: dict[int, Scored | None] = {}
    margin: dict[int, float] = {}  # with `encode`: how far nearer its own centroid the name lies (> 0: home)
    used: set[str] = set()
    # English members first; a cluster they cannot name tries its own language, then all its members. With
    # `encode`, so does a cluster whose name lands nearer another cluster: a name of a later round replaces
    # it only when that one lands home ("Tutte le sveglie [it]" over an English "Show alarms").
    for skip in ("", ENGLISH, ANY_LANGUAGE):
        todo = [c for c in members if names.get(c, FALLBACK_NAME) == FALLBACK_NAME or margin.get(c, 1.0) <= 0]
        language, chosen = {}, {}
        for cluster in todo:
            language[cluster], chosen[cluster] = docs.naming_members(np.sort(samples[cluster]), skip=skip)
        all_docs = [docs.doc(i) for ids in chosen.values() for i in ids]
        openers = opener_words(all_docs, min_users)
        stats = {c: count_phrases([docs.doc(i) for i in chosen[c]]) for c in todo}
        # The last resort may take a phrase one request of the cluster uses when many users of the window
        # wrote it: a cluster of one request in many languages has no phrase twice, and no name otherwise.
        min_docs = 1 if skip == ANY_LANGUAGE else 2
        shared = window_shared(stats.values(), all_docs, min_users, min_docs=min_docs)
        # Every cluster's candidates first (best first), then larger clusters choose first; a name another
        # cluster already has goes to the next candidate.
        offered: dict[int, tuple[list[tuple[str, Candidate]], Iterator[tuple[str, Candidate]]]] = {}
        round_ranked: dict[int, list[Scored]] = {}
        for cluster in todo:
            lang, inside = language[cluster], [docs.doc(i) for i in chosen[cluster]]
            outside = [int(i) for i in nearest_outside(cluster, members, embeddings, centroids, n_contrast)
                       if _same_language(docs.language(int(i)), lang)]
            round_ranked[cluster] = score_phrases(inside, [docs.doc(i) for i in outside], min_users=min_users,
                                                  openers=openers, stats=stats[cluster], shared=shared,
                                                  min_docs=min_docs, contrastive=skip != ANY_LANGUAGE)
            question_share = _question_share([summaries[i] for i in chosen[cluster]])
            options = candidates(round_ranked[cluster], inside, openers=openers, question_words=QUESTION_OPENERS,
                                 language=lang, as_request=lambda p, lang=lang, q=question_share, o=openers:
                                 phrase_as_request(p, lang, q, o))
            siblings = [[docs.doc(int(i)) for i in samples[s] if _same_language(docs.language(int(i)), lang)]
                        [:MAX_SIBLING_DOCS] for s in neighbour_clusters(cluster, centroids, present, N_SIBLINGS)]
            valid = _valid_names(choose(options, inside, siblings), lang, rule)
            offered[cluster] = (list(islice(valid, N_EMBEDDED if encode is not None else 0)), valid)
        margins = _point_home(offered, encode, centroids, present) if encode is not None else {}
        for cluster in sorted(todo, key=lambda c: (-len(members[c]), c)):
            current = names.get(cluster, FALLBACK_NAME)
            if current == FALLBACK_NAME:  # the description quotes the last round's phrases when none names it
                names[cluster], chosen_phrase[cluster], ranked[cluster] = FALLBACK_NAME, None, round_ranked[cluster]
            head, rest = offered[cluster]
            for position, (name, option) in enumerate(chain(head, rest)):
                if name.casefold() in used:
                    continue
                lands = margins[cluster][position] if position < len(margins.get(cluster, ())) else -2.0
                if current != FALLBACK_NAME and lands <= 0:
                    break  # a name it has stays unless this round's lands home
                used.discard(current.casefold())
                names[cluster], chosen_phrase[cluster], ranked[cluster] = name, option.phrase, round_ranked[cluster]
                margin[cluster] = lands if encode is not None else 1.0
                used.add(name.casefold())
                break

    result: dict[int, ClusterLabel] = {}
    for cluster, idx in members.items():
        # Neighbours by name, without their language tags (which the word rule would strip to "[]").
        near = [split_tag(names[c])[0] for c in neighbour_clusters(cluster, centroids, present, 2)
                if names[c] != FALLBACK_NAME]
        result[cluster] = ClusterLabel(
            name=names[cluster],
            description=describe(ranked[cluster], chosen_phrase[cluster], near, rule),
            n_conversations=len(idx),
            n_users=len({user_ids[int(i)] for i in idx}),
        )
    return result
