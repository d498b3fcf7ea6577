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

Units (stable topics). When `units` maps conversations to the stable topic they belong to, a day of
one topic must never be published or be the difference of published cells, whatever its size: the
topic's window counts are published every day, so one known day would anchor the day-to-day
differences of its windows (window today - window yesterday = newest day - dropped day) and make the
days seven apart computable. So a cell holding exactly one unit is hidden, a hidden difference between
a parent and its shown children may not hold exactly one unit, and neither may a cluster's hidden days
while some of its days are shown (its window total minus the shown days is public).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping

import numpy as np

from clio_pipeline.privacy.cells import OTHER_VALUE, Cell, CellOutcome, members_union, suppress_small_cells
from clio_pipeline.privacy.members import EMPTY, is_coded
from clio_pipeline.privacy.thresholds import PublishedNode

# Units: conversation id -> unit, or (coded cells) an array of unit codes indexed by conversation code,
# NO_UNIT for a conversation of no unit.
Units = Mapping[str, str] | np.ndarray
NO_UNIT = -1


def suppress_linked_cells(
    cells: Iterable[Cell],
    nodes: Iterable[PublishedNode],
    min_users: int,
    *,
    forced: Iterable[tuple[Hashable, str]] = (),
    units: Units | None = None,
) -> CellOutcome:
    """Per-cluster small-cell suppression plus complementary suppression between parent and children.

    Every cell's group must be a `(cluster_id, facet)` tuple of a node in `nodes`. `units` (conversation
    id -> stable topic) adds the single-unit rules of the module docstring; with coded cells it is an
    array of unit codes by conversation code (NO_UNIT: none).
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
    if units is not None:
        hidden_by_force |= {(c.group, c.value) for c in cells if _one_unit([c], units)}
    # Each pass hides at least one more cell or stops, so the number of passes is bounded by the cells.
    for _ in range(len(cells) + 1):
        outcome = suppress_small_cells(cells, min_users, forced=hidden_by_force)
        shown = {(c.group, c.value) for c in outcome.published if c.value != OTHER_VALUE}
        added = _complements(by_key, children, shown, min_users, units) - hidden_by_force
        if units is not None:
            added |= _single_unit_remainders(outcome, shown, units) - hidden_by_force
        if not added:
            return outcome
        hidden_by_force |= added
    raise RuntimeError("complementary suppression did not converge")  # unreachable by the bound above


def _complements(
    by_key: dict[tuple[str, str, str], Cell],
    children: dict[str, list[str]],
    shown: set[tuple[Hashable, str]],
    min_users: int,
    units: Units | None = None,
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
        hidden_users = members_union([c.user_ids for c in hidden])
        one_unit = units is not None and _one_unit(hidden, units)
        if not len(hidden_users) or (len(hidden_users) >= min_users and not one_unit):
            continue
        visible = [c for c in child_cells if (c.group, c.value) in shown]
        if visible:
            smallest = min(visible, key=lambda c: (c.n_users, len(c.conversation_ids), repr(c.group)))
            to_hide.add((smallest.group, smallest.value))
        else:
            to_hide.add(((parent, facet), value))
    return to_hide


def _one_unit(cells: Iterable[Cell], units: Units) -> bool:
    """Whether the cells' conversations belong to exactly one unit (conversations of no unit aside)."""
    if is_coded(units):
        found = np.unique(np.concatenate([units[cell.conversation_ids] for cell in cells] or [EMPTY]))  # type: ignore[index]
        return len(found) - int(len(found) > 0 and found[0] == NO_UNIT) == 1
    found_ids = {units[c] for cell in cells for c in cell.conversation_ids if c in units}
    return len(found_ids) == 1


def _single_unit_remainders(
    outcome: CellOutcome, shown: set[tuple[Hashable, str]], units: Units
) -> set[tuple[Hashable, str]]:
    """Smallest shown cell of each group whose hidden cells hold exactly one unit (total - shown = them)."""
    hidden: dict[Hashable, list[Cell]] = defaultdict(list)
    visible: dict[Hashable, list[Cell]] = defaultdict(list)
    for cell in outcome.suppressed:
        hidden[cell.group].append(cell)
    for cell in outcome.published:
        if (cell.group, cell.value) in shown:
            visible[cell.group].append(cell)
    to_hide: set[tuple[Hashable, str]] = set()
    for group in sorted(hidden, key=repr):
        if visible[group] and _one_unit(hidden[group], units):
            smallest = min(visible[group], key=lambda c: (c.n_users, len(c.conversation_ids), c.value))
            to_hide.add((group, smallest.value))
    return to_hide
