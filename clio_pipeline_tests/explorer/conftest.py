"""A small but realistic analyst database: 3 levels, 22 clusters, breakdowns, trends, an "other" bucket,
one concerning cluster and one cluster whose name tries to inject a script tag."""

from __future__ import annotations

import dataclasses
import random
import shutil
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb
import pytest

REPO = Path(__file__).resolve().parents[2]
SCHEMA_SQL = REPO / "sql" / "published" / "schema.sql"
ANALYST_VIEWS = REPO / "sql" / "analyst"

# Written from docs/PUBLISHED_SCHEMA.md; used only while the publisher's sql/published/schema.sql is absent.
FALLBACK_DDL = """
CREATE TABLE clusters (
    partition_date DATE, cluster_id VARCHAR, level INTEGER, parent_id VARCHAR, name VARCHAR, description VARCHAR,
    n_conversations BIGINT, n_users BIGINT, share DOUBLE, map_x DOUBLE, map_y DOUBLE, mean_concerning DOUBLE,
    growth DOUBLE, audit_score INTEGER, is_other BOOLEAN);
CREATE TABLE cluster_facet_breakdowns (
    partition_date DATE, cluster_id VARCHAR, facet VARCHAR, value VARCHAR, n_conversations BIGINT, n_users BIGINT);
CREATE TABLE cluster_trends (
    partition_date DATE, cluster_id VARCHAR, day DATE, n_conversations BIGINT, n_users BIGINT);
CREATE TABLE publication_log (
    partition_date DATE, published_at TIMESTAMP, window_start DATE, window_days INTEGER, n_conversations BIGINT,
    n_clusters BIGINT, n_suppressed BIGINT, min_users INTEGER, min_conversations INTEGER);
"""

PARTITION = date(2026, 1, 14)
OLD_PARTITION = date(2026, 1, 13)
EVIL_NAME = "Debugging </script><script>window.__pwned = 1</script> parsers"
CONCERNING_NAME = "Requests for bypassing account security"
OTHER_NAME = "Other coding tasks"

TOP = [
    ("top-code", "Software development", "Writing, debugging and explaining code."),
    ("top-write", "Writing and editing", "Drafting and improving prose of many kinds."),
    ("top-learn", "Learning and research", "Explaining concepts and summarising topics."),
]
MID = [
    ("mid-web", "top-code", "Web development", "Front-end and back-end web work."),
    ("mid-data", "top-code", "Data engineering", "Pipelines, SQL and data cleaning."),
    ("mid-biz", "top-write", "Business writing", "E-mails, reports and proposals."),
    ("mid-creative", "top-write", "Creative writing", "Stories, poems and scripts."),
    ("mid-science", "top-learn", "Science questions", "Physics, chemistry and biology."),
    ("mid-security", "top-learn", "Security topics", "Questions about computer security."),
]
BASE = [
    ("base-react", "mid-web", "React component help", "Fixing and structuring React components."),
    ("base-css", "mid-web", "CSS layout fixes", "Flexbox and grid layout problems."),
    ("base-evil", "mid-web", EVIL_NAME, "A name that tries to break out of the data block."),
    ("base-sql", "mid-data", "SQL query tuning", "Making analytical SQL queries faster."),
    ("base-other", "mid-data", OTHER_NAME, "Children of this topic that were too small to publish."),
    ("base-email", "mid-biz", "Professional e-mails", "Polite and concise work e-mails."),
    ("base-report", "mid-biz", "Quarterly reports", "Structuring business reports."),
    ("base-poem", "mid-creative", "Poetry writing", "Rhymed and free verse poems."),
    ("base-story", "mid-creative", "Short fiction", "Plotting and drafting short stories."),
    ("base-physics", "mid-science", "Physics homework", "Mechanics and electromagnetism exercises."),
    ("base-bio", "mid-science", "Biology explanations", "Cells, genetics and evolution."),
    (
        "base-bypass",
        "mid-security",
        CONCERNING_NAME,
        "Attempts to get into accounts that are not the user's.",
    ),
    ("base-pentest", "mid-security", "Authorised penetration testing", "Planning sanctioned security tests."),
]
# Top-level "other" bucket: conversations of categories too small to publish.
ROOT_OTHER = ("root-other", "Other", "Conversations of categories too small to publish on their own.")


@dataclass
class AnalystDb:
    """What the test database holds. The constants ride along because conftest is not importable."""

    PARTITION = PARTITION
    OLD_PARTITION = OLD_PARTITION
    EVIL_NAME = EVIL_NAME
    CONCERNING_NAME = CONCERNING_NAME
    OTHER_NAME = OTHER_NAME

    path: Path
    cluster_ids: list[str]
    names: dict[str, str]
    levels: dict[str, int] = field(default_factory=dict)
    map_ids: list[str] = field(default_factory=list)
    other_ids: list[str] = field(default_factory=list)


def _ddl(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(SCHEMA_SQL.read_text() if SCHEMA_SQL.exists() else FALLBACK_DDL)


def _analyst_views(con: duckdb.DuckDBPyConnection) -> None:
    """Create the publisher's analyst views too, so the raw-data guard is tested against the real file shape.

    Views may depend on each other; retry until no file makes progress.
    """
    pending = [p for p in sorted(ANALYST_VIEWS.glob("*.sql")) if "CREATE" in p.read_text().upper()]
    while pending:
        failed = []
        for view in pending:
            try:
                con.execute(view.read_text())
            except duckdb.Error:
                failed.append(view)
        if len(failed) == len(pending):
            break
        pending = failed


def build_analyst_db(path: Path, extra_sql: str | None = None) -> AnalystDb:
    """Write the test analyst database to `path` and describe what it contains."""
    rng = random.Random(7)
    base_sizes = {cid: rng.randint(60, 400) for cid, *_ in BASE}
    rows: dict[str, dict] = {}
    for cid, parent, name, desc in BASE:
        rows[cid] = {"level": 0, "parent": parent, "name": name, "desc": desc, "n": base_sizes[cid]}
    for cid, parent, name, desc in MID:
        n = sum(r["n"] for r in rows.values() if r["parent"] == cid)
        rows[cid] = {"level": 1, "parent": parent, "name": name, "desc": desc, "n": n}
    for cid, name, desc in TOP:
        n = sum(r["n"] for r in rows.values() if r["parent"] == cid)
        rows[cid] = {"level": 2, "parent": None, "name": name, "desc": desc, "n": n}
    rows[ROOT_OTHER[0]] = {"level": 2, "parent": None, "name": ROOT_OTHER[1], "desc": ROOT_OTHER[2], "n": 55}
    other_ids = ["base-other", ROOT_OTHER[0]]
    total = sum(r["n"] for r in rows.values() if r["level"] == 2)

    window = [PARTITION - timedelta(days=6 - i) for i in range(7)]
    with duckdb.connect(str(path)) as con:
        _ddl(con)
        for partition in (OLD_PARTITION, PARTITION):
            for i, (cid, r) in enumerate(sorted(rows.items())):
                concerning = 3.8 if cid == "base-bypass" else round(1.0 + rng.random() * 1.2, 2)
                con.execute(
                    "INSERT INTO clusters (partition_date, cluster_id, level, parent_id, name, description, "
                    "n_conversations, n_users, share, map_x, map_y, mean_concerning, growth, audit_score, is_other) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        partition,
                        cid,
                        r["level"],
                        r["parent"],
                        r["name"],
                        r["desc"],
                        r["n"],
                        r["n"] // 3,
                        r["n"] / total,
                        # Other buckets have no centroid, so no map position (schema.sql).
                        None if cid in other_ids else (i * 37 % 23) / 2.3 - 5,
                        None if cid in other_ids else (i * 53 % 19) / 1.9 - 5,
                        concerning,
                        round(rng.uniform(-0.4, 0.6), 3),
                        5 if r["level"] else 4,
                        cid in other_ids,
                    ],
                )
                for facet, values in (
                    ("language", ["en", "es", "de", "(other)"]),
                    ("task", ["coding", "writing", "explaining"]),
                    ("concerning_score", ["1", "2", "3"]),
                ):
                    for j, value in enumerate(values):
                        n = max(1, r["n"] // (2 + 2 * j))
                        con.execute(
                            "INSERT INTO cluster_facet_breakdowns (partition_date, cluster_id, facet, value, "
                            "n_conversations, n_users) VALUES (?, ?, ?, ?, ?, ?)",
                            [partition, cid, facet, value, n, n // 3],
                        )
                for j, day in enumerate(window):
                    n = None if (cid == "base-poem" and j == 3) else r["n"] // 7 + j
                    con.execute(
                        "INSERT INTO cluster_trends (partition_date, cluster_id, day, n_conversations, n_users) "
                        "VALUES (?, ?, ?, ?, ?)",
                        [partition, cid, day, n, None if n is None else n // 3],
                    )
            con.execute(
                "INSERT INTO publication_log (partition_date, published_at, window_start, window_days, "
                "n_conversations, n_clusters, n_suppressed, min_users, min_conversations) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [partition, datetime(2026, 1, 15, 3, 0), window[0], 7, total, len(rows), 4, 25, 50],
            )
        # A cluster only in the older partition: the explorer must not show it for the latest one.
        con.execute(
            "INSERT INTO clusters (partition_date, cluster_id, level, parent_id, name, description, n_conversations, "
            "n_users, share, audit_score, is_other) "
            "VALUES (?, 'gone', 2, NULL, 'Retired category', '', 60, 30, 0.01, 5, false)",
            [OLD_PARTITION],
        )
        _analyst_views(con)
        if extra_sql:
            con.execute(extra_sql)
    ids = sorted(rows)
    return AnalystDb(
        path=path,
        cluster_ids=ids,
        names={k: v["name"] for k, v in rows.items()},
        levels={k: v["level"] for k, v in rows.items()},
        map_ids=[i for i in ids if i not in other_ids],
        other_ids=other_ids,
    )


@pytest.fixture(scope="session")
def _template_db(tmp_path_factory: pytest.TempPathFactory) -> AnalystDb:
    # Built once per session (hundreds of single-row inserts); each test gets its own copy.
    return build_analyst_db(tmp_path_factory.mktemp("analyst") / "published.duckdb")


def _copy(template: AnalystDb, path: Path, extra_sql: str | None = None) -> AnalystDb:
    shutil.copyfile(template.path, path)
    if extra_sql:
        with duckdb.connect(str(path)) as con:
            con.execute(extra_sql)
    return dataclasses.replace(template, path=path)


@pytest.fixture
def analyst_db(tmp_path: Path, _template_db: AnalystDb) -> AnalystDb:
    return _copy(_template_db, tmp_path / "published.duckdb")


@pytest.fixture
def make_analyst_db(_template_db: AnalystDb):
    """`make(path, extra_sql=None)`: a copy of the test database, optionally altered by `extra_sql`."""
    return lambda path, extra_sql=None: _copy(_template_db, path, extra_sql)
