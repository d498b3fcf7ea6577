"""Small-cell suppression inside one cluster's breakdown (facet values, days).

Cells with fewer than `min_users` users are merged into an `(other)` cell, and if that merged cell is
still too small the smallest published cells join it until it is not; see `privacy.thresholds` for the
rules on the cluster tree and `privacy.linked_cells` for the rules across it. A cell's members are
frozensets of ids or sorted int32 code arrays (`privacy.members`), one form for all cells of a call.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

from clio_pipeline.privacy.members import Members, is_coded, union

OTHER_VALUE = "(other)"


@dataclass(frozen=True)
class Cell:
    """One cell of a breakdown: the conversations of `group` (e.g. a cluster's language facet) whose
    value is `value` (e.g. "fr", or a day). Cells of one group must not share conversations."""

    group: Hashable
    value: str
    conversation_ids: Members
    user_ids: Members

    @property
    def n_users(self) -> int:
        return len(self.user_ids)


@dataclass
class CellOutcome:
    """Cells that may be published (merged `(other)` cells included) and the input cells that may not."""

    published: list[Cell] = field(default_factory=list)
    suppressed: list[Cell] = field(default_factory=list)


def suppress_small_cells(
    rows: Iterable[Cell],
    min_users: int,
    *,
    forced: Iterable[tuple[Hashable, str]] = (),
) -> CellOutcome:
    """Merge every cell with fewer than `min_users` users into an `(other)` cell of its group.

    If the `(other)` cell is still below `min_users`, the smallest published cells of the group join it
    until it is not (otherwise it could be recovered as group total minus published cells); if the whole
    group is too small, nothing of it is published. `forced` names (group, value) cells that must be
    merged whatever their size (e.g. a value the PII detectors flag, or a complementary suppression).
    """
    forced_cells = set(forced)
    by_group: dict[Hashable, list[Cell]] = defaultdict(list)
    for cell in rows:
        by_group[cell.group].append(cell)
    outcome = CellOutcome()
    for group in sorted(by_group, key=repr):
        cells = sorted(by_group[group], key=lambda c: c.value)
        kept = [c for c in cells if c.n_users >= min_users and (group, c.value) not in forced_cells]
        kept_ids = {id(c) for c in kept}
        merged = [c for c in cells if id(c) not in kept_ids]

        def merged_users(merged: list[Cell] = merged) -> Members:
            return members_union([c.user_ids for c in merged])

        while len(merged_users()) and len(merged_users()) < min_users and kept:
            smallest = min(kept, key=lambda c: (c.n_users, len(c.conversation_ids), c.value))
            kept = [c for c in kept if c is not smallest]
            merged.append(smallest)
        outcome.published.extend(kept)
        outcome.suppressed.extend(merged)
        users = merged_users()
        if len(users) >= min_users:
            conversations = members_union([c.conversation_ids for c in merged])
            outcome.published.append(Cell(group, OTHER_VALUE, conversations, users))
    return outcome


def members_union(parts: list[Members]) -> Members:
    """Union of member sets, all of one form (frozensets of ids, or code arrays)."""
    if parts and is_coded(parts[0]):
        return union(parts)  # type: ignore[arg-type]
    return frozenset().union(*parts)
