"""Stable topics for the explorer page: each shown topic's history and how fast it is rising.

Everything comes from the analyst database's `clusters` (the same numbers as its `topic_trends`
view): a topic's history is its published window count on every published day up to the page's
partition, and its 7-day growth compares the window count on the page's day with the one 7 days
before. A parent's growth sums the topics it carries (`topic_ids`) that were published on both days.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

import duckdb

GROWTH_DAYS = 7


def load_topic_history(
    con: duckdb.DuckDBPyConnection, columns: set[str], day: date, topics: Iterable[str]
) -> dict[str, list[list[Any]]]:
    """topic id -> [[day, window conversations], ...] up to `day`, for the given topics."""
    wanted = sorted(set(topics))
    if "topic_id" not in columns or not wanted:
        return {}
    rows = con.execute(
        "SELECT topic_id, partition_date, n_conversations FROM clusters "
        "WHERE level = 0 AND NOT is_other AND partition_date <= ? AND list_contains(?, topic_id) "
        "ORDER BY topic_id, partition_date",
        [day, wanted],
    ).fetchall()
    history: dict[str, list[list[Any]]] = {}
    for topic, when, n in rows:
        history.setdefault(str(topic), []).append([when.isoformat(), int(n)])
    return history


def rising(clusters: list[dict[str, Any]], history: dict[str, list[list[Any]]], day: date) -> None:
    """Set `growth_7d` (topic window count now vs 7 days before, minus 1) and `first_day` on clusters."""
    then = (day - timedelta(days=GROWTH_DAYS)).isoformat()
    now = day.isoformat()
    counts = {topic: dict((d, n) for d, n in points) for topic, points in history.items()}
    for cluster in clusters:
        topics = cluster.get("topic_ids") or ([cluster["topic_id"]] if cluster.get("topic_id") else [])
        both = [t for t in topics if now in counts.get(t, {}) and then in counts.get(t, {})]
        before = sum(counts[t][then] for t in both)
        cluster["growth_7d"] = sum(counts[t][now] for t in both) / before - 1 if before else None
        topic = cluster.get("topic_id")
        cluster["first_day"] = history[topic][0][0] if topic in history else None
        cluster["new_topic"] = cluster["first_day"] is not None and cluster["first_day"] > then
