"""Verification of rows about to reach analysts: what the blocking checks run on the staged tables.

Each function takes rows as mappings (e.g. `table.to_pylist()`) and returns human-readable problems;
an empty list means the rows pass. They re-check, independently of how the rows were built, the rules
that `DisclosurePolicy` applies while building them, so a bug in a builder is caught here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from clio_pipeline.privacy.auditor import PASSING_SCORE
from clio_pipeline.privacy.thresholds import OTHER_VALUE

_TEXT_FIELDS = ("name", "description", "value")


def find_detector_hits(rows: Iterable[Mapping[str, Any]]) -> list[str]:
    """Rows whose name, description or facet value contains personal data the PII detectors find, or a
    word the publication rule never allows whatever its count (a placeholder or a possible personal
    name in any script: `privacy.word_rule.identifying_words`, the rule every name builder applies)."""
    from clio_pipeline.privacy.scrubber import detect
    from clio_pipeline.privacy.word_rule import identifying_words

    problems = []
    for row in rows:
        for field in _TEXT_FIELDS:
            text = row.get(field)
            if not text:
                continue
            kinds = sorted({getattr(d, "type", "PII") for d in detect(str(text))})
            if kinds:
                problems.append(f"{row.get('cluster_id')}: {field} contains {', '.join(kinds)}")
            if field != "value":  # facet values are closed vocabularies (languages, tasks, scores)
                words = sorted(set(identifying_words(str(text))))
                if words:
                    problems.append(f"{row.get('cluster_id')}: {field} has identifying words {words[:5]}")
        score = row.get("audit_score")
        if score is not None and score < PASSING_SCORE:
            problems.append(f"{row.get('cluster_id')}: audit score {score} < {PASSING_SCORE}")
    return problems


def find_threshold_violations(
    rows: Iterable[Mapping[str, Any]], min_users: int, min_conversations: int
) -> list[str]:
    """Cluster rows below the aggregation thresholds, or whose parent is not published."""
    rows = list(rows)
    published = {(row["partition_date"], row["cluster_id"]) for row in rows}
    problems = []
    for row in rows:
        if row["n_users"] < min_users:
            problems.append(f"{row['cluster_id']}: {row['n_users']} users < {min_users}")
        if row["n_conversations"] < min_conversations:
            problems.append(f"{row['cluster_id']}: {row['n_conversations']} conversations < {min_conversations}")
        if row.get("parent_id") is not None and (row["partition_date"], row["parent_id"]) not in published:
            problems.append(f"{row['cluster_id']}: parent {row['parent_id']} is not published")
    return problems


def find_small_cells(rows: Iterable[Mapping[str, Any]], min_users: int) -> list[str]:
    """Breakdown or trend cells that are published with fewer than `min_users` users.

    Suppressed trend cells (NULL counts) and days with no conversation at all (zero) pass.
    """
    problems = []
    for row in rows:
        users = row.get("n_users")
        if users is None or (users == 0 and not row.get("n_conversations")):
            continue
        if users < min_users:
            where = row.get("day") or f"{row.get('facet')}={row.get('value', OTHER_VALUE)}"
            problems.append(f"{row.get('cluster_id')} {where}: {users} users < {min_users}")
    return problems
