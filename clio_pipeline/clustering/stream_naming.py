"""Naming the clusters of a large window without holding its texts: a group of clusters at a time.

Both namers look at a cluster's own members (a sample, and the most central ones) and at its
`nearest_outside` points, found among the members of its `N_NEIGHBOUR_CLUSTERS` nearest clusters. So
naming a group of clusters needs the vectors of the group's and its neighbours' members, and the texts
of the group's members and of their nearest outside points, nothing else: `name_in_groups` reads
exactly those texts, calls the namer on that sub-window with `only=` the group, and drops them. A
namer that reached for any other text would get a KeyError, not a silent blank.
Each cluster's name is the same as when the whole window is named at once, provided the word rule is
the whole window's: `window_word_rule` counts it while streaming the summaries past.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path

import numpy as np
import pyarrow as pa

from clio_pipeline.backends import ClusterNamer
from clio_pipeline.clustering.contrast import (
    N_NEIGHBOUR_CLUSTERS,
    cluster_members,
    nearest_outside,
    neighbour_clusters,
)
from clio_pipeline.clustering.kmeans import KMeansResult
from clio_pipeline.clustering.naming import ClusterLabel
from clio_pipeline.clustering.stream import CHUNK_ROWS, StreamedWindow
from clio_pipeline.privacy.word_rule import WordRule
from clio_pipeline.warehouse import connect

N_OUTSIDE = 50  # the most nearest-outside texts either namer reads (naming.n_contrast, llm_naming.SAMPLE_OUTSIDE)
NAMING_GROUP_ROWS = 10_000  # members of the clusters named together (their neighbours' rows come too)


def _summary_pairs(db_path: str | Path, start: date, end: date, chunk_rows: int) -> Iterator[tuple[str, str]]:
    """(summary, user id) of every row of the window, a batch at a time."""
    with connect(db_path, read_only=True) as con:
        reader = con.sql(
            "SELECT f.summary_en, c.user_id FROM embeddings e "
            "JOIN facets f USING (conversation_id, partition_date) "
            "JOIN conversations c USING (conversation_id, partition_date) "
            "WHERE e.partition_date BETWEEN $start AND $end", params={"start": start, "end": end},
        ).to_arrow_reader(chunk_rows)
        for batch in reader:
            yield from zip(batch.column(0).to_pylist(), batch.column(1).to_pylist(), strict=True)


def window_word_rule(
    db_path: str | Path, start: date, end: date, min_users: int, *, chunk_rows: int = CHUNK_ROWS
) -> WordRule:
    """The distinct-users word rule of the window's summaries, as `WordRule.from_texts` would count it."""
    return WordRule.from_pairs(_summary_pairs(db_path, start, end, chunk_rows), min_users)


def fetch_summaries(db_path: str | Path, window: StreamedWindow, rows: np.ndarray) -> list[str]:
    """The summaries of the window's rows at positions `rows`, in that order."""
    wanted = pa.table({
        "pos": pa.array(np.arange(len(rows), dtype=np.int64)),
        "conversation_id": pa.array([window.conversation_ids[int(i)] for i in rows], pa.string()),
        "partition_date": pa.array(window.partition_dates(rows), pa.date32()),
    })
    with connect(db_path, read_only=True) as con:
        con.register("wanted_rows", wanted)
        found = con.execute(
            "SELECT w.pos, f.summary_en FROM wanted_rows w "
            "JOIN facets f USING (conversation_id, partition_date) ORDER BY w.pos").fetchall()
    if len(found) != len(rows):
        raise RuntimeError(f"{len(rows) - len(found)} summaries of the window disappeared while it was named")
    return [summary for _, summary in found]


class _FetchedTexts(Sequence[str]):
    """Texts of a sub-window by position, only some of them read; any other is an error, never a blank."""

    def __init__(self, size: int, texts: dict[int, str]) -> None:
        self.size = size
        self.texts = texts

    def __len__(self) -> int:
        return self.size

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(self.size))]
        if i not in self.texts:
            raise KeyError(f"text of sub-window row {i} was not read: the namer used a row it was not expected to")
        return self.texts[i]


def cluster_groups(members: dict[int, np.ndarray], group_rows: int) -> list[list[int]]:
    """Consecutive cluster ids, cut into groups of about `group_rows` members."""
    groups: list[list[int]] = [[]]
    size = 0
    for cluster in sorted(members):
        if size >= group_rows:
            groups.append([])
            size = 0
        groups[-1].append(cluster)
        size += len(members[cluster])
    return [g for g in groups if g]


def name_in_groups(
    db_path: str | Path,
    window: StreamedWindow,
    result: KMeansResult,
    namer: ClusterNamer,
    *,
    min_users: int,
    rule: WordRule,
    group_rows: int = NAMING_GROUP_ROWS,
) -> dict[int, ClusterLabel]:
    """Every present cluster's label from `namer`, reading only one group's (and neighbours') texts at a time."""
    members = cluster_members(result.labels)
    present = sorted(members)
    names: dict[int, ClusterLabel] = {}
    for group in cluster_groups(members, group_rows):
        involved = set(group)
        for cluster in group:
            involved.update(neighbour_clusters(cluster, result.centroids, present, N_NEIGHBOUR_CLUSTERS))
        rows = np.sort(np.concatenate([members[c] for c in involved]))
        sub_labels, sub_vectors = result.labels[rows], window.vectors[rows]
        # The texts the namers read: the group's members and each one's nearest outside points, found
        # exactly as the namer will find them (same members of the same neighbours, same vectors).
        sub_members = cluster_members(sub_labels)
        needed = np.unique(np.concatenate(
            [sub_members[c] for c in group]
            + [nearest_outside(c, sub_members, sub_vectors, result.centroids, N_OUTSIDE) for c in group]))
        texts = dict(zip(needed.tolist(), fetch_summaries(db_path, window, rows[needed]), strict=True))
        user_ids = [window.user_ids[int(i)] for i in rows]
        names.update(namer(_FetchedTexts(len(rows), texts), user_ids, sub_labels, sub_vectors, result.centroids,
                           min_users=min_users, rule=rule, only=set(group)))
    return names
