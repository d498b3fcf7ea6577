"""Turn the model's assignment answers into exactly one parent per child, recording every repair.

A model answer can name a category that does not exist, assign a child twice, mention a child that
was not asked about, or leave a child out; a call can fail outright. None of these may lose a child:

- unknown parent name -> the candidate nearest to the answered text by embedding;
- child assigned more than once -> the first answer is kept;
- child key not in the batch -> ignored;
- child missing from the answer or its call failed -> the candidate nearest to the child's embedding.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from clio_pipeline.hierarchy.llm_prompts import AssignmentBatch, name_key

RepairKind = Literal[
    "failed_call",
    "unknown_parent",
    "duplicate_assignment",
    "unknown_child",
    "dropped_child",
    "empty_parent",
    "rename_failed",
    "no_candidates",
]


@dataclass(frozen=True)
class Repair:
    """One deviation from a well-formed model answer, and what was done about it."""

    level: int
    kind: RepairKind
    detail: str


def child_key(position: int) -> str:
    """The key by which the `position`-th child of a batch is shown to the model."""
    return f"c{position + 1}"


def resolve_assignments(
    batches: Sequence[Sequence[int]],
    answers: Sequence[AssignmentBatch | None],
    parent_names: Sequence[str],
    *,
    nearest_by_text: Callable[[list[str]], list[int]],
    nearest_by_child: Callable[[list[int]], list[int]],
    level: int,
) -> tuple[dict[int, int], list[Repair]]:
    """Parent index for every child index in `batches`, and the repairs it took.

    `answers[i]` is the parsed answer to batch `i`, or None when that call failed (already recorded
    as a failed call by the caller). `nearest_by_text` maps free texts to candidate indexes;
    `nearest_by_child` maps child indexes to candidate indexes. Both are only called when needed.
    """
    by_key = {name_key(name): index for index, name in enumerate(parent_names)}
    assigned: dict[int, int] = {}
    unknown_texts: list[tuple[int, str]] = []
    repairs: list[Repair] = []
    for batch, answer in zip(batches, answers, strict=True):
        if answer is None:
            continue
        keys = {child_key(position): child for position, child in enumerate(batch)}
        answered: set[int] = set()
        for item in answer.assignments:
            child = keys.get(item.child.strip())
            if child is None:
                repairs.append(Repair(level, "unknown_child", f"answer names child {item.child!r}; ignored"))
                continue
            if child in answered:
                repairs.append(
                    Repair(level, "duplicate_assignment", f"child {child} assigned again; kept first")
                )
                continue
            answered.add(child)
            parent = by_key.get(name_key(item.parent))
            if parent is None:
                unknown_texts.append((child, item.parent))
            else:
                assigned[child] = parent
    if unknown_texts:
        nearest = nearest_by_text([text for _, text in unknown_texts])
        for (child, text), parent in zip(unknown_texts, nearest, strict=True):
            assigned[child] = parent
            repairs.append(
                Repair(
                    level, "unknown_parent", f"child {child}: {text!r} -> nearest {parent_names[parent]!r}"
                )
            )
    dropped = [child for batch in batches for child in batch if child not in assigned]
    if dropped:
        for child, parent in zip(dropped, nearest_by_child(dropped), strict=True):
            assigned[child] = parent
            repairs.append(
                Repair(level, "dropped_child", f"child {child} -> nearest {parent_names[parent]!r}")
            )
    return assigned, repairs
