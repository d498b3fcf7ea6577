"""The window's distinct-users word rule, counted while its summaries stream past (no text is kept).

The phrase namer (`naming.py`) is global over the window: phrases are chosen and made unique across
all clusters at once, so clusters cannot be named a group at a time. What can stream is the word rule
that every published word passes, which is otherwise counted from all summaries in memory.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

from clio_pipeline.clustering.stream import CHUNK_ROWS
from clio_pipeline.privacy.word_rule import WordRule
from clio_pipeline.warehouse import connect


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
