"""Offline, contrastive cluster names: class-based TF-IDF against the nearest outside summaries.

For each cluster, a term (a content word, or two adjacent content words) scores
    p_in · log((p_in + a) / (p_out + a)),
where p_in is the share of the cluster's summaries containing the term, p_out its share among the
`n_contrast` summaries outside the cluster nearest to its centroid, and a = 1/(n_contrast + 2)
smooths. Words every summary uses ("user", "asks", "help") are as common next door and score ~0;
words that set the cluster apart from its neighbours score high. The top 2-3 non-overlapping terms
(a bigram replaces its own unigram when nearly as strong) are put in the order they usually take in
the summaries, in their usual casing, and joined into a sentence-case phrase:
"Python debugging, KeyError and pandas".

Privacy: summaries are scrubbed before they are cut into terms (a scrubber cannot recognise an email
address from its pieces), only words that the distinct-users word rule allows (used by >= `min_users`
users of the given summaries) can become terms, digits-only tokens never do, and every name and
description goes through the PII scrubber and the word rule again before it is returned.

The description is templated: "Conversations about <phrase>. Typical request: <the most central
summary, filtered>". Counts are carried as fields (`n_conversations`, `n_users`) rather than written
into the text, because digits in published text are words to the word rule and the privacy auditor.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Collection, Sequence

import numpy as np
from pydantic import BaseModel

from clio_pipeline.clustering.contrast import cluster_members, nearest_inside, nearest_outside
from clio_pipeline.privacy.policy import FALLBACK_NAME, DisclosurePolicy
from clio_pipeline.privacy.word_rule import STOPWORDS, TEMPLATE_WORDS, WordRule, tokenize_surface

MAX_DOCS_PER_CLUSTER = 2000  # enough to estimate term shares; keeps huge clusters cheap


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


# Words that say how people ask, not what about ("give", "better", "always"): never a cluster's name.
_REQUEST_WORDS_TEXT = """
    give gives giving make makes making help helps need needs want wants wanted like would could should can
    get gets getting go goes going see tell show use using find create provide suggest know think
    answer answers solve explain explains describe better best good great nice always never also just
    really very much many more most some any thing things something anything way ways one two first
    new please thanks thank hi hello hey ok okay sure well still even quite maybe lot lots kind sort
    run let lets try trying look looking what whats what's how why which
"""
REQUEST_WORDS = frozenset(_REQUEST_WORDS_TEXT.split())


def _content_terms(text: str, rule: WordRule) -> tuple[list[tuple[str, str] | None], set[str]]:
    """Per-token (surface, word) or None for non-content tokens; and the set of uni/bigram terms."""
    tokens: list[tuple[str, str] | None] = []
    for surface, word in tokenize_surface(text):
        is_content = (
            word not in STOPWORDS and word not in TEMPLATE_WORDS and word not in REQUEST_WORDS
            and not word.isdigit() and len(word) > 1 and rule.allows(word)
        )
        tokens.append((surface, word) if is_content else None)
    terms = {t[1] for t in tokens if t is not None}
    for left, right in itertools.pairwise(tokens):
        if left is not None and right is not None and left[1] != right[1]:
            terms.add(f"{left[1]} {right[1]}")
    return tokens, terms


def _select_terms(scores: dict[str, float], max_terms: int = 3) -> list[str]:
    """Top terms without repeating a word; a bigram replaces its unigram when >= 50% as strong."""
    picked: list[str] = []
    ranked = sorted(scores, key=lambda t: (-scores[t], t))
    top = scores[ranked[0]] if ranked else 0.0
    for term in ranked[:40]:
        if scores[term] <= 0 or scores[term] < 0.2 * top:
            break
        words = set(term.split())
        overlapping = [p for p in picked if words & set(p.split())]
        if not overlapping:
            if len(picked) < max_terms:
                picked.append(term)
            continue
        upgrades_unigram = len(overlapping) == 1 and " " in term and " " not in overlapping[0]
        if upgrades_unigram and scores[term] >= 0.5 * scores[overlapping[0]]:
            picked[picked.index(overlapping[0])] = term
    return picked


def _order_and_case(terms: list[str], docs_tokens: list[list[tuple[str, str] | None]]) -> list[str]:
    """Terms in their typical order of first appearance, each word in its most common casing."""
    position: dict[str, list[float]] = {t: [] for t in terms}
    surfaces: dict[str, Counter[str]] = {w: Counter() for t in terms for w in t.split()}
    for tokens in docs_tokens[:300]:
        words = [t[1] if t is not None else None for t in tokens]
        for token in tokens:
            if token is not None and token[1] in surfaces:
                surfaces[token[1]][token[0]] += 1
        for term in terms:
            first = term.split()[0]
            for i, w in enumerate(words):
                if w == first and (" " not in term or (i + 1 < len(words) and f"{w} {words[i + 1]}" == term)):
                    position[term].append(i / max(len(words), 1))
                    break
    ordered = sorted(terms, key=lambda t: (float(np.median(position[t])) if position[t] else 1.0, t))
    return [
        " ".join(surfaces[w].most_common(1)[0][0] if surfaces[w] else w for w in t.split()) for t in ordered
    ]


def _join(parts: list[str]) -> str:
    """"a", "a and b", "a, b and c"."""
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} and {parts[-1]}"


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def name_clusters_offline(
    summaries: Sequence[str],
    user_ids: Sequence[str],
    labels: np.ndarray,
    embeddings: np.ndarray,
    centroids: np.ndarray,
    *,
    min_users: int,
    n_contrast: int = 50,
    rule: WordRule | None = None,
    only: Collection[int] | None = None,
) -> dict[int, ClusterLabel]:
    """A contrastive, privacy-filtered name and description for every cluster id present in `labels`
    (or for those of `only`: the others then serve only as neighbours to contrast with).

    `rule` defaults to the distinct-users word rule over `summaries`/`user_ids` with `min_users`.
    """
    if not (len(summaries) == len(user_ids) == len(labels) == len(embeddings)):
        raise ValueError("summaries, user_ids, labels and embeddings must have the same length")
    rule = rule or WordRule.from_texts(summaries, user_ids, min_users)
    embeddings = np.asarray(embeddings, dtype=np.float32)
    centroids = np.asarray(centroids, dtype=np.float32)
    members = cluster_members(labels)
    analysed: dict[int, tuple[list[tuple[str, str] | None], set[str]]] = {}

    def analyse(i: int) -> tuple[list[tuple[str, str] | None], set[str]]:
        if i not in analysed:
            # Scrub before splitting into terms: once "jane.doe@example.com" is cut into "jane", "doe",
            # "example", no detector can recognise it in the finished name.
            analysed[i] = _content_terms(_scrubbed(summaries[i]), rule)
        return analysed[i]

    result: dict[int, ClusterLabel] = {}
    for cluster, idx in members.items():
        if only is not None and cluster not in only:
            continue
        # A sample per cluster, seeded by the cluster: a cluster's name must not depend on which other
        # clusters are named in the same call (stream.name_in_groups names a group at a time).
        rng = np.random.default_rng(cluster)
        inside = idx if len(idx) <= MAX_DOCS_PER_CLUSTER else rng.choice(idx, MAX_DOCS_PER_CLUSTER, replace=False)
        outside = nearest_outside(cluster, members, embeddings, centroids, n_contrast)
        in_counts = Counter(t for i in inside for t in analyse(int(i))[1])
        out_counts = Counter(t for i in outside for t in analyse(int(i))[1])
        smoothing = 1.0 / (len(outside) + 2)
        min_docs = 2 if len(inside) >= 4 else 1  # a term of a single summary says little about a cluster
        scores: dict[str, float] = {}
        for term, count in in_counts.items():
            if count < min_docs:
                continue
            p_in, p_out = count / len(inside), out_counts.get(term, 0) / max(len(outside), 1)
            score = p_in * math.log((p_in + smoothing) / (p_out + smoothing))
            scores[term] = score * (1.15 if " " in term else 1.0)  # bigrams read better
        ranked = _select_terms(scores, max_terms=8)
        terms = ranked[:3]
        ordered_docs = [analyse(int(i))[0] for i in nearest_inside(cluster, members, embeddings, centroids, 300)]
        about = publishable(_join(_order_and_case(terms, ordered_docs)), rule)
        name = _sentence_case(about) or FALLBACK_NAME
        # Aggregate words only: quoting one member's request, even filtered word by word, would show
        # analysts a single person's sentence.
        description = f"Conversations about {about or 'mixed topics'}."
        related = publishable(", ".join(ranked[3:]), rule)
        if related:
            description += f" Also characteristic: {related}."
        result[cluster] = ClusterLabel(
            name=name,
            description=rule.filter_text(description),
            n_conversations=len(idx),
            n_users=len({user_ids[int(i)] for i in idx}),
        )
    return result
