"""Where stable topics live in the warehouse, and the clustering step that assigns them.

`read_previous_topics` reads the state a day is matched against: the base clusters, topics, names and
members of the **last materialized day before it** (by partition date, never by run time), so a re-run
of a day with unchanged input reads the same state and gives the same ids. Re-running an earlier day
after later days exist (an out-of-order backfill) re-derives that day from the day before it and
leaves the later days as they are; to carry a changed earlier day forward, re-materialize the later
days in order (`clio-pipeline run --start <day> --end <last>`), each of which is matched against its
own previous day again. The asset says in its metadata how many later days exist.

`assign_topics` is the step between k-means and writing: it matches today's clusters to the previous
day's, decides which names carry over, and returns what `write_topics` stores (`cluster_topics`,
`topic_lineage`, see sql/warehouse/topics.sql).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pyarrow as pa

from clio_pipeline.clustering.kmeans import KMeansResult
from clio_pipeline.clustering.naming import ClusterLabel, split_tag
from clio_pipeline.clustering.stream import StreamedWindow
from clio_pipeline.clustering.topics import (
    REVIVE,
    CurrentCluster,
    LineageEvent,
    PreviousTopics,
    TopicUpdate,
    carry_names,
    track_topics,
)
from clio_pipeline.clustering.window import WindowData, base_cluster_id
from clio_pipeline.privacy.word_rule import WordRule
from clio_pipeline.warehouse import connect

_TOPIC_ROWS_SQL = """
SELECT t.partition_date, t.cluster_id, t.topic_id, c.centroid, c.n_conversations, c.name, c.description,
       t.named_on, t.name_anchor
FROM cluster_topics t
JOIN clusters c ON c.partition_date = t.partition_date AND c.cluster_id = t.cluster_id AND c.level = 0
"""


def read_previous_topics(db_path: str | Path, day: date) -> PreviousTopics | None:
    """The topics of the last day before `day` that has them, with centroids, names and members.

    Its `dormant` topics are those last seen on a day inside that day's clustering window (but not on
    the day itself), each with its last day's cluster and members: what `track_topics` may revive.
    """
    with connect(db_path, read_only=True) as con:
        (previous_day,) = con.execute(
            "SELECT max(partition_date) FROM cluster_topics WHERE partition_date < ?", [day]
        ).fetchone()
        if previous_day is None:
            return None
        rows = con.execute(_TOPIC_ROWS_SQL + "WHERE t.partition_date = ? ORDER BY t.cluster_id",
                           [previous_day]).fetchall()
        members = con.execute(
            "SELECT conversation_id, cluster_id FROM cluster_assignments WHERE partition_date = ?", [previous_day]
        ).fetchall()
        window = con.execute("SELECT window_start FROM clustering_runs WHERE partition_date = ?",
                             [previous_day]).fetchone()
        dormant_rows, dormant_members = [], []
        if window is not None:
            dormant_rows = con.execute(
                _TOPIC_ROWS_SQL + "WHERE t.partition_date >= ? AND t.partition_date < ? AND t.topic_id NOT IN "
                "(SELECT topic_id FROM cluster_topics WHERE partition_date = ?) "
                "QUALIFY row_number() OVER (PARTITION BY t.topic_id ORDER BY t.partition_date DESC) = 1 "
                "ORDER BY t.topic_id", [window[0], previous_day, previous_day]).fetchall()
            keys = pa.table({"partition_date": pa.array([r[0] for r in dormant_rows], pa.date32()),
                             "cluster_id": pa.array([r[1] for r in dormant_rows], pa.string())})
            con.register("dormant_keys", keys)
            # Oldest first, so a conversation of two dormant topics belongs to the one it was in last.
            dormant_members = con.execute(
                "SELECT a.conversation_id, a.partition_date, a.cluster_id FROM cluster_assignments a "
                "SEMI JOIN dormant_keys k USING (partition_date, cluster_id) ORDER BY a.partition_date").fetchall()
    if not rows:
        return None
    dormant = None
    if dormant_rows:
        index = {(r[0], r[1]): i for i, r in enumerate(dormant_rows)}
        dormant = _topics(previous_day, dormant_rows, {c: index[(d, k)] for c, d, k in dormant_members})
    index = {(r[0], r[1]): i for i, r in enumerate(rows)}
    return _topics(previous_day, rows, {c: index[(previous_day, k)] for c, k in members
                                        if (previous_day, k) in index}, dormant)


def _topics(day: date, rows: list[tuple], members: dict[str, int], dormant: PreviousTopics | None = None
            ) -> PreviousTopics:
    return PreviousTopics(
        day=day,
        cluster_ids=[r[1] for r in rows],
        topic_ids=[r[2] for r in rows],
        centroids=np.asarray([r[3] for r in rows], dtype=np.float32),
        sizes=[int(r[4]) for r in rows],
        names=[r[5] for r in rows],
        descriptions=[r[6] for r in rows],
        named_on=[r[7] for r in rows],
        anchors=np.asarray([r[8] for r in rows], dtype=np.float32),
        members=members,
        dormant=dormant,
        last_seen=[r[0] for r in rows],
    )


def read_ages(db_path: str | Path, window: WindowData, start: date, day: date) -> np.ndarray:
    """Days between each window conversation's partition and `day`, aligned with the window."""
    with connect(db_path, read_only=True) as con:
        con.register("window_ids", pa.table({"conversation_id": pa.array(window.conversation_ids, pa.string())}))
        rows = con.execute(
            "SELECT e.conversation_id, e.partition_date FROM embeddings e SEMI JOIN window_ids w "
            "ON e.conversation_id = w.conversation_id WHERE e.partition_date BETWEEN ? AND ?", [start, day]).fetchall()
    days = dict(rows)
    return np.asarray([(day - days[c]).days for c in window.conversation_ids], dtype=np.float64)


def count_later_days(db_path: str | Path, day: date) -> int:
    """Days after `day` that already have topics (an out-of-order re-run leaves them as they are)."""
    with connect(db_path, read_only=True) as con:
        (n,) = con.execute(
            "SELECT count(DISTINCT partition_date) FROM cluster_topics WHERE partition_date > ?", [day]
        ).fetchone()
    return int(n)


@dataclass
class TopicAssignment:
    """What the topic step decided for one day: final names by k-means label, rows to store, events."""

    labels: dict[int, ClusterLabel]
    rows: list[dict]
    events: list[LineageEvent]
    update: TopicUpdate

    def counts(self) -> dict[str, int]:
        """Events by kind plus continuing topics and kept names, for the asset's metadata."""
        counts = {"continued": sum(1 for link in self.update.links.values() if link.origin == "continue"),
                  "names_kept": sum(1 for row in self.rows if row["kept"])}
        for event in self.events:
            counts[event.event] = counts.get(event.event, 0) + 1
        return counts


def assign_topics(
    day: date,
    window: WindowData | StreamedWindow,
    result: KMeansResult,
    fresh: Mapping[int, ClusterLabel],
    previous: PreviousTopics | None,
    *,
    min_users: int,
    rule: WordRule | None = None,
) -> TopicAssignment:
    """Match today's k-means clusters to the previous day's topics and settle every cluster's name.

    `rule` is the window's word rule; without it, it is counted from `window.summaries`."""
    present = sorted(set(int(x) for x in result.labels))
    members: dict[int, list[str]] = {label: [] for label in present}
    for conversation_id, label in zip(window.conversation_ids, result.labels, strict=True):
        members[int(label)].append(conversation_id)
    current = [
        CurrentCluster(base_cluster_id(day, position), result.centroids[label], members[label])
        for position, label in enumerate(present)
    ]
    label_of = {cluster.cluster_id: label for cluster, label in zip(current, present, strict=True)}
    update = track_topics(day, current, previous)
    if previous is None:
        rule = None  # nothing carries over, so no name is re-checked
    elif rule is None:
        rule = WordRule.from_texts(window.summaries, window.user_ids, min_users)
    names, renames = carry_names(
        day, current, update, previous,
        {c.cluster_id: (fresh[label_of[c.cluster_id]].name, fresh[label_of[c.cluster_id]].description)
         for c in current},
        allowed=lambda text: _still_publishable(text, rule),
    )
    labels: dict[int, ClusterLabel] = {}
    rows = []
    for cluster in current:
        label, link, name = label_of[cluster.cluster_id], update.links[cluster.cluster_id], names[cluster.cluster_id]
        labels[label] = fresh[label].model_copy(update={"name": name.name, "description": name.description})
        # A revived topic points at its last day's cluster, not at the previous day.
        source = previous.dormant if previous is not None and link.origin == REVIVE else previous
        known = link.previous_index is not None and source is not None
        rows.append({
            "partition_date": day, "cluster_id": cluster.cluster_id, "topic_id": link.topic_id,
            "origin": link.origin, "previous_date": source.seen_on(link.previous_index) if known else None,
            "previous_cluster_id": source.cluster_ids[link.previous_index] if known else None,
            "similarity": link.similarity, "named_on": name.named_on,
            "name_anchor": np.asarray(name.anchor, dtype=np.float32).tolist(), "kept": name.kept,
        })
    return TopicAssignment(labels, rows, update.events + renames, update)


def _still_publishable(text: str, rule: WordRule | None) -> bool:
    """A kept name must pass today's word rule and the PII detectors, like a fresh one.

    Its language tag is code added after the rule (`naming.finish_name`), so only the words are checked.
    """
    from clio_pipeline.privacy.scrubber import detect

    words, _ = split_tag(text)
    return rule is not None and not rule.violations(words) and not list(detect(words))


_TOPICS_SCHEMA = pa.schema([
    ("partition_date", pa.date32()), ("cluster_id", pa.string()), ("topic_id", pa.string()),
    ("origin", pa.string()), ("previous_date", pa.date32()), ("previous_cluster_id", pa.string()),
    ("similarity", pa.float32()), ("named_on", pa.date32()), ("name_anchor", pa.list_(pa.float32())),
])
_LINEAGE_SCHEMA = pa.schema([
    ("partition_date", pa.date32()), ("topic_id", pa.string()), ("event", pa.string()),
    ("related_topic_id", pa.string()), ("similarity", pa.float32()),
])


def write_topics(db_path: str | Path, day: date, assignment: TopicAssignment | None) -> None:
    """Replace the day's `cluster_topics` and `topic_lineage` rows (none when topics are off)."""
    rows = [] if assignment is None else [{k: v for k, v in r.items() if k != "kept"} for r in assignment.rows]
    events = [] if assignment is None else [
        {"partition_date": day, "topic_id": e.topic_id, "event": e.event, "related_topic_id": e.related_topic_id,
         "similarity": e.similarity}
        for e in assignment.events
    ]
    topics = pa.Table.from_pylist(rows, schema=_TOPICS_SCHEMA)
    lineage = pa.Table.from_pylist(events, schema=_LINEAGE_SCHEMA)
    with connect(db_path) as con:
        con.execute("BEGIN TRANSACTION")
        try:
            for table in ("cluster_topics", "topic_lineage"):
                con.execute(f"DELETE FROM {table} WHERE partition_date = ?", [day])
            con.register("new_topics", topics)
            con.register("new_lineage", lineage)
            con.execute("INSERT INTO cluster_topics BY NAME SELECT * FROM new_topics")
            con.execute("INSERT INTO topic_lineage BY NAME SELECT * FROM new_lineage")
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
