"""The breakdown and trend cells of the published clusters, built from code columns.

A cell is the conversations of one published cluster with one value of one facet (or one day), with
its members as sorted code arrays (`privacy.members`). A facet such as `task` is nearly free text, so
most of its values are held by a user or two: one cell per conversation and level, most of the
publisher's memory at a million conversations. None of those small cells can be published, and
`privacy.linked_cells` only looks at a small child cell when the same value is shown in its parent,
which needs at least `min_users` users there. So the small cells whose parent's cell of that value is
small too (or that have no parent) are pooled into one cell per cluster and facet, valued
`POOLED_VALUE` and forced hidden: the gates see the same unions of users and conversations (every
hidden cell joins `(other)`, and the single-unit rules look at the hidden cells together), and the
published tables are the same as with every cell kept apart.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping

import numpy as np

from clio_pipeline.privacy.thresholds import Cell, PublishedNode
from clio_pipeline.publishing.inputs import FactTable

POOLED_VALUE = "\x00pooled small values"  # forced hidden: never a published value


def groups(codes: np.ndarray, members: np.ndarray) -> list[tuple[int, np.ndarray]]:
    """`members` (sorted codes) grouped by `codes[member]`: (code, sorted members) for each code present."""
    if not len(members):
        return []
    values = codes[members]
    order = np.argsort(values, kind="stable")  # stable: each group stays in member order, so sorted
    ordered = values[order]
    starts = np.flatnonzero(np.concatenate([[True], ordered[1:] != ordered[:-1]]))
    ends = np.append(starts[1:], len(ordered))
    return [(int(ordered[a]), members[order[a:b]]) for a, b in zip(starts, ends, strict=True)]


def build_cells(
    nodes: list[PublishedNode], facts: FactTable, facets: Mapping[str, tuple[np.ndarray, list[str]]], min_users: int
) -> tuple[list[Cell], set[tuple[Hashable, str]]]:
    """Cells per (cluster, facet, value), small ones pooled (module docstring), and the pooled cells' keys."""
    by_id = {node.cluster_id: node for node in nodes}
    counted: dict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = {}

    def users_per_value(node: PublishedNode, facet: str, codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        key = (node.cluster_id, facet)
        if key not in counted:
            members = node.conversation_ids
            pairs = np.unique((codes[members].astype(np.int64) << 32) | facts.user[members].astype(np.int64))
            counted[key] = np.unique(pairs >> 32, return_counts=True)
        return counted[key]

    cells: list[Cell] = []
    pooled_keys: set[tuple[Hashable, str]] = set()
    for node in nodes:
        for facet, (codes, values) in facets.items():
            present, n_users = users_per_value(node, facet, codes)
            small = n_users < min_users
            parent = by_id.get(node.parent_id) if node.parent_id is not None else None
            if parent is not None and small.any():
                # A node's members are a subset of its parent's: each of its values is in the parent too.
                parent_values, parent_users = users_per_value(parent, facet, codes)
                candidates = np.flatnonzero(small)
                shown_above = parent_users[np.searchsorted(parent_values, present[candidates])] >= min_users
                small[candidates[shown_above]] = False
            members = node.conversation_ids
            in_pool = np.isin(codes[members], present[small])
            for code, cids in groups(codes, members[~in_pool]):
                cells.append(Cell((node.cluster_id, facet), values[code], cids, np.unique(facts.user[cids])))
            if in_pool.any():
                cids = members[in_pool]
                cells.append(Cell((node.cluster_id, facet), POOLED_VALUE, cids, np.unique(facts.user[cids])))
                pooled_keys.add(((node.cluster_id, facet), POOLED_VALUE))
    return cells, pooled_keys


def flagged_values(cells: list[Cell], min_users: int) -> set[tuple[Hashable, str]]:
    """Breakdown values the PII detectors flag: merged into (other) whatever their size. Only cells with
    `min_users` users could be published, so only their values are scanned."""
    from clio_pipeline.privacy.scrubber import detect

    candidates = {c.value for c in cells if c.n_users >= min_users and c.value != POOLED_VALUE}
    flagged = {value for value in candidates if list(detect(value))}
    return {(c.group, c.value) for c in cells if c.value in flagged}
