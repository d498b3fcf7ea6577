"""Multi-level cluster hierarchy above the base clusters: offline and LLM backends, invariants."""

from clio_pipeline.hierarchy.invariants import check_invariants
from clio_pipeline.hierarchy.llm_assign import Repair
from clio_pipeline.hierarchy.llm_backend import (
    LlmHierarchyResult,
    build_hierarchy_llm,
    build_hierarchy_llm_report,
)
from clio_pipeline.hierarchy.offline import build_hierarchy_offline
from clio_pipeline.hierarchy.tree import HierarchyError, TreeNode, cluster_id_for, level_sizes, roll_up_parent

__all__ = [
    "HierarchyError",
    "LlmHierarchyResult",
    "Repair",
    "TreeNode",
    "build_hierarchy_llm",
    "build_hierarchy_llm_report",
    "build_hierarchy_offline",
    "check_invariants",
    "cluster_id_for",
    "level_sizes",
    "roll_up_parent",
]
