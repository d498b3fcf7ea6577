"""A warehouse window of pre-computed synthetic vectors, written straight into its tables.

Encoding a million summaries with the default embedder on two shared cores takes hours (~50 texts/s),
and the memory and time of clustering do not depend on where the vectors came from. So this writes
`conversations`, `facets` and `embeddings` rows directly: `n_topics` random unit directions, each row
its topic's direction plus Gaussian noise, renormalised; summaries are short sentences made of a
topic's own made-up words plus shared filler, from `n / rows_per_user` pseudonymous users. Nothing
here is tuned to the pipeline: it only has to be data of the right shape and size.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pyarrow as pa

from clio_pipeline.warehouse import connect, ensure_warehouse

_SYLLABLES = ["ka", "lo", "mi", "ta", "ve", "ru", "no", "pi", "sa", "de", "gu", "zo", "fe", "bi", "ha", "ju"]
_FILLER = ["the user asks about", "a question on", "help with", "the user wants advice on", "explaining"]


def topic_words(n_topics: int, words_per_topic: int, rng: np.random.Generator) -> list[list[str]]:
    """Distinct made-up words (four syllables: 65,536 possible) for every topic."""
    if n_topics * words_per_topic > len(_SYLLABLES) ** 4 // 2:
        raise ValueError(f"{n_topics} topics x {words_per_topic} words: too many for four-syllable words")
    seen: set[str] = set()
    topics = []
    for _ in range(n_topics):
        words = []
        while len(words) < words_per_topic:
            word = "".join(rng.choice(_SYLLABLES, size=4))
            if word not in seen:
                seen.add(word)
                words.append(word)
        topics.append(words)
    return topics


def write_synthetic_window(
    db_path: str | Path, *, n: int, start: date, days: int = 7, dim: int = 384, n_topics: int = 200,
    noise: float = 1.0, rows_per_user: int = 5, seed: int = 0, chunk_rows: int = 50_000,
) -> None:
    """`n` embedded conversations over `days` days from `start`, in chunks of `chunk_rows` rows."""
    rng = np.random.default_rng(seed)
    ensure_warehouse(db_path)
    centers = rng.normal(size=(n_topics, dim)).astype(np.float32)
    centers /= np.linalg.norm(centers, axis=1, keepdims=True)
    words = topic_words(n_topics, 6, rng)
    n_users = max(1, n // rows_per_user)
    per_day = np.diff(np.linspace(0, n, days + 1).round().astype(np.int64))
    written = 0
    for d, day_rows in enumerate(per_day):
        day = start + timedelta(days=d)
        for begin in range(0, int(day_rows), chunk_rows):
            rows = min(chunk_rows, int(day_rows) - begin)
            ids = np.arange(written, written + rows)
            topic = rng.integers(n_topics, size=rows)
            vectors = centers[topic] + (noise / np.sqrt(dim)) * rng.normal(size=(rows, dim)).astype(np.float32)
            vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
            picks = rng.integers(6, size=(rows, 2))
            fill = rng.integers(len(_FILLER), size=rows)
            summaries = [f"{_FILLER[f].capitalize()} {words[t][a]} {words[t][b]}."
                         for t, (a, b), f in zip(topic, picks, fill, strict=True)]
            _insert(db_path, day, [f"c{i:08d}" for i in ids],
                    [f"u{u:07d}" for u in rng.integers(n_users, size=rows)], summaries, vectors)
            written += rows


def _insert(db_path, day: date, ids: list[str], users: list[str], summaries: list[str], vectors: np.ndarray) -> None:
    rows = len(ids)
    at = datetime(day.year, day.month, day.day, 12, tzinfo=timezone.utc)
    const = {"partition_date": pa.repeat(pa.scalar(day, pa.date32()), rows)}
    conversations = pa.table({
        "conversation_id": ids, "user_id": users, "created_at": pa.repeat(pa.scalar(at), rows), **const,
        "messages": pa.array([[] for _ in range(rows)], pa.list_(pa.struct([("role", pa.string()), ("content", pa.string())]))),
        "n_messages": pa.repeat(0, rows), "n_user_messages": pa.repeat(0, rows), "n_chars": pa.repeat(0, rows),
        "source_file": pa.repeat("synthetic", rows), "source_line": pa.array(np.arange(rows)),
    })
    facets = pa.table({
        "conversation_id": ids, **const, "summary": summaries, "summary_en": summaries, "task": summaries,
        "language": pa.repeat("en", rows), "concerning_score": pa.repeat(1, rows), "n_turns": pa.repeat(1, rows),
        "n_user_messages": pa.repeat(1, rows), "n_user_chars": pa.repeat(0, rows), "n_assistant_chars": pa.repeat(0, rows),
        "user_char_share": pa.repeat(0.5, rows), "backend": pa.repeat("offline", rows), "model": pa.repeat("synthetic", rows),
        "prompt_version": pa.repeat("v1", rows), "is_heuristic": pa.repeat(True, rows), "failed": pa.repeat(False, rows),
        "extracted_at": pa.repeat(pa.scalar(at), rows),
    })
    d = vectors.shape[1]
    embeddings = pa.table({
        "conversation_id": ids, **const, "model": pa.repeat("synthetic", rows), "text_hash": ids,
        "embedding": pa.ListArray.from_arrays(pa.array(np.arange(0, (rows + 1) * d, d, dtype=np.int32)),
                                              pa.array(np.ascontiguousarray(vectors, np.float32).reshape(-1))),
    })
    with connect(db_path) as con:
        for name, table in (("conversations", conversations), ("facets", facets), ("embeddings", embeddings)):
            con.register("new_rows", table)
            con.execute(f"INSERT INTO {name} BY NAME SELECT * FROM new_rows")
            con.unregister("new_rows")
