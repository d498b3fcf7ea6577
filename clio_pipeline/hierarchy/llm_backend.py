"""LLM hierarchy backend: the paper's propose / deduplicate / assign / rename algorithm, level by level.

Per level, with the target size from `level_sizes`:

1. embed every child's "name: description" with `embed`;
2. k-means those embeddings into neighbourhoods of about `neighbourhood_size` children;
3. per neighbourhood, one call proposes candidate parents, shown the neighbourhood and, for
   contrast, the nearest children outside it;
4. candidates are deduplicated by *embedding-based merging* rather than an extra LLM call: exact
   duplicates (case and punctuation ignored) collapse, and when more candidates remain than the
   target they are Ward-clustered to exactly the target and each group keeps the candidate nearest
   its mean. That lands the level inside 0.5-1.5x the target whenever the model proposes at least
   half of it, costs no tokens, and is deterministic;
5. children are assigned in batches of `assign_batch_size`, the candidate list shuffled per call
   (seeded) against position bias; answers are repaired as in `llm_assign.py`;
6. candidates that received no child are removed; each remaining parent is renamed from the
   children it actually received (name <= 10 words, two-sentence description).

Every name passes the scrubber and the distinct-users word rule (`naming.NamePrivacy`). The tree is
repaired, never silently lossy; when more than `max_repair_share` of a level's children needed a
repaired assignment the model is considered broken and `HierarchyError` is raised.
"""

from __future__ import annotations

import logging
import random
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
from pydantic import BaseModel

from clio_pipeline.hierarchy.grouping import fold_small_groups, group_centroids
from clio_pipeline.hierarchy.llm_assign import Repair, child_key, resolve_assignments
from clio_pipeline.hierarchy.llm_prompts import (
    PROMPT_VERSION,
    SYSTEM,
    AssignmentBatch,
    ParentLabel,
    ProposedParents,
    assign_prompt,
    clean_description,
    clean_name,
    cluster_line,
    name_key,
    propose_prompt,
    rename_prompt,
)
from clio_pipeline.hierarchy.naming import NamePrivacy
from clio_pipeline.hierarchy.offline import validate_base
from clio_pipeline.hierarchy.texts import Summaries
from clio_pipeline.hierarchy.tree import (
    HierarchyError,
    TreeNode,
    cluster_id_for,
    level_sizes,
    meets_thresholds,
    roll_up_parent,
)
from clio_pipeline.llm.protocol import JsonChat, ask_all

logger = logging.getLogger(__name__)
Embed = Callable[[list[str]], np.ndarray]
_CONTRAST_CLUSTERS = 10
_RENAME_MAX_CHILDREN = 40


@dataclass
class LlmHierarchyResult:
    """The tree (base copies with parents set, then each new level), the repairs, the call count."""

    nodes: list[TreeNode]
    repairs: list[Repair] = field(default_factory=list)
    n_requests: int = 0


@dataclass
class _Run:
    chat: JsonChat
    embed: Embed
    privacy: NamePrivacy
    users: Mapping[str, str]
    id_prefix: str
    seed: int
    prompt_version: str
    neighbourhood_size: int
    assign_batch_size: int
    max_repair_share: float
    min_users: int = 0
    min_conversations: int = 0  # 0: parents below the thresholds are kept (see grouping.fold_small_groups)
    repairs: list[Repair] = field(default_factory=list)
    n_requests: int = 0

    def ask(
        self, level: int, purpose: str, prompts: list[str], model: type[BaseModel], max_tokens: int
    ) -> list:
        """Parsed answers in order, None where a call failed (recorded as a repair)."""
        if not prompts:
            return []
        self.n_requests += len(prompts)
        try:
            results = ask_all(self.chat, prompts, prompt_version=self.prompt_version, purpose=purpose,
                              system=SYSTEM, response_model=model, max_tokens=max_tokens)
        except RuntimeError as exc:
            raise HierarchyError(str(exc)) from exc
        for result in results:
            if not result.ok:
                self.repairs.append(Repair(level, "failed_call", f"{purpose}: {result.error}"))
        return [result.parsed if result.ok else None for result in results]

    def vectors(self, texts: list[str]) -> np.ndarray:
        """Unit-length float32 embeddings of `texts` (one row each)."""
        matrix = np.asarray(self.embed(texts), dtype=np.float32).reshape(len(texts), -1)
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        return matrix / np.where(norms > 0, norms, 1.0)


def build_hierarchy_llm(
    chat: JsonChat,
    base: Sequence[TreeNode],
    *,
    embed: Embed,
    summaries: Summaries | Mapping[str, str],
    users: Mapping[str, str],
    min_users: int,
    min_conversations: int = 0,
    top_size: int = 10,
    n_levels: int | None = None,
    neighbourhood_size: int = 40,
    id_prefix: str,
    seed: int = 0,
    prompt_version: str = PROMPT_VERSION,
) -> list[TreeNode]:
    """The whole tree built by the LLM algorithm (same shape as `build_hierarchy_offline`).

    Repairs are logged; use `build_hierarchy_llm_report` to get them as data.
    """
    result = build_hierarchy_llm_report(
        chat, base, embed=embed, summaries=summaries, users=users, min_users=min_users,
        min_conversations=min_conversations, top_size=top_size, n_levels=n_levels, neighbourhood_size=neighbourhood_size,
        id_prefix=id_prefix, seed=seed, prompt_version=prompt_version,
    )  # fmt: skip
    if result.repairs:
        counts = Counter(repair.kind for repair in result.repairs)
        logger.warning("hierarchy %s: %d repairs %s", id_prefix, len(result.repairs), dict(counts))
    return result.nodes


def build_hierarchy_llm_report(
    chat: JsonChat,
    base: Sequence[TreeNode],
    *,
    embed: Embed,
    summaries: Summaries | Mapping[str, str],
    users: Mapping[str, str],
    min_users: int,
    min_conversations: int = 0,
    top_size: int = 10,
    n_levels: int | None = None,
    neighbourhood_size: int = 40,
    id_prefix: str,
    seed: int = 0,
    prompt_version: str = PROMPT_VERSION,
    assign_batch_size: int = 10,
    max_repair_share: float = 0.5,
) -> LlmHierarchyResult:
    """`build_hierarchy_llm` with the repair log and request count returned alongside the tree."""
    validate_base(base, users)
    run = _Run(
        chat=chat, embed=embed, privacy=NamePrivacy(summaries, users, min_users), users=users,
        id_prefix=id_prefix, seed=seed, prompt_version=prompt_version,
        neighbourhood_size=max(1, neighbourhood_size), assign_batch_size=max(1, assign_batch_size),
        max_repair_share=max_repair_share, min_users=min_users, min_conversations=min_conversations,
    )  # fmt: skip
    finished: list[TreeNode] = []
    current = sorted(base, key=lambda node: node.cluster_id)
    for level, target in enumerate(level_sizes(len(current), top_size=top_size, n_levels=n_levels), start=1):
        if len(current) <= 1:
            break
        parents, parent_of = _build_level(run, current, target, level)
        finished.extend(replace(child, parent_id=parent_of[i]) for i, child in enumerate(current))
        current = parents
    finished.extend(replace(node, parent_id=None) for node in current)
    return LlmHierarchyResult(nodes=finished, repairs=run.repairs, n_requests=run.n_requests)


def _build_level(
    run: _Run, children: list[TreeNode], target: int, level: int
) -> tuple[list[TreeNode], list[str]]:
    lines = [cluster_line(child.name, child.description) for child in children]
    child_vectors = run.vectors(lines)
    candidates = _propose(run, lines, child_vectors, target, level)
    candidate_vectors = run.vectors(candidates)

    batches = [
        list(range(start, min(start + run.assign_batch_size, len(children))))
        for start in range(0, len(children), run.assign_batch_size)
    ]
    prompts = []
    for number, batch in enumerate(batches):
        shuffled = list(candidates)
        random.Random(f"{run.seed}-{level}-{number}").shuffle(shuffled)
        prompts.append(assign_prompt([(child_key(p), lines[c]) for p, c in enumerate(batch)], shuffled))
    answers = run.ask(
        level, "hierarchy:assign", prompts, AssignmentBatch, max_tokens=64 * len(batches[0]) + 64
    )
    assigned, repairs = resolve_assignments(
        batches,
        answers,
        candidates,
        nearest_by_text=lambda texts: list(np.argmax(run.vectors(texts) @ candidate_vectors.T, axis=1)),
        nearest_by_child=lambda idx: list(np.argmax(child_vectors[idx] @ candidate_vectors.T, axis=1)),
        level=level,
    )
    run.repairs.extend(repairs)
    repaired = sum(1 for r in repairs if r.kind in ("unknown_parent", "dropped_child"))
    if repaired > run.max_repair_share * len(children):
        raise HierarchyError(
            f"level {level}: {repaired} of {len(children)} assignments needed repair; the model's answers are unusable"
        )

    if run.min_conversations:
        folded = fold_small_groups(
            np.array([assigned[c] for c in range(len(children))]), np.stack([np.asarray(c.centroid, dtype=np.float32) for c in children]),
            np.array([c.n_conversations for c in children], dtype=np.float64),
            lambda rows: meets_thresholds([children[int(r)] for r in rows], run.users, min_users=run.min_users,
                                          min_conversations=run.min_conversations))
        assigned = {child: int(parent) for child, parent in enumerate(folded)}
    members: dict[int, list[int]] = {}
    for child in range(len(children)):
        members.setdefault(int(assigned[child]), []).append(child)
    for index, name in enumerate(candidates):
        if index not in members:
            run.repairs.append(
                Repair(level, "empty_parent", f"candidate {name!r} received no child; removed")
            )
    groups = sorted(
        members.items(), key=lambda item: (-sum(children[c].n_conversations for c in item[1]), item[0])
    )
    labels = _rename(run, [(candidates[index], [children[c] for c in kids]) for index, kids in groups], level)

    parents: list[TreeNode] = []
    parent_of: list[str] = [""] * len(children)
    for number, ((_, kids), (name, description)) in enumerate(zip(groups, labels, strict=True)):
        parent = roll_up_parent(
            [children[c] for c in kids],
            cluster_id=cluster_id_for(run.id_prefix, level, number),
            level=level,
            users=run.users,
            name=name,
            description=description,
        )
        parents.append(parent)
        for c in kids:
            parent_of[c] = parent.cluster_id
    return parents, parent_of


def _propose(run: _Run, lines: list[str], vectors: np.ndarray, target: int, level: int) -> list[str]:
    """Deduplicated, privacy-filtered candidate parent names for one level."""
    n_items = len(lines)
    n_hoods = max(1, round(n_items / run.neighbourhood_size))
    hoods = group_centroids(vectors, np.ones(n_items), n_hoods, method="kmeans", seed=run.seed + level)
    prompts = []
    for hood in range(int(hoods.max()) + 1):
        inside = np.flatnonzero(hoods == hood)
        similarity = vectors @ vectors[inside].mean(axis=0)
        outside = [i for i in np.argsort(-similarity) if hoods[i] != hood][:_CONTRAST_CLUSTERS]
        wanted = max(1, round(target * len(inside) / n_items))
        prompts.append(propose_prompt([lines[i] for i in inside], [lines[i] for i in outside], wanted))
    answers = run.ask(level, "hierarchy:propose", prompts, ProposedParents, max_tokens=512)

    candidates: dict[str, str] = {}
    for answer in answers:
        for raw in answer.names if answer is not None else []:
            name = run.privacy.publishable(clean_name(raw))
            if name and name_key(name) and name_key(name) not in candidates:
                candidates[name_key(name)] = name
    names = list(candidates.values())
    if not names:
        raise HierarchyError(f"level {level}: the model proposed no usable parent names")
    if len(names) > target:
        names = _merge_candidates(run, names, target, level)
    return names


def _merge_candidates(run: _Run, names: list[str], target: int, level: int) -> list[str]:
    """Exactly `target` names: Ward groups of the name embeddings, each keeping its most central name."""
    vectors = run.vectors(names)
    groups = group_centroids(vectors, np.ones(len(names)), target, method="ward", seed=run.seed + level)
    kept = []
    for group in range(int(groups.max()) + 1):
        members = np.flatnonzero(groups == group)
        centre = vectors[members].mean(axis=0)
        kept.append(names[int(members[np.argmax(vectors[members] @ centre)])])
    return kept


def _rename(run: _Run, groups: list[tuple[str, list[TreeNode]]], level: int) -> list[tuple[str, str]]:
    """Final (name, description) of each parent from the children it received; fallback on failure."""
    prompts = []
    for candidate, kids in groups:
        largest = sorted(kids, key=lambda kid: -kid.n_conversations)[:_RENAME_MAX_CHILDREN]
        prompts.append(rename_prompt(candidate, [cluster_line(kid.name, kid.description) for kid in largest]))
    answers = run.ask(level, "hierarchy:rename", prompts, ParentLabel, max_tokens=256)
    labels = []
    for (candidate, kids), answer in zip(groups, answers, strict=True):
        if answer is None or not clean_name(answer.name):
            if answer is not None:
                run.repairs.append(
                    Repair(level, "rename_failed", f"empty name for {candidate!r}; kept candidate")
                )
            kid_names = "; ".join(kid.name for kid in kids[:5])
            name, description = candidate, f"Includes {kid_names}."
        else:
            name, description = clean_name(answer.name), clean_description(answer.description)
        labels.append(run.privacy.name_and_description(name, description))
    return labels
