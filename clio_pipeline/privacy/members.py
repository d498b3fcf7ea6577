"""Compact member sets for the privacy gates: sorted unique int32 codes instead of sets of id strings.

The thresholds and the cell rules count distinct users and take unions and differences of the
conversations of clusters and cells. Over a window of a million conversations, holding those as Python
sets of id strings costs gigabytes (every set entry is a pointer plus a hash slot, every id a string
object, and a hierarchy holds each conversation once per level and per facet). So the publisher codes
conversations and users as dense integers (`publishing.inputs.FactTable`) and each cluster or cell
holds its members as a sorted, duplicate-free numpy int32 array: 4 bytes a member, and set operations
are merges of sorted arrays.

Callers that pass Python sets of strings (tests, small tools) still may: `Codebook` turns them into
codes on the way in and back into frozensets on the way out, so both forms give the same decisions.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence

import numpy as np

CODE = np.int32
# A member set: ids (a frozenset of strings), or sorted unique int32 codes.
Members = frozenset | np.ndarray
EMPTY = np.empty(0, dtype=CODE)
EMPTY.flags.writeable = False


def as_members(codes: Iterable[int] | np.ndarray) -> np.ndarray:
    """`codes` as a sorted unique int32 array."""
    array = codes if isinstance(codes, np.ndarray) else np.fromiter(codes, dtype=CODE)
    return np.unique(array.astype(CODE, copy=False))


def union(parts: Sequence[np.ndarray]) -> np.ndarray:
    """Union of sorted unique arrays (the empty array when there are none)."""
    if not parts:
        return EMPTY
    if len(parts) == 1:
        return parts[0]
    return np.unique(np.concatenate(parts))


def difference(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Members of `left` not in `right` (both sorted unique)."""
    return np.setdiff1d(left, right, assume_unique=True)


def count_distinct(values: np.ndarray) -> int:
    """Number of distinct values in `values` (any order, duplicates allowed)."""
    if len(values) < 2:
        return len(values)
    ordered = np.sort(values)
    return int(np.count_nonzero(ordered[1:] != ordered[:-1])) + 1


def top_counts(values: np.ndarray, top: int) -> int:
    """Sum of the `top` largest multiplicities among `values`."""
    if len(values) == 0:
        return 0
    counts = np.unique(values, return_counts=True)[1]
    if len(counts) > top:
        counts = np.partition(counts, len(counts) - top)[-top:]
    return int(counts.sum())


class Codebook:
    """Dense codes for hashable values, in order of first sight, and back."""

    def __init__(self) -> None:
        self.codes: dict[Hashable, int] = {}
        self.values: list[Hashable] = []

    def code(self, value: Hashable) -> int:
        """The code of `value`, given one now if it has none."""
        found = self.codes.get(value)
        if found is None:
            found = self.codes[value] = len(self.values)
            self.values.append(value)
        return found

    def members(self, values: Iterable[Hashable]) -> np.ndarray:
        """The sorted unique codes of `values`."""
        return as_members(self.code(v) for v in values)

    def decode(self, members: np.ndarray) -> frozenset:
        """The values of `members`, as a frozenset."""
        values = self.values
        return frozenset(values[int(i)] for i in members)


def is_coded(members: object) -> bool:
    """Whether a member collection is an array of codes (rather than a set of ids)."""
    return isinstance(members, np.ndarray)
