"""A small private warehouse with planted personal data, for the publisher's tests.

Thresholds in these tests: min_users=10, min_conversations=20, window of 7 days ending 2026-01-07.
Tree (level 1 parents, level 0 bases):
  P1 "Software and writing": b_code (120 conv / 60 users, mostly en, 12 fr, 10 de, 1 Icelandic user),
     b_cover (80 / 40), b_small (30 / 12), b_tiny (6 / 2 users)  -> b_tiny too small; "other" alone
     would have 2 users, so b_small (the smallest) is merged in by secondary suppression.
  P2 "Travel and email": b_travel (200 / 100; day 2026-01-03 has a single user), b_pii (140 / 70, 10
     users a day, named after an email address) -> the auditor rejects b_pii, which becomes P2's "other".
Every conversation id, user id and summary carries the marker SECRET so tests can grep for leaks.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pytest

from clio_pipeline.privacy.policy import DisclosurePolicy
from clio_pipeline.warehouse import sql_text

PARTITION = date(2026, 1, 7)
WINDOW_DAYS = 7
MIN_USERS = 10
MIN_CONVERSATIONS = 20
PII_NAME = "Emails to jane.doe@example.com"

CLUSTERS = [
    # cluster_id, level, parent_id, name, description
    ("P1", 1, None, "Software and writing", "Programming help and writing assistance."),
    ("P2", 1, None, "Travel and email", "Trip planning and correspondence."),
    ("b_code", 0, "P1", "Debugging Python code", "Users ask for help fixing errors in Python programs."),
    ("b_cover", 0, "P1", "Writing cover letters", "Drafting cover letters for job applications."),
    ("b_small", 0, "P1", "Spreadsheet formulas", "Help with spreadsheet formulas."),
    ("b_tiny", 0, "P1", "Tiny niche topic", "A very small group of conversations."),
    ("b_travel", 0, "P2", "Planning trips", "Itineraries and travel recommendations."),
    ("b_pii", 0, "P2", PII_NAME, "Drafting emails for one person."),
]
# base cluster -> (conversations, users)
SIZES = {"b_code": (120, 60), "b_cover": (80, 40), "b_small": (30, 12), "b_tiny": (6, 2), "b_travel": (200, 100),
         "b_pii": (140, 70)}


def _rows(cluster_id: str, n: int, n_users: int) -> list[dict]:
    rows = []
    days = [PARTITION - timedelta(days=d) for d in range(WINDOW_DAYS)]
    for i in range(n):
        user = i % n_users
        day = days[user % WINDOW_DAYS]
        language = "en"
        if cluster_id == "b_code" and 40 <= user < 52:
            language = "fr"
        if cluster_id == "b_code" and 30 <= user < 40:
            language = "de"
        if cluster_id == "b_code" and user == 59:
            language = "is"  # one Icelandic user: a small cell
        if cluster_id == "b_travel":
            # user 0 is alone on 2026-01-03; everybody else avoids that day
            day = date(2026, 1, 3) if user == 0 else [d for d in days if d != date(2026, 1, 3)][user % 6]
        rows.append({
            "conversation_id": f"conv-SECRET-{cluster_id}-{i}",
            "user_id": f"user-SECRET-{cluster_id}-{user}",
            "day": day,
            "language": language,
            "task": "debugging" if cluster_id == "b_code" else "writing",
            "concerning_score": 4 if cluster_id == "b_travel" and user < 20 else 1,
            "cluster_id": cluster_id,
        })
    return rows


def open_topic_warehouse(path: Path, planted: list[dict]) -> duckdb.DuckDBPyConnection:
    """A warehouse with the warehouse's cluster and topic DDL and the `planted` conversations, each with
    a 'SECRET' facet row; `planted` (dicts with conversation_id, user_id, day) stays registered, so the
    caller can assign it to clusters. The caller closes the connection."""
    con = duckdb.connect(str(path))
    con.execute("""
        CREATE TABLE conversations (conversation_id VARCHAR, user_id VARCHAR, created_at TIMESTAMPTZ,
                                    partition_date DATE);
        CREATE TABLE facets (conversation_id VARCHAR, partition_date DATE, summary VARCHAR, task VARCHAR,
                             language VARCHAR, concerning_score INTEGER);
    """)
    con.execute(sql_text("warehouse", "clusters.sql"))
    con.execute(sql_text("warehouse", "topics.sql"))
    con.register("planted", pa.Table.from_pylist(
        [{**r, "created_at": datetime(r["day"].year, r["day"].month, r["day"].day, 12)} for r in planted]))
    con.execute("INSERT INTO conversations SELECT conversation_id, user_id, created_at, day FROM planted")
    con.execute("INSERT INTO facets SELECT conversation_id, day, 'SECRET', 'coding', 'en', 1 FROM planted")
    return con


def make_warehouse(path: Path) -> Path:
    """Create the subset of the warehouse schema the publisher reads, filled with the planted data."""
    rng = np.random.default_rng(0)
    con = duckdb.connect(str(path))
    try:
        con.execute("""
            CREATE TABLE conversations (conversation_id VARCHAR, user_id VARCHAR, created_at TIMESTAMPTZ,
                                        partition_date DATE);
            CREATE TABLE facets (conversation_id VARCHAR, partition_date DATE, summary VARCHAR, task VARCHAR,
                                 language VARCHAR, concerning_score INTEGER);
            CREATE TABLE cluster_assignments (partition_date DATE, conversation_id VARCHAR, cluster_id VARCHAR,
                                              distance DOUBLE);
            CREATE TABLE clusters (partition_date DATE, cluster_id VARCHAR, level INTEGER, parent_id VARCHAR,
                                   name VARCHAR, description VARCHAR, n_conversations BIGINT, n_users BIGINT,
                                   centroid FLOAT[]);
        """)
        for cluster_id, level, parent, name, description in CLUSTERS:
            centroid = rng.normal(size=8).astype(np.float32).tolist() if level == 0 else None
            con.execute("INSERT INTO clusters VALUES (?, ?, ?, ?, ?, ?, 0, 0, ?)",
                        [PARTITION, cluster_id, level, parent, name, description, centroid])
        rows = [row for cluster_id, (n, n_users) in SIZES.items() for row in _rows(cluster_id, n, n_users)]
        table = pa.Table.from_pylist([
            {**row, "created_at": datetime(row["day"].year, row["day"].month, row["day"].day, 12),
             "summary": f"SECRET summary of {row['user_id']}"}
            for row in rows
        ])
        con.register("planted", table)
        con.execute("INSERT INTO conversations SELECT conversation_id, user_id, created_at, day FROM planted")
        con.execute("INSERT INTO facets SELECT conversation_id, day, summary, task, language, concerning_score "
                    "FROM planted")
        con.execute("INSERT INTO cluster_assignments SELECT ?, conversation_id, cluster_id, 0.5 FROM planted",
                    [PARTITION])
        # The window record the clustering stage writes; readers restrict their joins to its days.
        con.execute(sql_text("warehouse", "clusters.sql"))
        con.execute(
            "INSERT INTO clustering_runs SELECT ?, min(day), ?, count(*), 0, 'test', '[]', 0, now(), ?, min(day), NULL, NULL, NULL "
            "FROM planted",
            [PARTITION, PARTITION, WINDOW_DAYS],
        )
    finally:
        con.close()
    return path


@pytest.fixture(scope="session")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_warehouse(tmp_path_factory.mktemp("wh") / "warehouse.duckdb")


@pytest.fixture(scope="session")
def word_rule():
    from clio_pipeline.privacy.word_rule import WordRule

    # Every word of the planted cluster texts is "common" except the email's parts, so only the PII
    # detectors decide in these tests.
    words = " ".join(f"{c[3]} {c[4]}" for c in CLUSTERS if c[0] != "b_pii")
    return WordRule(words.replace(".", " ").split(), min_users=MIN_USERS)


@pytest.fixture(scope="session")
def published_result(warehouse: Path, word_rule):
    from clio_pipeline.privacy.auditor import OfflinePrivacyAuditor
    from clio_pipeline.publishing.build import build_published_tables
    from clio_pipeline.publishing.inputs import load_publish_inputs

    inputs = load_publish_inputs(warehouse, PARTITION)
    return build_published_tables(
        inputs, OfflinePrivacyAuditor(word_rule), DisclosurePolicy(MIN_USERS, MIN_CONVERSATIONS),
        published_at=datetime(2026, 1, 8, 3, 0),
    )
