"""Stable topics in the analyst database: `topic_id` on published clusters, and published lineage.

What is published:
- `clusters.topic_id` on every published base cluster, and `clusters.topic_ids` on every published
  cluster: the topic ids of the published base clusters under it (parents carry their children's ids;
  a suppressed cluster's topic is never listed anywhere).
- `topic_lineage`: births, splits, merges, deaths, renames and revivals, without any count, naming only topics
  that were published (on that day or before). A topic's birth or split is published on the first
  day its cluster passes the gates, not the day it was born privately.
- the views `topic_trends` and `topic_growth` (sql/analyst/), computed from `clusters` (and, for growth
  per day of window, `publication_log.window_days`) only.

Why no suppressed count can be recovered across days (the small-cell rules, applied over time):
1. `topic_trends` republishes the window counts `clusters` already published for each day; it adds no
   count, and publishes no total over topics or days that could be subtracted. A day on which a topic
   was suppressed has no row, and lineage events carry no counts.
2. Linking a topic's windows across days is what stable ids are for, and it makes one relation
   public: window(d) - window(d-1) = newest day - dropped day (up to conversations that changed topic).
   That difference alone reveals neither day. It would, as soon as one day of the topic were known:
   every 7th day would then follow. So with stable topics no daily cell that holds exactly one topic's
   day is published, nor any difference of published daily cells that isolates one (privacy.linked_cells,
   `units`), base clusters carry no `growth` (it is their last day over their window mean), and
   empty days are suppressed rather than published as zero.
3. The other buckets and parents keep the secondary and linked-cell suppression of one day's tree.
4. Lineage links topics too. After a split of A into A and C (or a merge), A + C holds what A held
   the day before, and A's windows were published: a parent cell holding exactly A and C on a day
   before the split is A's old daily count, and two such days subtracted from an old window give the
   third. Nor does that end when the window has moved past the split: A's and C's windows add up to
   the old A's window every day, so one later day of A + C anchors the chain back to the old days.
   So topics joined by any split or merge up to the partition count as one unit in rule 2 for good
   (`TopicInputs.units`, tested in test_topic_lineage_privacy.py by solving everything published).
   This suppresses more parent days as lineage accumulates; it never publishes more.
What remains is inherent to publishing overlapping windows daily, with or without ids (clusters
were linkable by name before): where a day's count is known to be zero for reasons outside the data
(the first days of the data, a topic that did not exist before), window differences are day counts.
Only noise, or windows that do not overlap, removes that.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb
import pyarrow as pa

from clio_pipeline.publishing.schema import TABLES
from clio_pipeline.warehouse import connect, table_exists

# Private lineage events that are published (births and splits are published when the topic first is).
_LATER_EVENTS = ("merge", "death", "rename", "revive")


@dataclass(frozen=True)
class TopicInputs:
    """The private topic state the publisher needs for one partition."""

    topic_of: dict[str, str]  # base cluster id -> topic id
    events: list[tuple[str, str, str | None]]  # the day's merges, deaths, renames: (topic, event, related)
    origins: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # topic -> (birth|split, from)
    published_before: frozenset[str] = frozenset()  # topics staged on an earlier partition
    units: dict[str, str] = field(default_factory=dict)  # base cluster id -> its topic's lineage family (rule 4)


def load_topic_inputs(db_path: str | Path, day: date) -> TopicInputs | None:
    """The day's topics and lineage from the warehouse; None when the day has no topics (topics off)."""
    with connect(db_path, read_only=True) as con:
        if not table_exists(con, "cluster_topics"):
            return None
        topic_of = dict(con.execute(
            "SELECT cluster_id, topic_id FROM cluster_topics WHERE partition_date = ?", [day]).fetchall())
        if not topic_of:
            return None
        placeholders = ", ".join("?" for _ in _LATER_EVENTS)
        events = con.execute(
            f"SELECT topic_id, event, related_topic_id FROM topic_lineage WHERE partition_date = ? "
            f"AND event IN ({placeholders}) ORDER BY topic_id, event", [day, *_LATER_EVENTS]).fetchall()
        origins = {
            topic: (event, related) for topic, event, related in con.execute(
                "SELECT topic_id, event, related_topic_id FROM topic_lineage "
                "WHERE event IN ('birth', 'split') AND partition_date <= ? "
                "QUALIFY row_number() OVER (PARTITION BY topic_id ORDER BY partition_date) = 1", [day]).fetchall()
        }
        before = _staged_topics_before(con, day)
        related = con.execute(
            "SELECT topic_id, related_topic_id FROM topic_lineage WHERE event IN ('split', 'merge') "
            "AND related_topic_id IS NOT NULL AND partition_date <= ? ORDER BY ALL", [day]).fetchall()
    family = lineage_families(related)
    units = {cluster: family.get(topic, topic) for cluster, topic in topic_of.items()}
    return TopicInputs(topic_of, [tuple(e) for e in events], origins, frozenset(before), units)


def lineage_families(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Topic -> the smallest topic id it is joined to by the (topic, related topic) pairs, transitively."""
    root: dict[str, str] = {}

    def find(topic: str) -> str:
        while root.get(topic, topic) != topic:
            topic = root[topic]
        return topic

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            root[max(ra, rb)] = min(ra, rb)
    return {topic: find(topic) for pair in pairs for topic in pair} if root else {}


def _staged_topics_before(con: duckdb.DuckDBPyConnection, day: date) -> set[str]:
    columns = {r[0] for r in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'staged_clusters'").fetchall()}
    if "topic_id" not in columns:
        return set()
    rows = con.execute(
        "SELECT DISTINCT topic_id FROM staged_clusters WHERE partition_date < ? AND topic_id IS NOT NULL", [day])
    return {r[0] for r in rows.fetchall()}


def add_topic_columns(clusters: pa.Table, topic_of: dict[str, str]) -> pa.Table:
    """`clusters` with `topic_id` on published base clusters and `topic_ids` on every cluster."""
    rows = clusters.to_pylist()
    parent = {r["cluster_id"]: r["parent_id"] for r in rows}
    carried: dict[str, set[str]] = {r["cluster_id"]: set() for r in rows}
    for row in rows:
        topic = topic_of.get(row["cluster_id"]) if row["level"] == 0 and not row["is_other"] else None
        row["topic_id"] = topic
        node: str | None = row["cluster_id"]
        while topic is not None and node is not None and node in carried:
            carried[node].add(topic)
            node = parent.get(node)
    for row in rows:
        row["topic_ids"] = sorted(carried[row["cluster_id"]])
    return pa.Table.from_pylist(rows, schema=TABLES["clusters"])


def lineage_rows(day: date, published_today: Iterable[str], inputs: TopicInputs) -> list[dict]:
    """Published lineage events of the day; see the module docstring for which."""
    today = set(published_today)
    known = today | inputs.published_before
    rows = []
    for topic in sorted(today - inputs.published_before):
        event, related = inputs.origins.get(topic, ("birth", None))
        rows.append(_event(day, topic, event, related if related in known else None))
    for topic, event, related in inputs.events:
        if event in ("rename", "revive") and topic in today and topic in inputs.published_before:
            rows.append(_event(day, topic, event, None))
        elif event in ("merge", "death") and topic in inputs.published_before and topic not in today:
            rows.append(_event(day, topic, event, related if related in today else None))
    return rows


def _event(day: date, topic: str, event: str, related: str | None) -> dict:
    return {"partition_date": day, "topic_id": topic, "event": event, "related_topic_id": related}


def with_topics(tables: dict[str, pa.Table], inputs: TopicInputs, day: date) -> dict[str, pa.Table]:
    """The built analyst tables with topic ids on clusters and the day's published lineage."""
    clusters = add_topic_columns(tables["clusters"], inputs.topic_of)
    today = {t for t in clusters.column("topic_id").to_pylist() if t is not None}
    lineage = pa.Table.from_pylist(lineage_rows(day, today, inputs), schema=TABLES["topic_lineage"])
    return {**tables, "clusters": clusters, "topic_lineage": lineage}


def published_topic_ids(published_db: Path) -> set[str]:
    """Topic ids already in the analyst database (empty when it does not exist yet)."""
    if not Path(published_db).exists():
        return set()
    try:
        with duckdb.connect(str(published_db), read_only=True) as con:
            columns = {r[0] for r in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = 'clusters'").fetchall()}
            if "topic_id" not in columns:
                return set()
            return {r[0] for r in con.execute(
                "SELECT DISTINCT topic_id FROM clusters WHERE topic_id IS NOT NULL").fetchall()}
    except (duckdb.Error, OSError):  # unreadable: the publish step rebuilds it from the staged days
        return set()


def keep_published_lineage(tables: dict[str, pa.Table], already: set[str]) -> dict[str, pa.Table]:
    """Drop lineage rows about topics never published, and unlink related topics never published.

    Staging judges "published before" by the staged partitions; a partition that failed its checks
    was staged but not published, so the publish step checks against the analyst database itself
    (`already`: its topic ids before this partition), which also drops a birth already published.
    """
    published = already | {t for t in tables["clusters"].column("topic_id").to_pylist() if t is not None}
    rows = [
        {**row, "related_topic_id": row["related_topic_id"] if row["related_topic_id"] in published else None}
        for row in tables["topic_lineage"].to_pylist()
        if row["topic_id"] in published and not (row["event"] in ("birth", "split") and row["topic_id"] in already)
    ]
    return {**tables, "topic_lineage": pa.Table.from_pylist(rows, schema=TABLES["topic_lineage"])}


def find_topic_leaks(clusters: Iterable[dict], lineage: Iterable[dict], published_before: set[str]) -> list[str]:
    """Staged rows that name a topic no published base cluster carries (today or before)."""
    clusters = list(clusters)
    today = {c["topic_id"] for c in clusters if c.get("topic_id")}
    problems = []
    for c in clusters:
        if c.get("topic_id") and (c["level"] != 0 or c["is_other"]):
            problems.append(f"{c['cluster_id']}: topic_id on a cluster that is not a published base cluster")
        for topic in c.get("topic_ids") or []:
            if topic not in today:
                problems.append(f"{c['cluster_id']}: lists topic {topic}, which is not published")
    for row in lineage:
        for topic in (row["topic_id"], row.get("related_topic_id")):
            if topic is not None and topic not in today | published_before:
                problems.append(f"lineage {row['event']} names topic {topic}, which was never published")
    return problems
