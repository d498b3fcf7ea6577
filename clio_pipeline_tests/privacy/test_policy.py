"""The disclosure policy: one object whose rules the builders, the publisher and the checks share."""

from __future__ import annotations

import pyarrow as pa
import pytest

from clio_pipeline.privacy.policy import (
    CHECK_PERSONAL_DATA,
    CHECK_SMALL_CELLS,
    CHECK_THRESHOLDS,
    FALLBACK_NAME,
    DisclosurePolicy,
)
from clio_pipeline.privacy.thresholds import ClusterCell
from clio_pipeline.publishing.schema import TABLES

POLICY = DisclosurePolicy(min_users=3, min_conversations=4)


@pytest.mark.parametrize(("users", "conversations"), [(1, 50), (25, 1), (0, 0)])
def test_thresholds_below_two_are_refused(users, conversations):
    with pytest.raises(ValueError, match="at least 2"):
        DisclosurePolicy(min_users=users, min_conversations=conversations)


def test_publishable_text_drops_planted_personal_data_whatever_the_count():
    planted = "Help Zorblax Vantreight with hepatitis, mail zorblax.vantreight@example.com"
    texts = [planted] * 40  # forty fake accounts all wrote it
    rule = POLICY.word_rule(texts, [f"sybil-{i}" for i in range(40)])
    out = POLICY.publishable_text(planted, rule)
    assert "zorblax" not in out.lower() and "vantreight" not in out.lower() and "@" not in out
    assert "hepatitis" in out.lower()  # the topic stays publishable


def test_a_name_emptied_by_the_rules_gets_the_neutral_fallback():
    rule = POLICY.word_rule(["Quillon Threbstadt"], ["only-one-user"])
    assert POLICY.publishable_name("Quillon Threbstadt", rule) == FALLBACK_NAME


def test_threshold_tree_suppresses_small_and_protects_the_other_bucket():
    users = {f"b{i}": f"ub{i}" for i in range(12)} | {f"m{i}": f"um{i}" for i in range(10)} | {"s1": "x", "s2": "x"}
    nodes = [ClusterCell("big", 0, None, frozenset(f"b{i}" for i in range(12))),
             ClusterCell("mid", 0, None, frozenset(f"m{i}" for i in range(10))),
             ClusterCell("small", 0, None, frozenset({"s1", "s2"}))]
    outcome = POLICY.threshold_tree(nodes, users)
    reasons = outcome.suppression_reasons()
    assert "big" in outcome.published_ids()
    assert reasons["small"] == "min_conversations"
    # The "other" bucket would hold only the small cluster (one user): the smallest sibling joins it.
    assert reasons["mid"] == "secondary"


def _staged(clusters: list[dict], breakdowns: list[dict] | None = None) -> dict[str, pa.Table]:
    from datetime import date

    base = {"partition_date": date(2026, 1, 8), "level": 0, "parent_id": None, "share": 1.0, "map_x": None,
            "map_y": None, "mean_concerning": None, "growth": None, "audit_score": 5, "is_other": False}
    return {
        "clusters": pa.Table.from_pylist([base | c for c in clusters], schema=TABLES["clusters"]),
        "cluster_facet_breakdowns": pa.Table.from_pylist(breakdowns or [], schema=TABLES["cluster_facet_breakdowns"]),
        "cluster_trends": pa.Table.from_pylist([], schema=TABLES["cluster_trends"]),
    }


def test_staged_violations_name_each_blocking_check():
    from datetime import date

    clean = {"cluster_id": "k1", "name": "Plan a trip", "description": "Travel planning.", "n_conversations": 40,
             "n_users": 30}
    assert all(not v for v in POLICY.staged_violations(_staged([clean])).values())

    leaked = clean | {"name": "Plan a trip for Vsevolod Przhevalsky", "description": "Call +1 415 555 0132."}
    small = clean | {"cluster_id": "k2", "n_users": 2, "n_conversations": 3}
    cell = {"partition_date": date(2026, 1, 8), "cluster_id": "k1", "facet": "language", "value": "en",
            "n_conversations": 2, "n_users": 1}
    found = POLICY.staged_violations(_staged([leaked, small], [cell]))
    assert found[CHECK_PERSONAL_DATA] and any("k1" in p for p in found[CHECK_PERSONAL_DATA])
    assert any("k2" in p for p in found[CHECK_THRESHOLDS])
    assert any("1 users" in p for p in found[CHECK_SMALL_CELLS])
