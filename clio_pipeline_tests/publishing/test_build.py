"""The analyst tables built from a planted warehouse: small groups and personal data stay out."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import duckdb
import numpy as np

from clio_pipeline.privacy.policy import DisclosurePolicy
from clio_pipeline.privacy.thresholds import OTHER_VALUE
from clio_pipeline.publishing.inputs import load_publish_inputs
from clio_pipeline.publishing.schema import TABLES

from .conftest import MIN_CONVERSATIONS, MIN_USERS, PARTITION, PII_NAME, SIZES


def rows(result, table):
    return result.tables[table].to_pylist()


def clusters_by_id(result):
    return {row["cluster_id"]: row for row in rows(result, "clusters")}


def test_tables_have_the_published_schema(published_result):
    for name, schema in TABLES.items():
        assert published_result.tables[name].schema == schema


def test_two_user_cluster_is_not_published_and_its_counts_are_in_other(published_result):
    clusters = clusters_by_id(published_result)
    assert "b_tiny" not in clusters
    # Other alone (b_tiny, 2 users) would be recoverable: the smallest sibling joined it.
    assert "b_small" not in clusters
    other = clusters["P1-other"]
    assert other["is_other"] and other["parent_id"] == "P1"
    assert other["n_conversations"] == SIZES["b_tiny"][0] + SIZES["b_small"][0]
    assert other["n_users"] >= MIN_USERS
    assert other["map_x"] is None  # a bucket's centroid is never shown
    children = [c for c in clusters.values() if c["parent_id"] == "P1"]
    assert sum(c["n_conversations"] for c in children) == clusters["P1"]["n_conversations"]
    reasons = published_result.outcome.suppression_reasons()
    assert reasons["b_tiny"] in {"min_users", "min_conversations"}
    assert reasons["b_small"] == "secondary"


def test_cluster_named_after_an_email_is_audited_out(published_result):
    clusters = clusters_by_id(published_result)
    assert "b_pii" not in clusters
    assert published_result.outcome.suppression_reasons()["b_pii"] == "audit"
    assert published_result.ratings["b_pii"].score < 3
    assert clusters["P2-other"]["n_conversations"] == SIZES["b_pii"][0]
    text = " ".join(str(v) for table in published_result.tables.values() for v in table.to_pylist())
    assert "jane.doe" not in text and PII_NAME not in text


def test_every_published_cluster_meets_the_thresholds(published_result):
    for row in rows(published_result, "clusters"):
        assert row["n_users"] >= MIN_USERS and row["n_conversations"] >= MIN_CONVERSATIONS
        assert row["audit_score"] >= 3


def test_small_language_cell_is_merged(published_result):
    cells = {(r["cluster_id"], r["value"]): r for r in rows(published_result, "cluster_facet_breakdowns")
             if r["facet"] == "language"}
    assert ("b_code", "is") not in cells  # one Icelandic user
    assert ("b_code", "fr") in cells and cells[("b_code", "fr")]["n_users"] == 12
    # (other) = is (1 user) would be too small; de (10 users), the smallest cell, joined it.
    assert ("b_code", "de") not in cells
    assert cells[("b_code", OTHER_VALUE)]["n_users"] == 11
    for row in rows(published_result, "cluster_facet_breakdowns"):
        assert row["n_users"] >= MIN_USERS


def test_trend_small_cells_are_null_and_complemented(published_result):
    trends = {(r["cluster_id"], r["day"]): r for r in rows(published_result, "cluster_trends")}
    single_user_day = date(2026, 1, 3)
    assert trends[("b_travel", single_user_day)]["n_conversations"] is None
    # P2's count that day is shown, so P2-other's cell that day must be hidden too, else
    # P2 - P2-other would give b_travel's single user.
    assert trends[("P2", single_user_day)]["n_conversations"] is not None
    assert trends[("P2-other", single_user_day)]["n_conversations"] is None
    for row in trends.values():
        assert row["n_users"] is None or row["n_users"] == 0 or row["n_users"] >= MIN_USERS


def test_no_subtraction_reveals_a_small_group(published_result, warehouse):
    """An attacker's view: parent cell minus published children cells must be 0 or >= min_users users."""
    facts = load_publish_inputs(warehouse, PARTITION).conversations  # code columns, row = conversation
    nodes = {n.cluster_id: n for n in published_result.outcome.published}
    published = defaultdict(dict)
    for r in rows(published_result, "cluster_trends"):
        if r["n_conversations"] is not None:
            published[r["cluster_id"]][("day", r["day"].isoformat())] = r["n_conversations"]
    for r in rows(published_result, "cluster_facet_breakdowns"):
        if r["value"] != OTHER_VALUE:
            published[r["cluster_id"]][(r["facet"], r["value"])] = r["n_conversations"]
    value_of = {"day": (facts.day, [d.isoformat() for d in facts.days]), **facts.facets}
    checked = 0
    for parent in nodes.values():
        kids = [n for n in nodes.values() if n.parent_id == parent.cluster_id]
        for facet, value in published[parent.cluster_id]:
            if not kids:
                continue
            hidden_users = set()
            for kid in kids:
                if (facet, value) in published[kid.cluster_id]:
                    continue
                codes, values = value_of[facet]
                members = kid.conversation_ids[np.array([v == value for v in values])[codes[kid.conversation_ids]]]
                hidden_users |= set(facts.user[members].tolist())
            assert not hidden_users or len(hidden_users) >= MIN_USERS, (parent.cluster_id, facet, value)
            checked += 1
    assert checked > 10


def test_shares_growth_map_and_concern(published_result):
    clusters = clusters_by_id(published_result)
    tops = [c for c in clusters.values() if c["parent_id"] is None]
    assert abs(sum(c["share"] for c in tops) - 1.0) < 1e-9
    travel = clusters["b_travel"]
    assert travel["growth"] is not None
    assert 1.0 < travel["mean_concerning"] < 4.0
    real = [c for c in clusters.values() if not c["is_other"]]
    assert all(c["map_x"] is not None and -1.0 <= c["map_x"] <= 1.0 for c in real)
    log = rows(published_result, "publication_log")[0]
    assert log["n_clusters"] == len(clusters) and log["n_suppressed"] >= 3
    assert log["window_start"] == date(2026, 1, 1)


def test_map_is_deterministic(warehouse, word_rule):
    from clio_pipeline.privacy.auditor import OfflinePrivacyAuditor
    from clio_pipeline.publishing.build import build_published_tables

    results = [
        build_published_tables(load_publish_inputs(warehouse, PARTITION), OfflinePrivacyAuditor(word_rule),
                               DisclosurePolicy(MIN_USERS, MIN_CONVERSATIONS))
        for _ in range(2)
    ]
    maps = [[(r["cluster_id"], r["map_x"], r["map_y"]) for r in rows(res, "clusters")] for res in results]
    assert maps[0] == maps[1]


def test_inputs_are_read_without_holding_the_warehouse(warehouse):
    load_publish_inputs(warehouse, PARTITION)
    # The read connection is closed: a writer can open the file at once.
    con = duckdb.connect(str(warehouse))
    con.close()
