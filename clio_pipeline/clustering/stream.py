"""Clustering a large window with bounded memory: embeddings streamed in chunks, k-means trained on a
sample, assignment in batches.

`read_window` (window.py) materialises everything at once: an Arrow table with every summary, its
Python lists, and two copies of the vectors. At a million conversations that is several GB, most of it
text that only naming needs. Here the window is read one day and one `chunk_rows` batch at a time into
one preallocated float32 matrix (the only O(n · d) memory), conversation ids stay an Arrow array and
user ids become int32 codes, and the word rule is counted while streaming (`stream_rule.window_word_rule`).
`base_clusters` reads its window here, centers it in place (`center_in_place`) and trains with
`kmeans_on_sample`; the summaries come later, in one streamed pass (`stream_rule.window_texts`).

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
from clio_pipeline.embeddings.language_neutral import PRIOR_TEXTS, UNDETERMINED
from clio_pipeline.warehouse import connect

CHUNK_ROWS = 50_000  # rows per fetched batch: ~75 MB of 384-d vectors in flight, whatever n is
ASSIGN_BATCH_ROWS = 65_536
TRAIN_POINTS_PER_CENTROID = 256  # FAISS's default max_points_per_centroid

_WINDOW_SQL = """
SELECT e.conversation_id, c.user_id, coalesce(nullif(f.language, ''), 'und') AS language{columns}
FROM embeddings e
JOIN facets f USING (conversation_id, partition_date)
JOIN conversations c USING (conversation_id, partition_date)
WHERE e.partition_date = $day AND e.model = $model
ORDER BY e.conversation_id
"""


class MixedEmbeddingModelsError(ValueError):
    """The window's days were embedded by different models (language centering happens later, per window)."""


def window_model(con, start: date, end: date, model: str | None) -> str | None:
    """The one embedding model of the window [start, end]: `model` when given, else the newest day's.

    Raises `MixedEmbeddingModelsError` naming the days embedded by another model.
    """
    # Vectors of two models live in different spaces (often of one dimension, so nothing else would
    # notice): k-means over both clusters by model, not by request. The newest day's model is the one
    # the pipeline embeds with now; a day under any other must be re-embedded, not silently dropped.
    per_day = con.execute(
        "SELECT partition_date, model FROM embeddings WHERE partition_date BETWEEN ? AND ? "
        "GROUP BY ALL ORDER BY partition_date DESC, model", [start, end]).fetchall()
    if not per_day:
        return model
    expected = model or per_day[0][1]
    stale = [(day, name) for day, name in per_day if name != expected]
    if stale:
        days = ", ".join(f"{day} ({name})" for day, name in sorted(stale))
        raise MixedEmbeddingModelsError(
            f"The window {start}..{end} mixes embedding models: clustering uses {expected!r}, but {days} "
            f"were embedded otherwise. Re-materialize `embeddings` for those days (a backfill) so every day "
            f"of the window is in one vector space.")
    return expected


@dataclass(frozen=True)
class WindowChunk:
    """Consecutive rows of the window, in `read_window`'s order; `offset` is the first row's position."""

    offset: int
    day: date
    conversation_ids: pa.Array
    user_ids: pa.Array
    languages: pa.Array
    vectors: np.ndarray | None  # (rows, d) float32; None when read without vectors
    summaries: pa.Array | None = None

    def __len__(self) -> int:
        return len(self.conversation_ids)


class Codes(Sequence[str]):
    """Strings of the window (user ids, languages) as int32 codes into the distinct values: 4 bytes a row."""

    def __init__(self, codes: np.ndarray, distinct: list[str]) -> None:
        self.codes = codes
        self.distinct = distinct

    def __len__(self) -> int:
        return len(self.codes)

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self.distinct[c] for c in self.codes[i]]
        return self.distinct[self.codes[i]]


UserIds = Codes  # the name the writers know it by


@dataclass(frozen=True)
class StreamedWindow:
    """The window without its texts: ids, user and language codes and one float32 matrix, by position."""

    start: date
    end: date
    conversation_ids: list[str]  # a list, as WindowData's: topic tracking keeps members by id
    user_ids: Codes
    vectors: np.ndarray
    day_starts: dict[date, int]  # position of each day's first row (days in order)
    languages: Codes | None = None
    model: str | None = None  # the embedding model every row was read under

    def __len__(self) -> int:
        return len(self.conversation_ids)

    def partition_dates(self, rows: np.ndarray) -> list[date]:
        """The partition day of each of `rows` (positions)."""
        days = list(self.day_starts)
        starts = np.fromiter(self.day_starts.values(), dtype=np.int64, count=len(days))
        return [days[i] for i in np.searchsorted(starts, rows, side="right") - 1]

    def ages(self, day: date) -> np.ndarray:
        """Days between each row's partition and `day` (float64, aligned with the rows)."""
        ages = np.empty(len(self), dtype=np.float64)
        bounds = [*self.day_starts.values(), len(self)]
        for (partition, begin), stop in zip(self.day_starts.items(), bounds[1:], strict=True):
            ages[begin:stop] = (day - partition).days
        return ages


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def iter_window_chunks(
    db_path: str | Path, start: date, end: date, *, chunk_rows: int = CHUNK_ROWS, with_summaries: bool = False,
    with_vectors: bool = True, model: str | None = None,
) -> Iterator[WindowChunk]:
    """The window's rows in `read_window`'s order (day, then conversation id), at most `chunk_rows` at a time.

    Only rows embedded by the window's model (`window_model`) are read. One day is one query, so the
    database sorts a day, never the window; each connection is read-only and closed before the caller
    does anything slow with the last chunk of its day.
    """
    offset = 0
    columns = (", f.summary_en AS summary" if with_summaries else "") + (", e.embedding" if with_vectors else "")
    with connect(db_path, read_only=True) as con:
        expected = window_model(con, start, end, model) or ""
    for day in _days(start, end):
        with connect(db_path, read_only=True) as con:
            # con.sql streams; con.execute(...) would first copy the whole result.
            reader = con.sql(_WINDOW_SQL.format(columns=columns),
                             params={"day": day, "model": expected}).to_arrow_reader(chunk_rows)
            for batch in reader:
                n = batch.num_rows
                if n == 0:
                    continue
                vectors = None
                if with_vectors:
                    values = batch.column("embedding").flatten().to_numpy(zero_copy_only=False)
                    vectors = values.astype(np.float32, copy=False).reshape(n, -1)
                yield WindowChunk(offset, day, batch.column("conversation_id"), batch.column("user_id"),
                                  batch.column("language"), vectors,
                                  batch.column("summary") if with_summaries else None)
                offset += n


def count_window(db_path: str | Path, start: date, end: date, model: str | None = None) -> int:
    """Rows `read_window` would return for [start, end], counted in the database."""
    with connect(db_path, read_only=True) as con:
        expected = window_model(con, start, end, model) or ""
        (n,) = con.execute(
            "SELECT count(*) FROM embeddings e JOIN facets f USING (conversation_id, partition_date) "
            "JOIN conversations c USING (conversation_id, partition_date) "
            "WHERE e.partition_date BETWEEN ? AND ? AND e.model = ?", [start, end, expected]).fetchone()
    return int(n)


def _encode(values: list[str], code_of: dict[str, int]) -> list[int]:
    return [code_of.setdefault(v, len(code_of)) for v in values]


def read_window_streamed(
    db_path: str | Path, start: date, end: date, *, chunk_rows: int = CHUNK_ROWS, model: str | None = None
) -> StreamedWindow:
    """The window's ids, codes and vectors, filled chunk by chunk into one preallocated matrix (no summaries).

    The same rows in the same order as `read_window`, which raises the same `MixedEmbeddingModelsError`.
    """
    with connect(db_path, read_only=True) as con:
        expected = window_model(con, start, end, model)
    n = count_window(db_path, start, end, expected)
    vectors: np.ndarray | None = None
    ids: list[str] = []
    user_codes = np.zeros(n, dtype=np.int32)
    language_codes = np.zeros(n, dtype=np.int32)
    user_of: dict[str, int] = {}
    language_of: dict[str, int] = {}
    day_starts: dict[date, int] = {}
    for chunk in iter_window_chunks(db_path, start, end, chunk_rows=chunk_rows, model=expected):
        rows = slice(chunk.offset, chunk.offset + len(chunk))
        if chunk.offset + len(chunk) > n:
            raise RuntimeError(f"the window changed while it was read (more than the {n} rows counted)")
        if vectors is None:
            vectors = np.empty((n, chunk.vectors.shape[1]), dtype=np.float32)
        vectors[rows] = chunk.vectors
        ids.extend(chunk.conversation_ids.to_pylist())
        day_starts.setdefault(chunk.day, chunk.offset)
        user_codes[rows] = _encode(chunk.user_ids.to_pylist(), user_of)
        language_codes[rows] = _encode(chunk.languages.to_pylist(), language_of)
    if vectors is None:
        vectors = np.zeros((0, 0), dtype=np.float32)
    if len(ids) != n:
        raise RuntimeError(f"the window changed while it was read ({n} rows counted, {len(ids)} read)")
    return StreamedWindow(start, end, ids, Codes(user_codes, list(user_of)), vectors, day_starts,
                          Codes(language_codes, list(language_of)), expected)


def center_in_place(window: StreamedWindow, *, prior_texts: int = PRIOR_TEXTS, chunk_rows: int = CHUNK_ROWS) -> None:
    """`center_by_language` on the window's own matrix, bit for bit, with O(chunk) temporaries.

    `center_by_language` copies the matrix and gathers each language's rows (another copy for the largest
    language): 3 x the vectors at peak. Here each language's sum runs over its rows a chunk at a time,
    continuing numpy's own sequential row-by-row float32 sum (an axis-0 reduction adds rows in order), so
    the means, offsets and norms are the same numbers, and the matrix is then moved and re-normalised a
    chunk at a time.
    """
    vectors, languages = window.vectors, window.languages
    if languages is None or len(languages) != len(vectors):
        raise ValueError("the window was read without its languages: read it with read_window_streamed")
    if not len(vectors):
        return
    overall = vectors.mean(axis=0)
    offsets: dict[int, np.ndarray] = {}
    for code, language in enumerate(languages.distinct):
        if language == UNDETERMINED:
            continue
        rows = np.flatnonzero(languages.codes == code)
        total = None
        for begin in range(0, len(rows), chunk_rows):
            part = vectors[rows[begin:begin + chunk_rows]]
            total = part.sum(axis=0) if total is None else np.add.reduce(np.vstack([total[None, :], part]), axis=0)
        shrunk = (total + prior_texts * overall) / (len(rows) + prior_texts)
        offsets[code] = overall - shrunk
    for begin in range(0, len(vectors), chunk_rows):
        chunk = vectors[begin:begin + chunk_rows]  # a view: moved in place
        codes = languages.codes[begin:begin + chunk_rows]
        for code, offset in offsets.items():
            chunk[codes == code] += offset
        chunk /= np.maximum(np.linalg.norm(chunk, axis=1, keepdims=True), 1e-12)


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
