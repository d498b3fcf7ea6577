"""Names for parent clusters, and the privacy pass every hierarchy name goes through.

Offline, a parent is named for what its children share, not after one of them: from the phrases of
its summaries (`clustering.phrases`, the same rules as base names: every word publishable, each phrase
written by >= `min_users` users of the parent, contrast against the sibling parents of its level),
the topic phrase (up to three words, not a request verb) that covers most of the children, and when
it leaves children uncovered, a second one that covers them: "Alarm and timer", "Credit card and bank
account". A parent name never repeats a child's. English members name a parent when it has any; else
its dominant language does, and the name is tagged ("天気 [ja]"). The description lists the clusters
it covers. `publishable` applies the scrubber and the word rule again to every name either backend
produces, because an LLM may copy a rare word from a child description and a name is published as-is.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np

from clio_pipeline.clustering.contrast import cluster_members, neighbour_clusters
from clio_pipeline.clustering.function_words import is_vague
from clio_pipeline.clustering.name_choice import name_margins, pointing_home_first
from clio_pipeline.clustering.naming import (
    ENGLISH,
    MAX_DOCS_PER_CLUSTER,
    SummaryDocs,
    finish_name,
    keeps_words,
    split_tag,
)
from clio_pipeline.clustering.phrases import Doc, Key, Scored, opener_words, score_phrases
from clio_pipeline.hierarchy.texts import Summaries, as_summaries
from clio_pipeline.hierarchy.tree import TreeNode
from clio_pipeline.privacy.policy import FALLBACK_NAME, DisclosurePolicy, drop_dangling_function_words


class NamePrivacy:
    """The disclosure policy's text rules over the window's summaries, with the word rule built once per tree."""

    def __init__(
        self, summaries: Summaries | Mapping[str, str], users: Mapping[str, str], min_users: int
    ) -> None:
        # Streamed from the warehouse for a real window: the rule counts every summary, no text is kept.
        self.rule = as_summaries(summaries, users).word_rule(min_users)

    def publishable(self, text: str) -> str:
        """`text` scrubbed of PII and stripped of words the publication rule does not allow."""
        return DisclosurePolicy.publishable_text(text, self.rule)

    def name_and_description(self, name: str, description: str) -> tuple[str, str]:
        """A publishable (name, description); a name emptied by the filters gets the neutral fallback."""
        base, tag = split_tag(name)  # the language tag is code, not words: it is added after the rule
        filtered = drop_dangling_function_words(self.publishable(base))
        return (filtered + tag if filtered else FALLBACK_NAME), self.publishable(description)


COVER_SHARE = 0.1  # a child is covered by a phrase that at least this share of its requests use
ONE_PHRASE_COVER = 0.9  # a phrase covering this share of a parent's conversations names it alone
MAX_TOPIC_WORDS = 3
OUTSIDE_PER_PARENT = 200  # members of each neighbouring parent a name is contrasted with
# Summaries cut into phrases for one level's names, all parents together: below it every parent keeps its
# MAX_DOCS_PER_CLUSTER sample (exactly the names of reading them all); above it each parent's share is
# smaller (at least MIN_DOCS_PER_PARENT), so a level of a huge window costs a bounded number of documents.
NAMING_DOCS = 200_000
MIN_DOCS_PER_PARENT = 100
N_NAME_STARTS = 5  # candidate names per parent: the cover name from each of the best phrases on


def _covered(key: Key, children: Sequence[list[Doc]]) -> set[int]:
    """The children in which at least `COVER_SHARE` of the requests (and two) use the phrase."""
    return {c for c, docs in enumerate(children)
            if docs and sum(key in d.phrases for d in docs) >= max(2.0, COVER_SHARE * len(docs))}


def _topics(ranked: Sequence[Scored], language: str) -> list[Scored]:
    """Topic phrases (not request openers, up to three words, no vague word alone), best score first."""
    return sorted((p for p in ranked if not p.opener and len(p.key) <= MAX_TOPIC_WORDS
                   and not (len(p.key) == 1 and is_vague(p.key[0], language))), key=lambda p: (-p.score, p.text))


def cover_name(ranked: Sequence[Scored], children: Sequence[list[Doc]], language: str) -> str:
    """One or two topic phrases that together cover the most children (weighted by size)."""
    topics = _topics(ranked, language)[:60]
    if not topics:
        return ""
    sizes = [len(docs) for docs in children]
    total = max(sum(sizes), 1)
    cover = {p.key: _covered(p.key, children) for p in topics}

    def share(children_ids: set[int]) -> float:
        return sum(sizes[c] for c in children_ids) / total

    first = max(topics, key=lambda p: (p.score * (0.5 + share(cover[p.key])), p.text))
    if share(cover[first.key]) >= ONE_PHRASE_COVER:
        return first.text
    rest = [p for p in topics if not set(p.key) & set(first.key) and cover[p.key] - cover[first.key]]
    if not rest:
        return first.text
    second = max(rest, key=lambda p: (p.score * share(cover[p.key] - cover[first.key]), p.text))
    joiner = " and " if language == ENGLISH else ", "
    return f"{first.text}{joiner}{second.text}"


def per_parent_docs(sizes: Sequence[int]) -> int:
    """How many of each parent's members its name is made from: `MAX_DOCS_PER_CLUSTER`, unless the level's
    samples would then add up to more than `NAMING_DOCS`, then an equal share of that budget."""
    if sum(min(size, MAX_DOCS_PER_CLUSTER) for size in sizes) <= NAMING_DOCS:
        return MAX_DOCS_PER_CLUSTER
    return max(MIN_DOCS_PER_PARENT, min(MAX_DOCS_PER_CLUSTER, NAMING_DOCS // max(len(sizes), 1)))


def name_parents_offline(
    parents: Sequence[TreeNode],
    *,
    children: Sequence[Sequence[TreeNode]],
    summaries: Summaries | Mapping[str, str],
    users: Mapping[str, str],
    min_users: int,
    privacy: NamePrivacy,
    encode: Callable[[list[str]], np.ndarray] | None = None,
    doc_cache: dict[str, Doc] | None = None,
) -> list[tuple[str, str]]:
    """(name, description) for each parent, covering its `children`, contrastive against its siblings.

    Only the summaries the names are made from are read: each parent's sample of at most
    `MAX_DOCS_PER_CLUSTER` members (fewer when a level would exceed `NAMING_DOCS`: `per_parent_docs`) and
    the first `OUTSIDE_PER_PARENT` members of every parent (the contrast set of its neighbours), fetched
    in one batch from `summaries` (the warehouse, for a real window). While a level stays within
    `NAMING_DOCS`, the samples and names are those of reading every summary.

    `encode`: the pipeline's embedder; with it, the first candidate name whose embedding lies nearest the
    parent's own centroid among the parents of its level is taken (as for base names).
    `doc_cache`: summaries already cut into phrases by an earlier level (by conversation id, same `privacy`
    rule); every level of a tree reads most of the same summaries, and cutting them is most of its cost.
    """
    source = as_summaries(summaries, users)
    member_ids: list[str] = []
    user_ids: list[str] = []
    child_of: list[int] = []
    parent_of: list[int] = []
    for index, kids in enumerate(children):
        for child_index, child in enumerate(kids):
            for conversation_id in source.with_text(sorted(child.conversation_ids)):
                member_ids.append(conversation_id)
                user_ids.append(users[conversation_id])
                child_of.append(child_index)
                parent_of.append(index)
    if not member_ids:
        return [(FALLBACK_NAME, "") for _ in parents]
    rng = np.random.default_rng(0)
    members = cluster_members(np.asarray(parent_of, dtype=np.int64))
    cap = per_parent_docs([len(idx) for idx in members.values()])
    samples: dict[int, np.ndarray] = {}
    for index, idx in members.items():
        sample = idx if len(idx) <= cap else rng.choice(idx, cap, replace=False)
        samples[index] = np.sort(sample)
    wanted = sorted({int(i) for sample in samples.values() for i in sample}
                    | {int(i) for idx in members.values() for i in idx[:OUTSIDE_PER_PARENT]})
    fetched = source.fetch([member_ids[i] for i in wanted])
    # SummaryDocs reads a summary by position only when it cuts it: the positions not fetched are never read.
    texts = {i: fetched[member_ids[i]] for i in wanted}
    docs = SummaryDocs(texts, user_ids, privacy.rule, keys=member_ids, shared=doc_cache)  # type: ignore[arg-type]
    chosen = {index: docs.naming_members(sample) for index, sample in samples.items()}
    openers = opener_words((docs.doc(i) for _, ids in chosen.values() for i in ids), min_users)
    centroids = np.stack([np.asarray(p.centroid, dtype=np.float32) for p in parents])
    offered: dict[int, list[str]] = {}
    descriptions: dict[int, str] = {}
    for index in sorted(chosen):
        kids = sorted(children[index], key=lambda c: (-c.n_conversations, c.cluster_id))
        language, ids = chosen[index]
        outside = [i for near in neighbour_clusters(index, centroids, sorted(members), 8)
                   for i in members[near][:OUTSIDE_PER_PARENT].tolist() if docs.language(i) == language]
        ranked = score_phrases([docs.doc(i) for i in ids], [docs.doc(i) for i in outside],
                               min_users=min_users, openers=openers, extend=False)
        by_child = [[docs.doc(i) for i in ids if child_of[i] == c] for c in range(len(children[index]))]
        child_names = {_untagged(c.name) for c in children[index]}
        covers = "; ".join(c.name for c in kids[:4] if c.name and c.name != FALLBACK_NAME)
        descriptions[index] = f"Covers clusters such as: {covers}." if covers else ""
        offered[index] = []
        # The cover names from each of the best phrases on (a name may repeat a child or a sibling), then,
        # for the embedder to choose from, the best topic phrases that alone cover every child.
        phrases = [cover_name(ranked[start:], by_child, language) for start in range(min(len(ranked), N_NAME_STARTS))]
        every = {c for c, kid_docs in enumerate(by_child) if kid_docs}
        phrases += [p.text for p in _topics(ranked, language)[:60] if _covered(p.key, by_child) >= every][:N_NAME_STARTS]
        for text in phrases:
            candidate = privacy.name_and_description(finish_name(text, language, privacy.rule), "")[0]
            if (candidate != FALLBACK_NAME and keeps_words(candidate, text, language)
                    and _untagged(candidate) not in child_names and candidate not in offered[index]):
                offered[index].append(candidate)
    if encode is not None:
        _point_home(offered, encode, centroids)
    used: set[str] = set()
    result: list[tuple[str, str]] = []
    for index in range(len(parents)):
        if index not in chosen:
            result.append((FALLBACK_NAME, ""))
            continue
        name = next((c for c in offered[index] if c.casefold() not in used), FALLBACK_NAME)
        used.add(name.casefold())
        result.append(privacy.name_and_description(name, descriptions[index]))
    return result


def _point_home(offered: dict[int, list[str]], encode: Callable[[list[str]], np.ndarray], centroids: np.ndarray) -> None:
    """Each parent's candidate names reordered: those whose embedding lies nearest its own centroid among the
    parents of its level first (in their order), one batch for the level."""
    texts = [name for names in offered.values() for name in names]
    if not texts:
        return
    vectors = np.asarray(encode(texts), dtype=np.float32)
    start = 0
    for index, names in offered.items():
        margins = name_margins(vectors[start:start + len(names)], index, centroids)
        start += len(names)
        offered[index] = [names[i] for i in pointing_home_first(list(margins))]


def _untagged(name: str) -> str:
    return split_tag(name)[0].casefold()
