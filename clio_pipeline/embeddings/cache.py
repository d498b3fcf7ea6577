"""Embedding cache in the warehouse, keyed by (model id, text hash).

Summaries repeat across the trailing window (each day re-clusters the last N days), so most texts of a
run were embedded before. The cache turns those into one join. Connections are short: `lookup` and
`store` each open and close their own, and `embed_with_cache` encodes with no connection open, so a
long encode never blocks other writers of the warehouse file.

Vectors move in and out as Arrow list arrays (one contiguous float buffer plus offsets), never row by
row: storing 100k vectors is one INSERT ... SELECT from a registered Arrow table.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pyarrow as pa

from clio_pipeline.embeddings.embedder import Embedder
from clio_pipeline.embeddings.encoder import text_hash
from clio_pipeline.warehouse import connect, sql_text


def _ensure_tables(con) -> None:
    con.execute(sql_text("warehouse", "embeddings.sql"))


def _vectors_from_list_column(column: pa.ChunkedArray | pa.Array) -> np.ndarray:
    """(n, d) float32 from an Arrow list<float> column whose rows all have length d."""
    array = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    n = len(array)
    if n == 0:
        return np.zeros((0, 0), dtype=np.float32)
    values = array.flatten().to_numpy(zero_copy_only=False).astype(np.float32, copy=False)
    if values.size % n:
        raise ValueError("embedding rows of one model have different lengths")
    return values.reshape(n, values.size // n)


def lookup(db_path: str | Path, model: str, hashes: Sequence[str]) -> dict[str, np.ndarray]:
    """Cached vectors for those `hashes` that are in the cache (missing ones are simply absent)."""
    if len(hashes) == 0 or not Path(db_path).exists():
        return {}
    wanted = pa.table({"text_hash": pa.array(list(dict.fromkeys(hashes)), type=pa.string())})
    with connect(db_path) as con:
        _ensure_tables(con)
        con.register("wanted_hashes", wanted)
        found = con.sql(
            "SELECT c.text_hash, c.embedding FROM embedding_cache c "
            "JOIN wanted_hashes w ON c.text_hash = w.text_hash WHERE c.model = ?",
            params=[model],
        ).to_arrow_table()
        con.unregister("wanted_hashes")
    vectors = _vectors_from_list_column(found.column("embedding"))
    return dict(zip(found.column("text_hash").to_pylist(), vectors, strict=True))


def store(db_path: str | Path, model: str, hashes: Sequence[str], vectors: np.ndarray) -> int:
    """Add vectors to the cache (existing keys are kept as they are); returns rows offered."""
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    if vectors.ndim != 2 or len(hashes) != vectors.shape[0]:
        raise ValueError(f"{len(hashes)} hashes for vectors of shape {vectors.shape}")
    if len(hashes) == 0:
        return 0
    # Duplicate texts in one batch would violate the primary key inside a single INSERT.
    first_index = {h: i for i, h in reversed(list(enumerate(hashes)))}
    keep = np.fromiter(first_index.values(), dtype=np.int64)
    unique = vectors[keep]
    n, d = unique.shape
    offsets = pa.array(np.arange(0, (n + 1) * d, d, dtype=np.int32))
    embedding = pa.ListArray.from_arrays(offsets, pa.array(unique.reshape(-1), type=pa.float32()))
    batch = pa.table({"text_hash": pa.array(list(first_index), type=pa.string()), "embedding": embedding})
    with connect(db_path) as con:
        _ensure_tables(con)
        con.register("new_vectors", batch)
        con.execute(
            "INSERT OR IGNORE INTO embedding_cache (model, text_hash, embedding) "
            "SELECT ?, text_hash, embedding FROM new_vectors",
            [model],
        )
        con.unregister("new_vectors")
    return n


def embed_with_cache(
    db_path: str | Path, encoder: Embedder, texts: Sequence[str]
) -> tuple[np.ndarray, int, int]:
    """Embeddings of `texts` in order, serving repeats from the cache; returns (vectors, n_cached, n_encoded).

    Counts are of distinct texts: n_cached were found in the cache, n_encoded were encoded now (and
    stored), and n_cached + n_encoded == number of distinct texts. Duplicate texts in one call are
    encoded once.
    """
    hashes = [text_hash(t) for t in texts]
    cached = lookup(db_path, encoder.model_id, hashes)  # short connection, closed before encoding
    missing: dict[str, str] = {}
    for h, t in zip(hashes, texts, strict=True):
        if h not in cached and h not in missing:
            missing[h] = t
    fresh: dict[str, np.ndarray] = {}
    if missing:
        encoded = encoder.encode(list(missing.values()))  # no connection open here
        store(db_path, encoder.model_id, list(missing), encoded)
        fresh = dict(zip(missing, encoded, strict=True))
    if not hashes:
        return np.zeros((0, 0), dtype=np.float32), 0, 0
    vectors = np.stack([cached[h] if h in cached else fresh[h] for h in hashes]).astype(np.float32, copy=False)
    return vectors, len(cached), len(missing)


def cached_encode(db_path: str | Path, encoder: Embedder) -> Callable[[Sequence[str]], np.ndarray]:
    """`encoder.encode` through the cache: for the namers' candidate names, which repeat from day to day.

    Every cluster offers up to eight candidate names and the hierarchy a few per parent; at 100,000
    conversations that is thousands of short texts a day, most of them yesterday's again (the windows
    share all but one day), and encoding them was a quarter of the clustering step.
    """

    def encode(texts: Sequence[str]) -> np.ndarray:
        if len(texts) == 0:
            return np.zeros((0, encoder.dim), dtype=np.float32)
        return embed_with_cache(db_path, encoder, list(texts))[0]

    return encode
