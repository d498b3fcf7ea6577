"""Reading the texts to embed and writing a day's embeddings, in short warehouse connections."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pyarrow as pa

from clio_pipeline.embeddings.encoder import text_hash
from clio_pipeline.warehouse import connect, replace_partition

_BUILTIN_TEXT_COLUMNS = ("summary_en", "summary", "task")


def read_texts(
    db_path: str | Path, day: date, text_facet: str = "summary"
) -> tuple[list[str], list[str], list[str], int]:
    """(conversation_ids, texts, languages, n_skipped) of the day's facets; failed or empty ones are skipped."""
    if text_facet in _BUILTIN_TEXT_COLUMNS:
        expr = text_facet
    else:
        # A configured extra facet, stored in the JSON column.
        expr = f"json_extract_string(extra_facets, '$.{text_facet}')"
    with connect(db_path, read_only=True) as con:
        rows = con.execute(
            f"SELECT conversation_id, {expr} AS text, language, failed FROM facets WHERE partition_date = ? "
            "ORDER BY conversation_id",
            [day],
        ).fetchall()
    kept = [(cid, text, language or "und") for cid, text, language, failed in rows if not failed and text and text.strip()]
    return [k[0] for k in kept], [k[1] for k in kept], [k[2] for k in kept], len(rows) - len(kept)


def write_embeddings(db_path: str | Path, day: date, model_id: str, ids: list[str], texts: list[str], vectors: np.ndarray) -> int:
    """Replace the day's partition of `embeddings`."""
    dim = vectors.shape[1] if len(vectors) else 0
    flat = pa.array(np.ascontiguousarray(vectors, dtype=np.float32).reshape(-1), pa.float32())
    offsets = pa.array(np.arange(0, (len(ids) + 1) * dim, dim, dtype=np.int32) if dim else np.zeros(len(ids) + 1, np.int32))
    table = pa.table(
        {
            "conversation_id": pa.array(ids, pa.string()),
            "partition_date": pa.array([day] * len(ids), pa.date32()),
            "model": pa.array([model_id] * len(ids), pa.string()),
            "text_hash": pa.array([text_hash(t) for t in texts], pa.string()),
            "embedding": pa.ListArray.from_arrays(offsets, flat),
        }
    )
    with connect(db_path) as con:
        con.register("new_embeddings", table)
        return replace_partition(con, "embeddings", day, "SELECT * FROM new_embeddings")
