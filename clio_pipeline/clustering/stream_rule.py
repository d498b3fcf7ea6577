"""The window's texts, streamed once: the distinct-users word rule over all of them, and a bounded,
deterministic sample of each cluster's summaries for naming.

The phrase namer (`naming.py`) is global over the clusters it is given: phrases are chosen and made
unique across all clusters at once, so clusters cannot be named a group at a time. It can be given
fewer texts: `naming_rows` keeps every row of a window of at most `NAMING_ROWS` rows (the namer then
sees exactly what it saw with `read_window`), and above that a seeded sample of each cluster's rows,
`NAMING_ROWS / k` of them (at least `MIN_NAMING_ROWS_PER_CLUSTER`). The namer itself reads at most
`naming.MAX_DOCS_PER_CLUSTER` (2,000) summaries of a cluster and the LLM namer 50, so the sample costs
the names little. What must not be sampled is the word rule that every published word passes: it is
counted over every summary of the window while they stream past, and no text is kept for it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from clio_pipeline.clustering.kmeans import KMeansResult
from clio_pipeline.clustering.naming import ClusterLabel
from clio_pipeline.clustering.stream import CHUNK_ROWS, StreamedWindow, iter_window_chunks
from clio_pipeline.privacy.word_rule import WordRule

if TYPE_CHECKING:
    from clio_pipeline.backends import ClusterNamer
from clio_pipeline.warehouse import stream_pairs

NAMING_ROWS = 200_000  # summaries (and their vectors) held for naming: ~300 MB of 384-d vectors at most
MIN_NAMING_ROWS_PER_CLUSTER = 100


def _summary_pairs(db_path: str | Path, start: date, end: date, chunk_rows: int) -> Iterator[tuple[str, str]]:
    """(summary, user id) of every row of the window, a batch at a time."""
    return stream_pairs(
        db_path,
        "SELECT f.summary_en, c.user_id FROM embeddings e "
        "JOIN facets f USING (conversation_id, partition_date) "
        "JOIN conversations c USING (conversation_id, partition_date) "
        "WHERE e.partition_date BETWEEN $start AND $end", {"start": start, "end": end}, chunk_rows)


def window_word_rule(
    db_path: str | Path, start: date, end: date, min_users: int, *, chunk_rows: int = CHUNK_ROWS
) -> WordRule:
    """The distinct-users word rule of the window's summaries, as `WordRule.from_texts` would count it."""
    return WordRule.from_pairs(_summary_pairs(db_path, start, end, chunk_rows), min_users)


def naming_rows(labels: np.ndarray, *, seed: int, budget: int = NAMING_ROWS) -> np.ndarray:
    """Sorted positions of the rows to name the clusters from: all of them when there are at most `budget`.

    Above it, each cluster keeps at most max(`MIN_NAMING_ROWS_PER_CLUSTER`, budget / clusters) of its rows,
    drawn by a generator seeded with (seed, cluster): the same rows on every re-run of the day.
    """
    labels = np.asarray(labels)
    if len(labels) <= budget:
        return np.arange(len(labels))
    order = np.argsort(labels, kind="stable")
    clusters, starts, sizes = np.unique(labels[order], return_index=True, return_counts=True)
    cap = max(MIN_NAMING_ROWS_PER_CLUSTER, budget // len(clusters))
    kept = []
    for cluster, begin, size in zip(clusters.tolist(), starts.tolist(), sizes.tolist(), strict=True):
        members = order[begin:begin + size]
        if size > cap:
            members = np.random.default_rng([seed, cluster]).choice(members, cap, replace=False)
        kept.append(members)
    return np.sort(np.concatenate(kept))


@dataclass(frozen=True)
class WindowTexts:
    """The word rule of the whole window and the summaries of the chosen rows (aligned with `rows`)."""

    rule: WordRule
    rows: np.ndarray
    summaries: list[str]


def window_texts(
    db_path: str | Path, start: date, end: date, rows: np.ndarray, *, min_users: int, model: str | None = None,
    chunk_rows: int = CHUNK_ROWS,
) -> WindowTexts:
    """One pass over the window's summaries (in `read_window`'s order): the word rule counted over all of
    them, and the summaries of `rows` (sorted positions) kept."""
    rows = np.asarray(rows, dtype=np.int64)
    kept: list[str] = []

    def pairs() -> Iterator[tuple[str, str]]:
        for chunk in iter_window_chunks(db_path, start, end, chunk_rows=chunk_rows, with_summaries=True,
                                        with_vectors=False, model=model):
            summaries, users = chunk.summaries.to_pylist(), chunk.user_ids.to_pylist()
            lo, hi = np.searchsorted(rows, [chunk.offset, chunk.offset + len(chunk)])
            kept.extend(summaries[int(i) - chunk.offset] for i in rows[lo:hi])
            yield from zip(summaries, users, strict=True)

    rule = WordRule.from_pairs(pairs(), min_users)
    if len(kept) != len(rows):
        raise RuntimeError(f"the window changed while it was read ({len(rows)} rows asked for, {len(kept)} found)")
    return WindowTexts(rule, rows, kept)


def name_from_sample(
    namer: ClusterNamer, window: StreamedWindow, result: KMeansResult, texts: WindowTexts, *, min_users: int
) -> dict[int, ClusterLabel]:
    """Every cluster's name from the rows of `texts`, under the whole window's word rule.

    When `texts` holds every row this is the namer's call on the whole window, as with `read_window`;
    otherwise the labels' counts are set back to the whole window's (the namer counted its sample).
    """
    rows = texts.rows
    everything = len(rows) == len(window)
    users = window.user_ids
    user_ids = [users.distinct[code] for code in users.codes[rows]]
    labels = result.labels if everything else result.labels[rows]
    vectors = window.vectors if everything else window.vectors[rows]
    names = namer(texts.summaries, user_ids, labels, vectors, result.centroids, min_users=min_users, rule=texts.rule)
    if everything:
        return names
    sizes = np.bincount(result.labels, minlength=result.k)
    pairs = np.unique(result.labels * len(users.distinct) + users.codes.astype(np.int64))
    n_users = np.bincount(pairs // len(users.distinct), minlength=result.k)
    return {c: label.model_copy(update={"n_conversations": int(sizes[c]), "n_users": int(n_users[c])})
            for c, label in names.items()}
