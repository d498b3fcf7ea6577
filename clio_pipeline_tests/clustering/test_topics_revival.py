"""Stable topics: a topic absorbed for a few days takes its id back, and k is set for the full window.

The core rules on planted directions, and the dormant topics read back from a real DuckDB warehouse.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import duckdb
import numpy as np
import pytest

from clio_pipeline.clustering.lineage import read_previous_topics
from clio_pipeline.clustering.topics import (
    BIRTH,
    REVIVE,
    CurrentCluster,
    PreviousTopics,
    carry_names,
    track_topics,
)
from clio_pipeline.warehouse import ensure_warehouse

DAY0, DAY1, DAY2 = date(2026, 1, 5), date(2026, 1, 6), date(2026, 1, 7)


def unit(v: np.ndarray) -> np.ndarray:
    return (v / np.linalg.norm(v, axis=-1, keepdims=True)).astype(np.float32)


@pytest.fixture(scope="module")
def directions() -> np.ndarray:
    return unit(np.random.default_rng(3).normal(size=(6, 32)))


def topics(directions: np.ndarray, ids: list[int], members: dict[str, int], day: date,
           dormant: PreviousTopics | None = None) -> PreviousTopics:
    return PreviousTopics(
        day=day, cluster_ids=[f"{day:%d}-c{i}" for i in ids], topic_ids=[f"T{i}" for i in ids],
        centroids=directions[ids], sizes=[10] * len(ids), names=[f"name {i}" for i in ids],
        descriptions=[f"description {i}" for i in ids], named_on=[DAY0] * len(ids), anchors=directions[ids],
        members=members, dormant=dormant, last_seen=[day] * len(ids),
    )


def yesterday(directions: np.ndarray) -> PreviousTopics:
    """Day 1: T0 and T1, T1 holding T2's conversations (absorbed); T2 last seen on day 0."""
    t2 = {f"c{i}": 0 for i in range(8)}
    dormant = topics(directions, [2], t2, DAY0)
    members = {f"a{i}": 0 for i in range(10)} | {f"b{i}": 1 for i in range(10)} | {f"c{i}": 1 for i in range(8)}
    return topics(directions, [0, 1], members, DAY1, dormant)


def test_an_absorbed_topic_whose_content_returns_takes_its_id_back(directions) -> None:
    now = [CurrentCluster("n0", directions[0], [f"a{i}" for i in range(10)]),
           CurrentCluster("n1", directions[1], [f"b{i}" for i in range(10)]),
           CurrentCluster("n2", unit(directions[2] + 0.1 * directions[5]), [f"c{i}" for i in range(8)] + ["new0"])]
    before = yesterday(directions)
    update = track_topics(DAY2, now, before)
    assert [update.links[c].topic_id for c in ("n0", "n1", "n2")] == ["T0", "T1", "T2"]
    assert update.links["n2"].origin == REVIVE
    assert [(e.topic_id, e.event) for e in update.events] == [("T2", REVIVE)]
    # Its name comes back with it while the content has not moved.
    names, renames = carry_names(DAY2, now, update, before, {c.cluster_id: ("fresh", "fresh") for c in now},
                                 allowed=lambda text: True)
    assert names["n2"].name == "name 2" and names["n2"].kept and renames == []


def test_new_content_does_not_take_a_dormant_topics_id(directions) -> None:
    # Unrelated content of new conversations, and content near T2 made of another topic's conversations.
    new = CurrentCluster("n2", directions[3], [f"new{i}" for i in range(9)])
    update = track_topics(DAY2, [CurrentCluster("n0", directions[0], [f"a{i}" for i in range(10)]),
                                 CurrentCluster("n1", directions[1], [f"b{i}" for i in range(10)]), new],
                          yesterday(directions))
    assert update.links["n2"].topic_id == f"T{DAY2:%Y%m%d}-0000" and update.links["n2"].origin == BIRTH
    foreign = CurrentCluster("n2", unit(directions[2] + 0.05 * directions[4]), [f"b{i}" for i in range(10)])
    update = track_topics(DAY2, [CurrentCluster("n0", directions[0], [f"a{i}" for i in range(10)]),
                                 CurrentCluster("n1", directions[1], [f"c{i}" for i in range(8)]), foreign],
                          yesterday(directions))
    assert update.links["n2"].topic_id not in ("T0", "T2")  # its members say it is T1's content


def _insert(con: duckdb.DuckDBPyConnection, day: date, topic_members: dict[str, list[str]], start: date,
            directions: np.ndarray) -> None:
    con.execute("INSERT INTO clustering_runs (partition_date, window_start, window_end, n_conversations, k, "
                "k_method, k_candidates, seed, created_at, window_days) VALUES (?, ?, ?, 0, 0, 'x', '[]', 0, now(), 3)",
                [day, start, day])
    for n, (topic, members) in enumerate(sorted(topic_members.items())):
        cluster = f"{day:%Y%m%d}-L0-{n:04d}"
        vector = directions[int(topic[1:])].tolist()
        con.execute("INSERT INTO clusters VALUES (?, ?, 0, NULL, ?, 'd', ?, 5, ?, 'offline')",
                    [day, cluster, f"name {topic}", len(members), vector])
        con.execute("INSERT INTO cluster_topics VALUES (?, ?, ?, 'continue', NULL, NULL, NULL, ?, ?)",
                    [day, cluster, topic, day, vector])
        con.executemany("INSERT INTO cluster_assignments VALUES (?, ?, ?, 0.1)", [[day, m, cluster] for m in members])


def test_dormant_topics_are_read_from_the_previous_days_window(tmp_path: Path, directions) -> None:
    db = tmp_path / "warehouse.duckdb"
    ensure_warehouse(db)
    before = DAY0 - timedelta(days=1)
    with duckdb.connect(str(db)) as con:
        # T5 was last seen before the window of day 1 began; T2 inside it, and its conversation c0 was in
        # T5 before, then in T2 (the later day wins).
        _insert(con, before, {"T0": ["a0"], "T5": ["c0", "e0"]}, before, directions)
        _insert(con, DAY0, {"T0": ["a0"], "T2": ["c0", "c1"]}, before, directions)
        _insert(con, DAY1, {"T0": ["a0"], "T1": ["b0", "c0", "c1"]}, DAY0, directions)
    previous = read_previous_topics(db, DAY2)
    assert previous is not None and previous.day == DAY1 and previous.topic_ids == ["T0", "T1"]
    assert previous.members == {"a0": 0, "b0": 1, "c0": 1, "c1": 1}
    dormant = previous.dormant
    assert dormant is not None and dormant.topic_ids == ["T2"] and dormant.last_seen == [DAY0]
    assert dormant.members == {"c0": 0, "c1": 0} and dormant.names == ["name T2"]
    np.testing.assert_allclose(dormant.centroids[0], directions[2], atol=1e-6)
    assert read_previous_topics(db, DAY1).dormant is not None  # T5 is dormant for day 1 (window from `before`)


def test_a_cluster_of_content_that_arrived_today_neither_revives_nor_continues_a_topic(directions) -> None:
    # The generator's 5-day run: 38 conversations of a new topic, none clustered yesterday, formed a
    # cluster whose centroid sat at cosine 0.93 to a dormant topic of other content, and took its id back.
    before = yesterday(directions)
    now = [CurrentCluster("n0", directions[0], [f"a{i}" for i in range(10)] + [f"x{i}" for i in range(10)]),
           CurrentCluster("n1", directions[1], [f"b{i}" for i in range(10)] + [f"c{i}" for i in range(8)]
                          + [f"y{i}" for i in range(10)]),
           CurrentCluster("fresh-near-dormant", unit(directions[2] + 0.1 * directions[5]),
                          [f"new{i}" for i in range(38)]),
           CurrentCluster("fresh-near-T0", unit(directions[0] + 0.05 * directions[4]),
                          [f"z{i}" for i in range(20)])]
    update = track_topics(DAY2, now, before)
    assert update.links["n0"].topic_id == "T0" and update.links["n1"].topic_id == "T1"
    for fresh in ("fresh-near-dormant", "fresh-near-T0"):
        assert update.links[fresh].origin == BIRTH and update.links[fresh].topic_id.startswith("T2026")
    assert all(e.event != REVIVE for e in update.events)


def test_after_a_thin_day_clusters_that_carry_little_still_continue_their_topics(directions) -> None:
    # Yesterday held 2 conversations of each topic (a first day with little data): every cluster carries
    # a small share today, as does the whole day, so nothing is new content by that measure alone.
    members = {f"a{i}": 0 for i in range(2)} | {f"b{i}": 1 for i in range(2)}
    before = topics(directions, [0, 1], members, DAY1)
    now = [CurrentCluster("n0", unit(directions[0] + 0.05 * directions[3]), ["a0", "a1"] + [f"x{i}" for i in range(30)]),
           CurrentCluster("n1", unit(directions[1] + 0.05 * directions[3]), ["b0", "b1"] + [f"y{i}" for i in range(30)])]
    update = track_topics(DAY2, now, before)
    assert [update.links[c].topic_id for c in ("n0", "n1")] == ["T0", "T1"]
