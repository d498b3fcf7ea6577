"""The analyst database's tables as Arrow schemas, and where their DDL and views live.

`sql/published/schema.sql` is the documented DDL; the Arrow schemas here are what the builder produces
and what the writer and the staging tables accept. A test checks that both describe the same columns.
The writer refuses any table or column not listed here, which is what keeps identifiers and raw text
out of the analyst database whatever a caller passes in.
"""

from __future__ import annotations

import duckdb
import pyarrow as pa

from clio_pipeline.package_data import SQL_DIR  # the checkout's sql/, or the wheel's copy of it

SCHEMA_SQL = SQL_DIR / "published" / "schema.sql"
ANALYST_SQL_DIR = SQL_DIR / "analyst"
# latest_clusters first: the other views select from it.
VIEW_FILES = (
    "latest_clusters.sql",
    "top_clusters.sql",
    "cluster_growth.sql",
    "language_mix.sql",
    "concerning_clusters.sql",
    "topic_trends.sql",
    "topic_growth.sql",
)
EXAMPLES_FILE = "examples.sql"

CLUSTERS = pa.schema(
    [
        ("partition_date", pa.date32()),
        ("cluster_id", pa.string()),
        ("level", pa.int32()),
        ("parent_id", pa.string()),
        ("name", pa.string()),
        ("description", pa.string()),
        ("n_conversations", pa.int64()),
        ("n_users", pa.int64()),
        ("share", pa.float64()),
        ("map_x", pa.float64()),
        ("map_y", pa.float64()),
        ("mean_concerning", pa.float64()),
        ("growth", pa.float64()),
        ("audit_score", pa.int32()),
        ("is_other", pa.bool_()),
        ("topic_id", pa.string()),
        ("topic_ids", pa.list_(pa.string())),
    ]
)
FACET_BREAKDOWNS = pa.schema(
    [
        ("partition_date", pa.date32()),
        ("cluster_id", pa.string()),
        ("facet", pa.string()),
        ("value", pa.string()),
        ("n_conversations", pa.int64()),
        ("n_users", pa.int64()),
    ]
)
TRENDS = pa.schema(
    [
        ("partition_date", pa.date32()),
        ("cluster_id", pa.string()),
        ("day", pa.date32()),
        ("n_conversations", pa.int64()),
        ("n_users", pa.int64()),
    ]
)
PUBLICATION_LOG = pa.schema(
    [
        ("partition_date", pa.date32()),
        ("published_at", pa.timestamp("us")),
        ("window_start", pa.date32()),
        ("window_days", pa.int32()),
        ("n_conversations", pa.int64()),
        ("n_clusters", pa.int64()),
        ("n_suppressed", pa.int64()),
        ("min_users", pa.int32()),
        ("min_conversations", pa.int32()),
    ]
)

TOPIC_LINEAGE = pa.schema(
    [
        ("partition_date", pa.date32()),
        ("topic_id", pa.string()),
        ("event", pa.string()),
        ("related_topic_id", pa.string()),
    ]
)

# Analyst table name -> schema. Asset names follow the table names.
TABLES: dict[str, pa.Schema] = {
    "clusters": CLUSTERS,
    "cluster_facet_breakdowns": FACET_BREAKDOWNS,
    "cluster_trends": TRENDS,
    "publication_log": PUBLICATION_LOG,
    "topic_lineage": TOPIC_LINEAGE,
}

# Names that must never appear as an analyst column: identifiers of people or conversations, raw text.
FORBIDDEN_COLUMNS = frozenset(
    {"conversation_id", "user_id", "messages", "content", "summary", "text", "transcript", "centroid",
     "embedding", "created_at", "snippet", "metadata"}
)


def conform(name: str, table: pa.Table) -> pa.Table:
    """`table` with exactly the columns of analyst table `name`, in order and cast to their types.

    Raises ValueError for an unknown table, a missing column or any extra column (an extra column is
    how an identifier would slip through, so it is an error, not something to drop quietly).
    """
    if name not in TABLES:
        raise ValueError(f"{name!r} is not an analyst table; expected one of {sorted(TABLES)}")
    schema = TABLES[name]
    extra = set(table.column_names) - set(schema.names)
    missing = set(schema.names) - set(table.column_names)
    if extra or missing:
        raise ValueError(f"table {name!r}: unexpected columns {sorted(extra)}, missing {sorted(missing)}")
    return table.select(schema.names).cast(schema)


def view_sql() -> list[str]:
    """The CREATE OR REPLACE VIEW statements of sql/analyst/, in dependency order."""
    on_disk = {p.name for p in ANALYST_SQL_DIR.glob("*.sql")} - {EXAMPLES_FILE}
    if on_disk != set(VIEW_FILES):
        raise RuntimeError(f"sql/analyst has {sorted(on_disk)} but VIEW_FILES lists {sorted(VIEW_FILES)}")
    return [(ANALYST_SQL_DIR / name).read_text(encoding="utf-8") for name in VIEW_FILES]


def fetch_arrow(con: duckdb.DuckDBPyConnection, query: str, params: list | None = None) -> pa.Table:
    """A query's rows as an Arrow table, across DuckDB versions (1.x `.arrow()`, 2.x `.to_arrow_table()`)."""
    relation = con.sql(query, params=params or [])
    method = getattr(relation, "to_arrow_table", None) or relation.arrow
    return method()
