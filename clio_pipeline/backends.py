"""The backend seam: each LLM-shaped step gets its component from one `Backend`, chosen once per step.

Four stages have an offline (heuristic) and an LLM (OpenAI-compatible) implementation of the same
job. Each job is a small protocol below; a `Backend` hands out the implementations of one kind, and
`LLMResource.open_backend()` picks the kind from the configuration. Assets call the protocol and never ask
which backend they run on, so a new backend (another API, a fine-tuned local model) is one class
here, not a branch in every asset. The embedder is its own seam (`clio_pipeline.embeddings`), since
it is configured separately from the LLM.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Protocol

import numpy as np

if TYPE_CHECKING:  # the stage modules are imported where a component is built, not at module load
    from clio_pipeline.clustering.naming import ClusterLabel
    from clio_pipeline.facets.spec import FacetSpec
    from clio_pipeline.hierarchy.tree import TreeNode
    from clio_pipeline.llm.ledger import Ledger
    from clio_pipeline.llm.protocol import JsonChat
    from clio_pipeline.privacy.auditor import PrivacyAuditor
    from clio_pipeline.privacy.word_rule import WordRule
    from clio_pipeline.types import Conversation, FacetRecord

Embed = Callable[[list[str]], np.ndarray]


class FacetExtractor(Protocol):
    """Facets of a day's conversations: one record per conversation, in order, failures recorded."""

    backend: str

    def extract(self, conversations: Sequence[Conversation]) -> list[FacetRecord]: ...


class ClusterNamer(Protocol):
    """A contrastive, privacy-filtered name and description for every cluster id present in `labels`."""

    def __call__(
        self,
        summaries: Sequence[str],
        user_ids: Sequence[str],
        labels: np.ndarray,
        vectors: np.ndarray,
        centroids: np.ndarray,
        *,
        min_users: int,
        rule: WordRule | None = None,
    ) -> dict[int, ClusterLabel]: ...


class HierarchyBuilder(Protocol):
    """The whole tree above the base clusters (base copies with parents set, then each new level)."""

    def __call__(
        self,
        base: Sequence[TreeNode],
        *,
        summaries: Mapping[str, str],
        users: Mapping[str, str],
        min_users: int,
        min_conversations: int,
        top_size: int,
        n_levels: int | None,
        id_prefix: str,
        seed: int,
    ) -> list[TreeNode]: ...


class Backend(Protocol):
    """The implementations of every LLM-shaped job, of one kind (offline or LLM)."""

    name: str
    ledger: Ledger | None  # token and cost accounting, where calls cost anything

    def facet_extractor(self, specs: Sequence[FacetSpec]) -> FacetExtractor: ...

    def cluster_namer(self, embed: Callable[[], Embed] | None = None) -> ClusterNamer: ...

    def hierarchy_builder(self, embed: Callable[[], Embed]) -> HierarchyBuilder: ...

    def privacy_auditor(self, rule: WordRule) -> PrivacyAuditor: ...


class OfflineBackend:
    """Heuristic implementations that need no model server: the embedded default."""

    name = "offline"
    ledger = None

    def facet_extractor(self, specs: Sequence[FacetSpec]) -> FacetExtractor:
        from clio_pipeline.facets.offline import OfflineFacetExtractor

        return OfflineFacetExtractor(specs)

    def cluster_namer(self, embed: Callable[[], Embed] | None = None) -> ClusterNamer:
        """The phrase namer; with `embed` (the pipeline's embedder, loaded on first use) it prefers the
        candidate whose embedding lies nearest its own cluster."""
        from functools import partial

        from clio_pipeline.clustering.naming import name_clusters_offline

        if embed is None:
            return name_clusters_offline
        return partial(name_clusters_offline, encode=lambda texts: embed()(texts))

    def hierarchy_builder(self, embed: Callable[[], Embed]) -> HierarchyBuilder:
        from functools import partial

        from clio_pipeline.hierarchy.offline import build_hierarchy_offline

        # Parent names are checked against the parents' centroids with the pipeline's embedder.
        return partial(build_hierarchy_offline, encode=lambda texts: embed()(texts))

    def privacy_auditor(self, rule: WordRule) -> PrivacyAuditor:
        from clio_pipeline.privacy.auditor import OfflinePrivacyAuditor

        return OfflinePrivacyAuditor(rule)


class LLMBackend:
    """The paper's prompts through an OpenAI-compatible chat client (cached, ledgered, budgeted).

    Every answer still passes the deterministic privacy layer inside each component.
    """

    name = "openai"

    def __init__(self, chat: JsonChat, ledger: Ledger | None = None) -> None:
        self.chat = chat
        self.ledger = ledger

    def facet_extractor(self, specs: Sequence[FacetSpec]) -> FacetExtractor:
        from clio_pipeline.facets.llm_backend import LLMFacetExtractor

        return LLMFacetExtractor(self.chat, specs)

    def cluster_namer(self, embed: Callable[[], Embed] | None = None) -> ClusterNamer:
        """The paper's naming prompt; `embed` is not used (the model writes the names)."""
        from functools import partial

        from clio_pipeline.clustering.llm_naming import name_clusters_llm

        return partial(name_clusters_llm, self.chat)

    def hierarchy_builder(self, embed: Callable[[], Embed]) -> HierarchyBuilder:
        from functools import partial

        from clio_pipeline.hierarchy.llm_backend import build_hierarchy_llm

        # The LLM algorithm embeds candidate parent names; the encoder is loaded only on this path.
        return partial(build_hierarchy_llm, self.chat, embed=embed())

    def privacy_auditor(self, rule: WordRule) -> PrivacyAuditor:
        from clio_pipeline.privacy.auditor import LLMPrivacyAuditor, OfflinePrivacyAuditor

        return LLMPrivacyAuditor(self.chat, OfflinePrivacyAuditor(rule))
