"""Stable topics across days: matching to the previous day, lineage and names.

Each partition clusters its trailing window from scratch, so a base cluster id (`20260107-L0-0003`)
means nothing the next day. This module gives every base cluster a stable `topic_id` that carries
over while the cluster continues:

1. Before matching, `clustering.warm` holds k steady, starts k-means from the previous day's
   centroids and splits off new content (see there).
2. Matching (`track_topics`). Today's clusters are matched one-to-one to the previous day's by the
   Hungarian algorithm on centroid cosine similarity; a pair continues a topic when its cosine is at
   least `MATCH_COSINE` and its members do not contradict it (the previous topic brings at least
   `MIN_OWN_SHARE` of the conversations today's cluster carries over), or when its members say so:
   the conversations the two share are a majority of the previous cluster's conversations still in
   the window, a majority of today's cluster's conversations that were in yesterday's window, and at
   least `MIN_CARRIED` of today's cluster (small clusters and short windows have noisy centroids;
   their members are not noisy). A cluster of content that arrived today (it carries over far less
   than the day does on average, `MIN_RELATIVE_CARRIED`) continues nothing. Among the allowed pairs the assignment maximises centroid cosine
   plus member overlap (the Jaccard index of the previous cluster's conversations still in the window
   and today's cluster's conversations that were clustered yesterday): when a topic splits, the child
   holding most of its members keeps its id, even if a smaller child's centroid happens to sit nearer
   the old one, so the fewest conversations change id; when the children hold about as many, the one
   made mostly of the old topic keeps it, not the one that also took in other topics' conversations
   (centroid cosines of such children differ by less than 0.01, so they cannot decide); the other
   child is a *split* (4). A matched cluster keeps the topic id.
3. Revival. A cluster nothing continued is matched, by the same rules and Hungarian again, against the
   *dormant* topics: those that ended (died or merged) after the previous day's window began, with their
   last day's centroid and members. k-means can absorb a topic into a neighbour for a day or two and
   separate it again; while its content is still in the window, the cluster that holds it again is the
   same topic, so it takes the old id back (a *revive* event) instead of a new one. Past the window the
   content it had is gone and a cluster like it is new content.
4. Lineage. An unmatched cluster of today is a *split* of the topic most of its members belonged to
   the day before, when at least half of its members were in the previous window and at least half of
   those came from one previous cluster; otherwise a *birth*. An unmatched previous topic *merges*
   into the cluster that took at least half of its members still in the window; otherwise it *dies*.
   New topics get `T<yyyymmdd>-<nnnn>` ids, numbered in cluster order, so a re-run of a day with the
   same input and the same previous day gives the same ids.
5. Names (`carry_names`). A continuing topic keeps the name and description it was given while its
   content has not moved: its centroid today has cosine >= `NAME_KEEP_COSINE` with the centroid it had
   when it was named (its anchor, so slow drift adds up and does trigger a rename), and the kept text
   still passes today's privacy word rule. Otherwise it takes today's fresh name and a new anchor,
   and a *rename* event is recorded.

The thresholds are cosines between L2-normalised centroids of sentence embeddings; see
`MATCH_COSINE` and `NAME_KEEP_COSINE` for how they were chosen. Nothing here touches DuckDB.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np

# A previous and a current cluster continue one topic only if their centroids have at least this
# cosine. Measured on real data (Banking77, 35 sliding 7-day windows of a shuffled stream, MiniLM): a
# cluster matched to itself the next day has cosine >= 0.97 in 99% of cases, while a centroid's nearest
# *other* centroid has a median of 0.73 and a 99th percentile of 0.86. 0.9 sits between the two.
MATCH_COSINE = 0.9
# A kept name must still describe the cluster: its centroid must stay within this cosine of the
# centroid it had when it was named. On the same Banking77 run, 95% of topic-days stay above 0.88
# from their first day's centroid; 0.92 renames a topic once it has moved about a third of the way
# (1 - 0.92 against 1 - 0.73) towards a typical neighbour.
NAME_KEEP_COSINE = 0.92
# Share of members that makes a previous cluster the origin of a split, or a current one the
# destination of a merge (and, both ways, a continuation by members).
LINEAGE_SHARE = 0.5
# A continuation by members needs at least this share of today's cluster to be conversations that were
# clustered yesterday too; a cluster of mostly new conversations is new content.
MIN_CARRIED = 1 / 3
# When the windows overlap, a cluster that carries over less than this share of what the day carries on
# average (its share of conversations clustered yesterday too, against the whole window's) is content that
# arrived today: it is a new topic, whatever its centroid is near. On the generator's 5-day topics run a
# cluster of 38 conversations, all new, revived a dormant topic of other content at cosine 0.93; centroid
# cosines of the multilingual embedder sit above 0.9 for much unrelated content. Relative to the day,
# not absolute: after a first day with little data every cluster carries little.
MIN_RELATIVE_CARRIED = 1 / 3
# A continuation by centroid needs the previous topic to bring at least this share of the conversations
# today's cluster carries over from yesterday (when it carries enough to judge, `MIN_CARRIED`). On the
# generator's small multilingual days, a 2-conversation topic's centroid was moved onto half of a
# 117-conversation topic plus a new one and kept its id by cosine alone; a genuine continuation or a
# merge brings far more than a third.
MIN_OWN_SHARE = 1 / 3

BIRTH, SPLIT, MERGE, DEATH, RENAME, REVIVE = "birth", "split", "merge", "death", "rename", "revive"


@dataclass(frozen=True)
class PreviousTopics:
    """The base clusters of the last materialized day before this one, with their topics."""

    day: date
    cluster_ids: list[str]
    topic_ids: list[str]
    centroids: np.ndarray  # (m, d), L2-normalised
    sizes: list[int]  # conversations of each cluster
    names: list[str]
    descriptions: list[str]
    named_on: list[date]
    anchors: np.ndarray  # (m, d): each topic's centroid on the day its name was given
    members: Mapping[str, int] = field(default_factory=dict)  # conversation id -> cluster index
    # Dormant topics: ended after the previous day's window began, absent that day. Their rows are their
    # last day's cluster; `last_seen` (same order) says which day that was. None: nothing to revive.
    dormant: PreviousTopics | None = None
    last_seen: list[date] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.cluster_ids)

    def seen_on(self, i: int) -> date:
        """The day cluster `i` is from (`day` unless `last_seen` says otherwise)."""
        return self.last_seen[i] if self.last_seen else self.day


@dataclass(frozen=True)
class CurrentCluster:
    """One of today's base clusters, as the matcher sees it."""

    cluster_id: str
    centroid: np.ndarray
    conversation_ids: Sequence[str]


@dataclass(frozen=True)
class TopicLink:
    """The topic a current cluster belongs to and where it came from."""

    cluster_id: str
    topic_id: str
    origin: str  # "continue", REVIVE, BIRTH or SPLIT
    previous_index: int | None  # index into PreviousTopics (its `dormant` for REVIVE) when it continues
    similarity: float | None  # centroid cosine to the previous cluster it continues


@dataclass(frozen=True)
class LineageEvent:
    """A birth, split, merge, death or rename of a topic on one day."""

    topic_id: str
    event: str
    related_topic_id: str | None = None
    similarity: float | None = None


@dataclass
class TopicUpdate:
    """Today's clusters' topics plus the day's lineage events."""

    links: dict[str, TopicLink]  # cluster id -> link
    events: list[LineageEvent]
    previous_day: date | None


def unit_rows(rows: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (float32)."""
    rows = np.asarray(rows, dtype=np.float32)
    return rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-12)


def topic_id_for(day: date, index: int) -> str:
    """Id of the `index`-th topic born on `day`."""
    return f"T{day:%Y%m%d}-{index:04d}"


def _hungarian(similarity: np.ndarray, threshold: float) -> list[tuple[int, int]]:
    from scipy.optimize import linear_sum_assignment

    rows, cols = linear_sum_assignment(-similarity)
    return [(int(i), int(j)) for i, j in zip(rows, cols) if similarity[i, j] >= threshold]


def track_topics(
    day: date,
    current: Sequence[CurrentCluster],
    previous: PreviousTopics | None,
    *,
    match_cosine: float = MATCH_COSINE,
) -> TopicUpdate:
    """Topic ids and lineage events for today's clusters (see the module docstring for the rules)."""
    if previous is None or len(previous) == 0 or not current:
        links = {c.cluster_id: TopicLink(c.cluster_id, topic_id_for(day, n), BIRTH, None, None)
                 for n, c in enumerate(current)}
        ended = [] if previous is None or current else [LineageEvent(t, DEATH) for t in previous.topic_ids]
        return TopicUpdate(links, [LineageEvent(link.topic_id, BIRTH) for link in links.values()] + ended,
                           None if previous is None else previous.day)
    similarity, flow, allowed, share, day_carried = _candidates(current, previous, match_cosine)
    # Hungarian over the allowed pairs only, so that a refused pair does not take a cluster's place.
    pairs = _assign(similarity + share, allowed)  # current index -> previous index
    revived: dict[int, tuple[int, float]] = {}  # current index -> (dormant index, centroid cosine)
    dormant = previous.dormant
    unmatched = [j for j in range(len(current)) if j not in pairs]
    if dormant is not None and len(dormant) and unmatched:
        # A topic absorbed for a few days whose content forms a cluster again continues, by the same
        # rules as a continuation from the previous day; only clusters nothing continued are candidates.
        # Judged against what the cluster carries over from the previous day: the returning content was
        # in some cluster yesterday, and the dormant topic must have held enough of it.
        carried = Counter({n: sum(flow[(i, j)] for i in range(len(previous))) for n, j in enumerate(unmatched)})
        d_similarity, _, d_allowed, d_share, _ = _candidates([current[j] for j in unmatched], dormant, match_cosine,
                                                             carried, day_carried)
        revived = {unmatched[j]: (i, float(d_similarity[j, i]))
                   for j, i in _assign(d_similarity + d_share, d_allowed).items()}
    links: dict[str, TopicLink] = {}
    events: list[LineageEvent] = []
    born = 0
    for j, cluster in enumerate(current):
        i = pairs.get(j)
        if i is not None:
            links[cluster.cluster_id] = TopicLink(cluster.cluster_id, previous.topic_ids[i], "continue", i,
                                                  float(similarity[j, i]))
            continue
        if j in revived and dormant is not None:
            i, cosine = revived[j]
            links[cluster.cluster_id] = TopicLink(cluster.cluster_id, dormant.topic_ids[i], REVIVE, i, cosine)
            events.append(LineageEvent(dormant.topic_ids[i], REVIVE, similarity=cosine))
            continue
        topic_id = topic_id_for(day, born)
        born += 1
        origin = _main_source(flow, j, len(cluster.conversation_ids))
        if origin is None:
            links[cluster.cluster_id] = TopicLink(cluster.cluster_id, topic_id, BIRTH, None, None)
            events.append(LineageEvent(topic_id, BIRTH))
        else:
            links[cluster.cluster_id] = TopicLink(cluster.cluster_id, topic_id, SPLIT, None, None)
            events.append(LineageEvent(topic_id, SPLIT, previous.topic_ids[origin], float(similarity[j, origin])))
    continued = set(pairs.values())
    topic_of_current = [links[c.cluster_id].topic_id for c in current]
    for i in range(len(previous)):
        if i in continued:
            continue
        target = _main_destination(flow, i)
        if target is None:
            events.append(LineageEvent(previous.topic_ids[i], DEATH))
        else:
            events.append(LineageEvent(previous.topic_ids[i], MERGE, topic_of_current[target],
                                       float(similarity[target, i])))
    return TopicUpdate(links, events, previous.day)


def _candidates(
    current: Sequence[CurrentCluster], previous: PreviousTopics, match_cosine: float, carried: Counter | None = None,
    day_carried: float | None = None,
) -> tuple[np.ndarray, Counter, np.ndarray, np.ndarray, float]:
    """Centroid cosines (now, before), member flows (before, now), which pairs may continue a topic, each
    pair's member overlap (Jaccard index of the two clusters' conversations in both windows), and the
    share of today's conversations carried over that the rule on content arriving today compared with.

    `carried`: each current cluster's conversations that were clustered the day before; by default those
    found in `previous.members`. `day_carried`: the share of all today's conversations carried over (by
    default that of `current`)."""
    similarity = unit_rows(np.stack([c.centroid for c in current])) @ unit_rows(previous.centroids).T
    # Where the members of each current and previous cluster were / went (conversations in both windows).
    flow: Counter[tuple[int, int]] = Counter()
    for j, cluster in enumerate(current):
        for conversation_id in cluster.conversation_ids:
            i = previous.members.get(conversation_id)
            if i is not None:
                flow[(i, j)] += 1
    remaining = Counter()
    for (i, _), n in flow.items():
        remaining[i] += n
    if carried is None:
        carried = Counter()
        for (_, j), n in flow.items():
            carried[j] += n
    allowed = np.zeros(similarity.shape, dtype=bool)
    share = np.zeros(similarity.shape, dtype=np.float64)
    for (i, j), n in flow.items():
        # Jaccard, not n over the larger side: two children of one topic that each took ~40% of it tie on
        # the larger side (the parent's remaining), while the one that also took in other topics is less alike.
        share[j, i] = n / max(carried[j] + remaining[i] - n, 1)
    if day_carried is None:
        total = sum(len(c.conversation_ids) for c in current)
        day_carried = sum(carried.values()) / total if total else 0.0
    for j, cluster in enumerate(current):
        if carried[j] < MIN_RELATIVE_CARRIED * day_carried * len(cluster.conversation_ids):
            continue  # arrived today: allowed stays False for every previous topic
        mostly_carried = carried[j] >= MIN_CARRIED * len(cluster.conversation_ids)
        for i in range(len(previous)):
            by_members = mostly_carried and flow[(i, j)] >= LINEAGE_SHARE * max(carried[j], remaining[i], 1)
            # A near centroid is not enough when the members say the content came from elsewhere: k-means
            # can move a small topic's centroid onto a part of another topic (or onto new content).
            foreign = mostly_carried and flow[(i, j)] < MIN_OWN_SHARE * carried[j]
            allowed[j, i] = by_members or (similarity[j, i] >= match_cosine and not foreign)
    return similarity, flow, allowed, share, day_carried


def _assign(score: np.ndarray, allowed: np.ndarray) -> dict[int, int]:
    """Hungarian matching of current (rows) to previous (columns) clusters over the allowed pairs only."""
    score = np.where(allowed, score, -3.0)
    return {j: i for i, j in _hungarian(score.T, -2.0) if allowed[j, i]}


def _main_source(flow: Counter, j: int, size: int) -> int | None:
    """The previous cluster a new current cluster split from, if its members came mostly from one."""
    sources = sorted(((n, -i) for (i, jj), n in flow.items() if jj == j), reverse=True)
    carried = sum(n for n, _ in sources)
    if not sources or carried < LINEAGE_SHARE * size or sources[0][0] < LINEAGE_SHARE * carried:
        return None
    return -sources[0][1]


def _main_destination(flow: Counter, i: int) -> int | None:
    """The current cluster a vanished previous topic merged into, if most of its remaining members went there."""
    targets = sorted(((n, -j) for (ii, j), n in flow.items() if ii == i), reverse=True)
    remaining = sum(n for n, _ in targets)
    if not targets or targets[0][0] < LINEAGE_SHARE * remaining:
        return None
    return -targets[0][1]


@dataclass(frozen=True)
class TopicName:
    """The name a cluster is published under, and since when (its anchor is the centroid of that day)."""

    name: str
    description: str
    named_on: date
    anchor: np.ndarray
    kept: bool


def carry_names(
    day: date,
    current: Sequence[CurrentCluster],
    update: TopicUpdate,
    previous: PreviousTopics | None,
    fresh: Mapping[str, tuple[str, str]],
    allowed: Callable[[str], bool],
    *,
    keep_cosine: float = NAME_KEEP_COSINE,
) -> tuple[dict[str, TopicName], list[LineageEvent]]:
    """Each cluster's name: its topic's kept name while the content has not moved, else `fresh`.

    `fresh` maps cluster id -> (name, description) made today; `allowed(text)` says whether a kept
    text may still be published under today's privacy rules (the distinct-users word rule).
    """
    names: dict[str, TopicName] = {}
    events: list[LineageEvent] = []
    for cluster in current:
        link = update.links[cluster.cluster_id]
        new_name, new_description = fresh[cluster.cluster_id]
        centroid = unit_rows(cluster.centroid[None, :])[0]
        i = link.previous_index
        source = previous.dormant if previous is not None and link.origin == REVIVE else previous
        if i is not None and source is not None:
            drift = float(centroid @ unit_rows(source.anchors[i][None, :])[0])
            old_name, old_description = source.names[i], source.descriptions[i]
            if drift >= keep_cosine and allowed(f"{old_name}\n{old_description}"):
                names[cluster.cluster_id] = TopicName(old_name, old_description, source.named_on[i],
                                                      source.anchors[i], kept=True)
                continue
            if (new_name, new_description) != (old_name, old_description):
                events.append(LineageEvent(link.topic_id, RENAME, similarity=drift))
        names[cluster.cluster_id] = TopicName(new_name, new_description, day, centroid, kept=False)
    return names, events
