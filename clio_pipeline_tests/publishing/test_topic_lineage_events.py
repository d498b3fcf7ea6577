"""Which private lineage events an analyst sees: a revival only of a topic published today and before."""

from __future__ import annotations

from datetime import date

import pytest

from clio_pipeline.publishing.topics import TopicInputs, lineage_rows

DAY = date(2026, 1, 9)


def test_a_revived_topic_is_published_as_revived_only_when_analysts_knew_it() -> None:
    inputs = TopicInputs(
        topic_of={},
        events=[("T-A", "revive", None), ("T-N", "revive", None), ("T-S", "revive", None), ("T-O", "death", None)],
        origins={"T-N": ("split", "T-A")},
        published_before=frozenset({"T-A", "T-O", "T-S"}),
    )
    rows = lineage_rows(DAY, ["T-A", "T-N"], inputs)  # T-S revived privately but suppressed today
    assert sorted((r["topic_id"], r["event"], r["related_topic_id"]) for r in rows) == [
        ("T-A", "revive", None),  # known to analysts, back today
        ("T-N", "split", "T-A"),  # first published today: its origin, not a revival of something never seen
        ("T-O", "death", None),
    ]
    assert all(r["partition_date"] == DAY for r in rows)


def test_topic_growth_compares_per_day_of_window_so_a_short_first_window_is_not_growth(tmp_path) -> None:
    import duckdb

    from clio_pipeline.publishing.schema import ANALYST_SQL_DIR, SCHEMA_SQL, VIEW_FILES

    con = duckdb.connect(str(tmp_path / "published.duckdb"))
    con.execute(SCHEMA_SQL.read_text(encoding="utf-8"))
    for name in VIEW_FILES:
        con.execute((ANALYST_SQL_DIR / name).read_text(encoding="utf-8"))
    # The data begins on day 1 (a 1-day window); from day 7 on the window is full. Same rate throughout
    # (10 a day), then 50 % more a day by day 29.
    days = {1: (1, 10), 8: (7, 70), 15: (7, 70), 29: (7, 105)}
    for offset, (window_days, n) in days.items():
        day = date(2026, 1, offset)
        con.execute("INSERT INTO publication_log VALUES (?, now(), ?, ?, ?, 1, 0, 5, 10)",
                    [day, day, window_days, n])
        con.execute("INSERT INTO clusters (partition_date, cluster_id, level, name, description, n_conversations, "
                    "n_users, share, audit_score, is_other, topic_id) VALUES (?, ?, 0, 'x', 'x', ?, 9, 0.5, 1, "
                    "false, 'T-A')", [day, f"c{offset}", n])
    growth = {day.day: (g7, g28) for day, g7, g28 in con.execute(
        "SELECT day, growth_7d, growth_28d FROM topic_growth ORDER BY day").fetchall()}
    assert growth[8] == (0.0, None)  # 70 in 7 days against 10 in 1 day: no growth (not 6x)
    assert growth[15] == (0.0, None)
    assert growth[29][1] == pytest.approx(0.5)  # against day 1's one-day window, per day
    con.close()
