"""Where the hierarchy reads its base members' summaries from: a mapping in memory, or the warehouse.

The hierarchy needs the window's texts twice: the distinct-users word rule over every summary (every
published word passes it), and the summaries of a bounded sample of each parent's members to name it
(`naming.name_parents_offline`: at most `MAX_DOCS_PER_CLUSTER` per parent plus a few hundred of its
neighbours'). Neither needs them all at once. `WarehouseSummaries` streams the rule a chunk at a time and
fetches only the sampled texts, so a window of millions of conversations is never held as Python
strings; `MappingSummaries` is the same interface over a dict (tests, the quality bench).
Both give the same rule and the same texts for the same window: the names do not depend on which.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Protocol

import pyarrow as pa

from clio_pipeline.privacy.word_rule import WordRule
from clio_pipeline.warehouse import connect, stream_pairs

CHUNK_ROWS = 50_000


class Summaries(Protocol):
    """The summaries of a window's base members."""

    def word_rule(self, min_users: int) -> WordRule:
        """The distinct-users word rule over every member's summary."""
        ...

    def with_text(self, conversation_ids: Iterable[str]) -> list[str]:
        """`conversation_ids`, in order, without those whose summary is empty or missing."""
        ...

    def fetch(self, conversation_ids: Sequence[str]) -> dict[str, str]:
        """The summaries of `conversation_ids` (each must have one)."""
        ...


class MappingSummaries:
    """`Summaries` over a conversation id -> summary mapping, with the users who wrote them."""

    def __init__(self, summaries: Mapping[str, str], users: Mapping[str, str]) -> None:
        self.summaries, self.users = summaries, users

    def word_rule(self, min_users: int) -> WordRule:
        ids = [c for c in self.summaries if c in self.users]
        return WordRule.from_texts([self.summaries[c] for c in ids], [self.users[c] for c in ids], min_users)

    def with_text(self, conversation_ids: Iterable[str]) -> list[str]:
        return [c for c in conversation_ids if self.summaries.get(c)]

    def fetch(self, conversation_ids: Sequence[str]) -> dict[str, str]:
        return {c: self.summaries[c] for c in conversation_ids}


def as_summaries(summaries: Summaries | Mapping[str, str], users: Mapping[str, str]) -> Summaries:
    """`summaries` as the `Summaries` interface (a plain mapping is wrapped)."""
    return MappingSummaries(summaries, users) if isinstance(summaries, Mapping) else summaries


# One summary per conversation of the window (the newest, should a conversation have been described twice),
# joined to the day's base assignments and their users: the rows `store.read_base_level` reads.
_MEMBER_SUMMARIES = """
WITH summary AS (
    SELECT conversation_id, coalesce(summary_en, '') AS summary FROM facets
    WHERE partition_date BETWEEN $start AND $end
    QUALIFY row_number() OVER (PARTITION BY conversation_id ORDER BY partition_date DESC) = 1
)
SELECT s.summary, c.user_id
FROM cluster_assignments a
JOIN conversations c ON c.conversation_id = a.conversation_id AND c.partition_date BETWEEN $start AND $end
JOIN summary s ON s.conversation_id = a.conversation_id
WHERE a.partition_date = $d
"""

_FETCH = """
SELECT w.conversation_id, coalesce(f.summary_en, '') FROM wanted w
JOIN facets f ON f.conversation_id = w.conversation_id AND f.partition_date BETWEEN $start AND $end
QUALIFY row_number() OVER (PARTITION BY f.conversation_id ORDER BY f.partition_date DESC) = 1
"""


class WarehouseSummaries:
    """`Summaries` read from the warehouse: the rule streamed a chunk at a time, texts fetched by id."""

    def __init__(self, db_path: str | Path, day: date, start: date, end: date, blank: frozenset[str]) -> None:
        self.db_path, self.params = db_path, {"d": day, "start": start, "end": end}
        self.blank = blank  # members whose summary is empty: known from the members' read, never fetched

    def _pairs(self) -> Iterator[tuple[str, str]]:
        return stream_pairs(self.db_path, _MEMBER_SUMMARIES, self.params, CHUNK_ROWS)

    def word_rule(self, min_users: int) -> WordRule:
        return WordRule.from_pairs(self._pairs(), min_users)

    def with_text(self, conversation_ids: Iterable[str]) -> list[str]:
        return [c for c in conversation_ids if c not in self.blank]

    def fetch(self, conversation_ids: Sequence[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        with connect(self.db_path, read_only=True) as con:
            for begin in range(0, len(conversation_ids), CHUNK_ROWS):
                chunk = pa.array(conversation_ids[begin:begin + CHUNK_ROWS], pa.string())
                con.register("wanted", pa.table({"conversation_id": chunk}))
                span = {"start": self.params["start"], "end": self.params["end"]}
                found.update(con.execute(_FETCH, span).fetchall())
                con.unregister("wanted")
        missing = [c for c in conversation_ids if c not in found]
        if missing:
            raise RuntimeError(
                f"{len(missing)} summaries vanished from the window while it was named, e.g. {missing[:3]}")
        return found


def member_word_rule(db_path: str | Path, day: date, min_users: int) -> WordRule:
    """The word rule over the summaries of the day's base members, streamed (empty if never clustered)."""
    from clio_pipeline.clustering.cluster_window import read_cluster_window

    with connect(db_path, read_only=True) as con:
        window = read_cluster_window(con, day)
    if window is None:
        return WordRule.from_pairs([], min_users)
    return WarehouseSummaries(db_path, day, window.start, window.end, frozenset()).word_rule(min_users)
