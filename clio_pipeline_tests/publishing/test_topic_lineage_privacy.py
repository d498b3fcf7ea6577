"""Small cells across a split: lineage must not turn a parent's daily cells into a suppressed topic's days.

Topic A is published every day with a 3-day window. On day 4 it splits: conversations of its second
half (atom A2) form topic C, A keeps the rest (A1), and the lineage says so (`split`, C from A). After
the split one parent holds exactly A and C, so its daily cell for a day before the split is A's old
daily count. A's old windows were published before the split, so two such cells, subtracted from
yesterday's window, give the third day: the planted 3-user day of A, suppressed on every day it was
in a window. The test solves the linear system of everything published, with the analyst knowing the
split (A before = A1 + A2 after), and proves that day is not recoverable; per-day units alone (today's
topics, as before) leave it recoverable, so the test can fail. Nor may the link expire once the window
has moved past the split: A's and C's windows add up to the old A's, so one later day of A + C
anchors the chain back to the planted day (a version that linked them only while the window held
days before the split failed this test).
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import duckdb
import numpy as np
import pytest

from clio_pipeline.privacy.auditor import OfflinePrivacyAuditor
from clio_pipeline.privacy.policy import DisclosurePolicy
from clio_pipeline.privacy.word_rule import WordRule
from clio_pipeline.publishing.build import build_published_tables
from clio_pipeline.publishing.inputs import load_publish_inputs
from clio_pipeline.publishing.topics import (
    keep_published_lineage,
    lineage_families,
    load_topic_inputs,
    published_topic_ids,
    with_topics,
)
from clio_pipeline.publishing.writer import publish_atomically
from clio_pipeline_tests.publishing.conftest import open_topic_warehouse

FIRST, DAYS, WINDOW = date(2026, 1, 1), 8, 3
PUBLISHED = [FIRST + timedelta(days=i) for i in range(WINDOW - 1, DAYS)]
SPLIT_DAY, PLANTED_DAY = FIRST + timedelta(days=4), FIRST + timedelta(days=1)
MIN_USERS, MIN_CONVERSATIONS = 10, 20
USERS = {"A1": 12, "A2": 12, "B": 15, "D": 15}
PLANTED_USERS = 3
ATOMS = {"T-A": ("A1", "A2"), "T-B": ("B",), "T-D": ("D",)}  # before the split
ATOMS_AFTER = {"T-A": ("A1",), "T-C": ("A2",), "T-B": ("B",), "T-D": ("D",)}
NAMES = {"T-A": "Debugging Python code", "T-B": "Planning trips", "T-C": "Fixing Python tests", "T-D": "Booking hotels",
         "P": "Everyday help", "Q": "Travel help"}


def _conversations() -> list[dict]:
    rows = []
    for i in range(DAYS):
        day = FIRST + timedelta(days=i)
        for atom, n in USERS.items():
            if day == PLANTED_DAY and atom.startswith("A"):
                n = PLANTED_USERS if atom == "A1" else 0  # only the planted group talks about A that day
            for u in range(n):
                who = f"planted-SECRET-{u}" if day == PLANTED_DAY and atom == "A1" else f"user-SECRET-{atom}-{i}-{u}"
                rows.append({"conversation_id": f"conv-SECRET-{atom}-{i}-{u}", "user_id": who, "day": day, "atom": atom})
    return rows


def _layout(part: date) -> tuple[dict[str, tuple[str, ...]], dict[str, str]]:
    """(atoms of each topic, parent of each topic) on a partition: P holds A (and C after the split), Q B and D."""
    if part < SPLIT_DAY:
        return ATOMS, {"T-A": "P", "T-B": "Q", "T-D": "Q"}
    return ATOMS_AFTER, {"T-A": "P", "T-C": "P", "T-B": "Q", "T-D": "Q"}


def make_warehouse(path: Path) -> Path:
    con = open_topic_warehouse(path, _conversations())
    try:
        centroids = {"T-A": [1.0, 0.0, 0.0], "T-C": [0.9, 0.1, 0.0], "T-B": [0.0, 1.0, 0.0], "T-D": [0.0, 0.9, 0.1],
                     "P": [0.9, 0.05, 0.0], "Q": [0.0, 1.0, 0.0]}
        for part in PUBLISHED:
            start = max(FIRST, part - timedelta(days=WINDOW - 1))
            atoms, parent = _layout(part)
            ids = {k: f"{part:%Y%m%d}-{k}" for k in [*atoms, "P", "Q"]}
            for key in ("P", "Q"):
                con.execute("INSERT INTO clusters VALUES (?, ?, 1, NULL, ?, ?, 0, 0, ?, 'offline')",
                            [part, ids[key], NAMES[key], NAMES[key] + ".", centroids[key]])
            for topic, members in atoms.items():
                con.execute("INSERT INTO clusters VALUES (?, ?, 0, ?, ?, ?, 0, 0, ?, 'offline')",
                            [part, ids[topic], ids[parent[topic]], NAMES[topic], NAMES[topic] + ".", centroids[topic]])
                origin = "split" if topic == "T-C" and part == SPLIT_DAY else "continue"
                con.execute("INSERT INTO cluster_topics VALUES (?, ?, ?, ?, NULL, NULL, NULL, ?, ?)",
                            [part, ids[topic], topic, origin, FIRST, centroids[topic]])
                con.execute("INSERT INTO cluster_assignments SELECT ?, conversation_id, ?, 0.1 FROM planted "
                            "WHERE day BETWEEN ? AND ? AND list_contains(?, atom)", [part, ids[topic], start, part,
                                                                                    list(members)])
            con.execute("INSERT INTO clustering_runs VALUES (?, ?, ?, 0, 2, 'test', '[]', 0, now(), ?, ?, NULL, NULL, NULL)",
                        [part, start, part, WINDOW, FIRST])
        for topic in ("T-A", "T-B", "T-D"):
            con.execute("INSERT INTO topic_lineage VALUES (?, ?, 'birth', NULL, NULL)", [PUBLISHED[0], topic])
        con.execute("INSERT INTO topic_lineage VALUES (?, 'T-C', 'split', 'T-A', 0.95)", [SPLIT_DAY])
    finally:
        con.close()
    return path


def publish_all(tmp: Path, *, lineage_units: bool) -> Path:
    warehouse = make_warehouse(tmp / "warehouse.duckdb")
    published = tmp / "published.duckdb"
    rule = WordRule(" ".join(NAMES.values()).split(), MIN_USERS)
    for part in PUBLISHED:
        topics = load_topic_inputs(warehouse, part)
        result = build_published_tables(
            load_publish_inputs(warehouse, part), OfflinePrivacyAuditor(rule),
            DisclosurePolicy(MIN_USERS, MIN_CONVERSATIONS), stable_topics=True,
            topic_units=topics.units if lineage_units else None)
        tables = with_topics(result.tables, topics, part)
        publish_atomically(published, part, keep_published_lineage(tables, published_topic_ids(published)))
    return published


def recoverable(published: Path, cell: dict[str, float]) -> bool:
    """Whether a combination of (atom, day) counts is a linear combination of the published counts."""
    with duckdb.connect(str(published), read_only=True) as con:
        clusters = con.execute("SELECT c.partition_date, c.cluster_id, c.topic_ids, l.window_start FROM clusters c "
                               "JOIN publication_log l USING (partition_date)").fetchall()
        trends = con.execute("SELECT partition_date, cluster_id, day FROM cluster_trends "
                             "WHERE n_conversations IS NOT NULL").fetchall()
    unknowns = [(atom, FIRST + timedelta(days=i)) for atom in USERS for i in range(DAYS)]
    index = {u: i for i, u in enumerate(unknowns)}

    def row(part: date, topic_ids: list[str], days: list[date]) -> np.ndarray:
        atoms = {a for t in topic_ids for a in _layout(part)[0][t]}  # the analyst knows the split
        out = np.zeros(len(unknowns))
        for atom in atoms:
            for day in days:
                out[index[(atom, day)]] = 1.0
        return out

    topics_of = {(p, c): ids for p, c, ids, _ in clusters}
    equations = [row(p, ids, [start + timedelta(days=i) for i in range((p - start).days + 1)])
                 for p, _, ids, start in clusters]
    equations += [row(p, topics_of[(p, c)], [day]) for p, c, day in trends]
    A = np.asarray(equations)
    target = np.zeros(len(unknowns))
    for (atom, day), weight in cell.items():
        target[index[(atom, day)]] = weight
    return np.linalg.matrix_rank(np.vstack([A, target])) == np.linalg.matrix_rank(A)


PLANTED_CELL = {("A1", PLANTED_DAY): 1.0, ("A2", PLANTED_DAY): 1.0}  # topic A's day, as published before the split


@pytest.mark.parametrize("lineage_units", [True, False])
def test_a_split_does_not_reveal_a_suppressed_day_of_the_old_topic(tmp_path: Path, lineage_units: bool) -> None:
    published = publish_all(tmp_path, lineage_units=lineage_units)
    with duckdb.connect(str(published), read_only=True) as con:
        base = con.execute("SELECT partition_date, topic_id FROM clusters WHERE level = 0 ORDER BY ALL").fetchall()
        lineage = con.execute("SELECT partition_date, topic_id, event, related_topic_id FROM topic_lineage "
                              "WHERE event = 'split'").fetchall()
        parent_days = dict(con.execute(
            "SELECT c.name, count(*) FROM cluster_trends t JOIN clusters c USING (partition_date, cluster_id) "
            "WHERE t.n_conversations IS NOT NULL AND t.partition_date >= ? GROUP BY 1", [SPLIT_DAY]).fetchall())
        text = " ".join(str(r) for r in con.execute("SELECT * FROM clusters").fetchall())
    # Every topic is published every day, the split with its origin: analysts can link all of it.
    assert len(base) == 3 * len(PUBLISHED) + sum(p >= SPLIT_DAY for p in PUBLISHED)
    assert lineage == [(SPLIT_DAY, "T-C", "split", "T-A")] and "SECRET" not in text
    # Q holds two unrelated topics: its days are published after the split, fix or not.
    assert parent_days[NAMES["Q"]] == WINDOW * sum(p >= SPLIT_DAY for p in PUBLISHED)
    if lineage_units:
        assert not recoverable(published, PLANTED_CELL)
        assert NAMES["P"] not in parent_days  # A and C are one unit since the split: P's days stay hidden
    else:
        assert parent_days[NAMES["P"]] > 0
        assert recoverable(published, PLANTED_CELL)  # today's topics as units: the split gives the day away


def test_lineage_families_join_splits_and_merges_transitively() -> None:
    family = lineage_families([("T-C", "T-A"), ("T-E", "T-C"), ("T-Z", "T-Y")])
    assert family == {"T-A": "T-A", "T-C": "T-A", "T-E": "T-A", "T-Y": "T-Y", "T-Z": "T-Y"}
    assert lineage_families([]) == {}
