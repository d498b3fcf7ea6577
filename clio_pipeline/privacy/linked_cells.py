"""Small-cell suppression across the published hierarchy (linked tables).

`suppress_small_cells` protects the cells of one cluster. Breakdowns of a parent and of its children
are linked, though: parent cell (v) - sum of the children's published (v) cells = the children's
hidden (v) cells. If those hidden cells together have fewer than `min_users` users, subtraction
recovers a small group. Complementary suppression fixes that: the smallest child cell of value v that
was published is hidden too (then the hidden group has >= min_users users, since that cell alone
does); when no child cell is left to hide, the parent's cell is hidden. Hiding a cell only ever grows a
hidden group, so the loop below converges; each pass re-runs the per-cluster suppression so that the
`(other)` cells stay above the threshold too.

Cells are keyed by (cluster_id, facet) groups; daily trends use facet "day".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable

from clio_pipeline.privacy.thresholds import (
    OTHER_VALUE,
    Cell,
    CellOutcome,
    PublishedNode,
    suppress_small_cells,
)


def suppress_linked_cells(
    cells: Iterable[Cell],
    nodes: Iterable[PublishedNode],
    min_users: int,
    *,
    forced: Iterable[tuple[Hashable, str]] = (),
) -> CellOutcome:
    """Per-cluster small-cell suppression plus complementary suppression between parent and children.

    Every cell's group must be a `(cluster_id, facet)` tuple of a node in `nodes`.
    """
    cells = list(cells)
    children: dict[str, list[str]] = defaultdict(list)
    for node in nodes:
        if node.parent_id is not None:
            children[node.parent_id].append(node.cluster_id)
    by_key: dict[tuple[str, str, str], Cell] = {}
    for cell in cells:
        cluster_id, facet = cell.group  # type: ignore[misc]
        by_key[(cluster_id, facet, cell.value)] = cell
    hidden_by_force: set[tuple[Hashable, str]] = set(forced)
    # Each pass hides at least one more cell or stops, so the number of passes is bounded by the cells.
    for _ in range(len(cells) + 1):
        outcome = suppress_small_cells(cells, min_users, forced=hidden_by_force)
        shown = {(c.group, c.value) for c in outcome.published if c.value != OTHER_VALUE}
        added = _complements(by_key, children, shown, min_users) - hidden_by_force
        if not added:
            return outcome
        hidden_by_force |= added
    raise RuntimeError("complementary suppression did not converge")  # unreachable by the bound above


def _complements(
    by_key: dict[tuple[str, str, str], Cell],
    children: dict[str, list[str]],
    shown: set[tuple[Hashable, str]],
    min_users: int,
) -> set[tuple[Hashable, str]]:
    """Cells to hide so that no parent-minus-children difference is a group of 1..min_users-1 users."""
    to_hide: set[tuple[Hashable, str]] = set()
    for (parent, facet, value), _cell in sorted(by_key.items()):
        if ((parent, facet), value) not in shown or not children.get(parent):
            continue
        child_cells = [
            by_key[(child, facet, value)] for child in children[parent] if (child, facet, value) in by_key
        ]
        hidden = [c for c in child_cells if (c.group, c.value) not in shown]
        hidden_users = frozenset().union(*(c.user_ids for c in hidden)) if hidden else frozenset()
        if not hidden_users or len(hidden_users) >= min_users:
            continue
        visible = [c for c in child_cells if (c.group, c.value) in shown]
        if visible:
            smallest = min(visible, key=lambda c: (c.n_users, len(c.conversation_ids), repr(c.group)))
            to_hide.add((smallest.group, smallest.value))
        else:
            to_hide.add(((parent, facet), value))
    return to_hide
