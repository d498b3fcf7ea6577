"""The explorer's stable topics: a topic's history, 7-day growth (rising colouring), new topics."""

from __future__ import annotations

from datetime import timedelta

from clio_pipeline.explorer.build import build_explorer_html
from clio_pipeline.explorer.load import load_partition

from .test_build import embedded_data

# base-sql is an old topic whose window count was 100 seven days before the page's partition; base-css
# has a topic too but no history that far back; the mid-level parent mid-data carries base-sql's topic.
TOPIC_SQL = """
UPDATE clusters SET topic_id = 'T-' || cluster_id, topic_ids = ['T-' || cluster_id]
WHERE level = 0 AND NOT is_other;
UPDATE clusters SET topic_ids = ['T-base-sql'] WHERE cluster_id = 'mid-data';
INSERT INTO clusters (partition_date, cluster_id, level, parent_id, name, description, n_conversations, n_users,
                      share, audit_score, is_other, topic_id, topic_ids)
VALUES (DATE '{week_before}', 'old-sql', 0, NULL, 'SQL query tuning', '', 100, 40, 0.05, 5, false,
        'T-base-sql', ['T-base-sql']);
"""


def test_topic_history_growth_and_new_topics_travel_with_the_page(make_analyst_db, tmp_path) -> None:
    template = make_analyst_db(tmp_path / "plain.duckdb")
    week_before = template.PARTITION - timedelta(days=7)
    db = make_analyst_db(tmp_path / "published.duckdb", TOPIC_SQL.format(week_before=week_before))
    data = load_partition(db.path)
    by_id = {c["id"]: c for c in data["clusters"]}
    sql = by_id["base-sql"]
    history = data["topics"]["T-base-sql"]
    assert [d for d, _ in history] == [week_before.isoformat(), db.OLD_PARTITION.isoformat(), db.PARTITION.isoformat()]
    assert abs(sql["growth_7d"] - (history[-1][1] / 100 - 1)) < 1e-9
    assert sql["first_day"] == week_before.isoformat() and not sql["new_topic"]
    assert by_id["mid-data"]["growth_7d"] == sql["growth_7d"]  # a parent sums the topics it carries
    css = by_id["base-css"]
    assert css["growth_7d"] is None and css["new_topic"] and css["first_day"] == db.OLD_PARTITION.isoformat()
    assert by_id["top-code"]["growth_7d"] is None  # carries no topic ids in this database
    page = build_explorer_html(db.path)
    assert embedded_data(page)["topics"]["T-base-sql"] == history
    assert 'value="rising"' in page


def test_a_database_without_topic_columns_still_loads(make_analyst_db, tmp_path) -> None:
    db = make_analyst_db(tmp_path / "old.duckdb", "ALTER TABLE clusters DROP COLUMN topic_ids; "
                                                  "ALTER TABLE clusters DROP COLUMN topic_id;")
    data = load_partition(db.path)
    assert data["topics"] == {} and all(c["growth_7d"] is None for c in data["clusters"])
