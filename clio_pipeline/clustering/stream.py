"""Clustering a large window with bounded memory: embeddings streamed in chunks, k-means trained on a
sample, assignment in batches.

`read_window` (window.py) materialises everything at once: an Arrow table with every summary, its
Python lists, and two copies of the vectors. At a million conversations that is several GB, most of it
text that only naming needs. Here the window is read one day and one `chunk_rows` batch at a time into
one preallocated float32 matrix (the only O(n · d) memory), conversation ids stay an Arrow array and
user ids become int32 codes, and the word rule is counted while streaming (`stream_rule.window_word_rule`).
`base_clusters` uses `kmeans_on_sample`; it still reads the window with `read_window`, because the
phrase namer and the language centering need every summary and language of the window at once.

The pieces a distributed engine can reuse as they are: `iter_window_chunks` (one day or one batch of
rows, independent of the others) and `assign_batch` (a batch of vectors against fixed centroids: a
pure function of its inputs, so any partition of the rows gives the same labels).

k-means is trained on at most `TRAIN_POINTS_PER_CENTROID` · k rows, which is FAISS's own default
subsample (`max_points_per_centroid` = 256): FAISS would train on that many points anyway, so the
sample costs nothing in quality and a window that fits in it is clustered exactly as by `faiss_kmeans`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pyarrow as pa

from clio_pipeline.clustering.kmeans import KMeansResult, faiss_kmeans
from clio_pipeline.warehouse import connect

CHUNK_ROWS = 50_000  # rows per fetched batch: ~75 MB of 384-d vectors in flight, whatever n is
ASSIGN_BATCH_ROWS = 65_536
TRAIN_POINTS_PER_CENTROID = 256  # FAISS's default max_points_per_centroid

_WINDOW_SQL = """
SELECT e.conversation_id, c.user_id, {extra} e.embedding
FROM embeddings e
JOIN facets f USING (conversation_id, partition_date)
JOIN conversations c USING (conversation_id, partition_date)
WHERE e.partition_date = $day
ORDER BY e.conversation_id
"""


@dataclass(frozen=True)
class WindowChunk:
    """Consecutive rows of the window, in `read_window`'s order; `offset` is the first row's position."""

    offset: int
    day: date
    conversation_ids: pa.Array
    user_ids: pa.Array
    vectors: np.ndarray  # (rows, d) float32
    summaries: pa.Array | None = None


class UserIds(Sequence[str]):
    """The window's user ids as int32 codes into the distinct ids: a Sequence[str] at 4 bytes a row."""

    def __init__(self, codes: np.ndarray, distinct: list[str]) -> None:
        self.codes = codes
        self.distinct = distinct

    def __len__(self) -> int:
        return len(self.codes)

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self.distinct[c] for c in self.codes[i]]
        return self.distinct[self.codes[i]]


@dataclass(frozen=True)
class StreamedWindow:
    """The window without its texts: ids, user codes and one float32 matrix, aligned by position."""

    start: date
    end: date
    conversation_ids: list[str]  # a list, as WindowData's: topic tracking keeps members by id
    user_ids: UserIds
    vectors: np.ndarray
    day_starts: dict[date, int]  # position of each day's first row (days in order)

    def __len__(self) -> int:
        return len(self.conversation_ids)

    def partition_dates(self, rows: np.ndarray) -> list[date]:
        """The partition day of each of `rows` (positions)."""
        days = list(self.day_starts)
        starts = np.fromiter(self.day_starts.values(), dtype=np.int64, count=len(days))
        return [days[i] for i in np.searchsorted(starts, rows, side="right") - 1]


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def iter_window_chunks(
    db_path: str | Path, start: date, end: date, *, chunk_rows: int = CHUNK_ROWS, with_summaries: bool = False
) -> Iterator[WindowChunk]:
    """The window's rows in `read_window`'s order (day, then conversation id), at most `chunk_rows` at a time.

    One day is one query, so the database sorts a day, never the window; each connection is read-only
    and closed before the caller does anything slow with the last chunk of its day.
    """
    offset = 0
    extra = "f.summary_en AS summary," if with_summaries else ""
    for day in _days(start, end):
        with connect(db_path, read_only=True) as con:
            # con.sql streams; con.execute(...) would first copy the whole result.
            reader = con.sql(_WINDOW_SQL.format(extra=extra), params={"day": day}).to_arrow_reader(chunk_rows)
            for batch in reader:
                n = batch.num_rows
                if n == 0:
                    continue
                column = batch.column("embedding")
                values = column.flatten().to_numpy(zero_copy_only=False)
                vectors = values.astype(np.float32, copy=False).reshape(n, -1)
                yield WindowChunk(offset, day, batch.column("conversation_id"), batch.column("user_id"), vectors,
                                  batch.column("summary") if with_summaries else None)
                offset += n


def count_window(db_path: str | Path, start: date, end: date) -> int:
    """Rows `read_window` would return for [start, end], counted in the database."""
    with connect(db_path, read_only=True) as con:
        (n,) = con.execute(
            "SELECT count(*) FROM embeddings e JOIN facets f USING (conversation_id, partition_date) "
            "JOIN conversations c USING (conversation_id, partition_date) "
            "WHERE e.partition_date BETWEEN ? AND ?", [start, end]).fetchone()
    return int(n)


def read_window_streamed(db_path: str | Path, start: date, end: date, *, chunk_rows: int = CHUNK_ROWS) -> StreamedWindow:
    """The window's ids and vectors, filled chunk by chunk into one preallocated matrix (no summaries)."""
    n = count_window(db_path, start, end)
    vectors: np.ndarray | None = None
    ids: list[str] = []
    codes = np.zeros(n, dtype=np.int32)
    code_of: dict[str, int] = {}
    day_starts: dict[date, int] = {}
    for chunk in iter_window_chunks(db_path, start, end, chunk_rows=chunk_rows):
        rows = slice(chunk.offset, chunk.offset + len(chunk.vectors))
        if vectors is None:
            vectors = np.empty((n, chunk.vectors.shape[1]), dtype=np.float32)
        vectors[rows] = chunk.vectors
        ids.extend(chunk.conversation_ids.to_pylist())
        day_starts.setdefault(chunk.day, chunk.offset)
        codes[rows] = [code_of.setdefault(u, len(code_of)) for u in chunk.user_ids.to_pylist()]
    if vectors is None:
        vectors = np.zeros((0, 0), dtype=np.float32)
    if len(ids) != n:
        raise RuntimeError(f"the window changed while it was read ({n} rows counted, {len(ids)} read)")
    return StreamedWindow(start, end, ids, UserIds(codes, list(code_of)), vectors, day_starts)


def assign_batch(vectors: np.ndarray, centroids: np.ndarray, *, spherical: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """(labels int64, distances float32) of each row to its nearest centroid: 1 - cosine when spherical,
    squared L2 otherwise, as `faiss_kmeans` reports them. Depends on nothing but its arguments."""
    import faiss

    centroids = np.ascontiguousarray(centroids, dtype=np.float32)
    index = faiss.IndexFlatIP(centroids.shape[1]) if spherical else faiss.IndexFlatL2(centroids.shape[1])
    index.add(centroids)
    scores, labels = index.search(np.ascontiguousarray(vectors, dtype=np.float32), 1)
    distances = 1.0 - scores[:, 0] if spherical else scores[:, 0]
    return labels[:, 0].astype(np.int64), distances.astype(np.float32)


def assign_in_batches(
    vectors: np.ndarray, centroids: np.ndarray, *, spherical: bool = True, batch_rows: int = ASSIGN_BATCH_ROWS
) -> tuple[np.ndarray, np.ndarray]:
    """`assign_batch` over consecutive slices of `vectors`, so temporaries stay O(batch · k)."""
    labels = np.empty(len(vectors), dtype=np.int64)
    distances = np.empty(len(vectors), dtype=np.float32)
    for begin in range(0, len(vectors), batch_rows):
        rows = slice(begin, begin + batch_rows)
        labels[rows], distances[rows] = assign_batch(vectors[rows], centroids, spherical=spherical)
    return labels, distances


def training_rows(n: int, k: int, *, seed: int, per_centroid: int = TRAIN_POINTS_PER_CENTROID) -> np.ndarray | None:
    """Sorted row positions to train k centroids on, or None when every row is used."""
    size = per_centroid * k
    if size >= n:
        return None
    return np.sort(np.random.default_rng(seed).choice(n, size=size, replace=False))


def kmeans_on_sample(
    vectors: np.ndarray, k: int, *, seed: int = 0, init: str | np.ndarray = "kmeans++",
    per_centroid: int = TRAIN_POINTS_PER_CENTROID, batch_rows: int = ASSIGN_BATCH_ROWS,
) -> KMeansResult:
    """`faiss_kmeans` trained on a sample of at most `per_centroid` · k rows, every row assigned in batches.

    When the sample would be the whole window this is `faiss_kmeans(vectors, ...)` itself.
    """
    rows = training_rows(len(vectors), k, seed=seed, per_centroid=per_centroid)
    if rows is None:
        return faiss_kmeans(vectors, k, seed=seed, init=init)
    centroids = faiss_kmeans(vectors[rows], k, seed=seed, init=init).centroids
    labels, distances = assign_in_batches(vectors, centroids, batch_rows=batch_rows)
    return KMeansResult(labels, centroids, distances)
