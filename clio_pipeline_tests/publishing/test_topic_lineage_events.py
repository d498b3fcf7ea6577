"""Which private lineage events an analyst sees: a revival only of a topic published today and before."""

from __future__ import annotations

from datetime import date

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
