"""The execution seam: how the facets, embeddings and base-clustering assets run their per-conversation work.

An asset asks its `Engine` for the work and never asks which engine it has, as with the LLM backend
seam (`clio_pipeline.backends`). Every engine calls the same core functions: the backend's facet
extractor, the embedder of `make_embedder`, `kmeans.assign_nearest`; an engine decides only where
they run. The warehouse stays where the engine's inputs are read and its outputs are written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import numpy as np

    from clio_pipeline.backends import FacetExtractor
    from clio_pipeline.clustering.kmeans import KMeansResult
    from clio_pipeline.embeddings.embedder import Embedder
    from clio_pipeline.types import FacetRecord


@dataclass(frozen=True)
class EncoderSpec:
    """What a remote worker needs to build the embedder itself (`make_embedder`'s arguments)."""

    model: str
    device: str = "cpu"
    batch_size: int = 64


class Engine(Protocol):
    """Runs the per-conversation stages of one day."""

    name: str

    def extract_facets(self, db_path: str, day: date, extractor: FacetExtractor) -> list[FacetRecord]:
        """The facets of every conversation of the day, ordered by conversation id."""
        ...

    def embedder(self, local: Embedder, spec: EncoderSpec, day: date) -> Embedder:
        """The embedder the step encodes with (same `model_id` as `local`, so the cache is shared)."""
        ...

    def assign(self, day: date, vectors: np.ndarray, result: KMeansResult) -> KMeansResult:
        """`result` with every row of `vectors` assigned to its nearest centroid of `result`."""
        ...


class LocalEngine:
    """Everything in the step's own process: the embedded default."""

    name = "local"

    def extract_facets(self, db_path: str, day: date, extractor: FacetExtractor) -> list[FacetRecord]:
        from clio_pipeline.facets.store import read_conversations

        return extractor.extract(read_conversations(db_path, day))  # connection closed before extraction

    def embedder(self, local: Embedder, spec: EncoderSpec, day: date) -> Embedder:
        return local

    def assign(self, day: date, vectors: np.ndarray, result: KMeansResult) -> KMeansResult:
        # k-means' final pass already assigned every row with `assign_nearest`; doing it again here would
        # only repeat the same search in the same process.
        return result


def default_exchange_root(warehouse_path: str | Path) -> str:
    """`<warehouse>.exchange` beside the private warehouse: the exchange holds raw text, so it lives there."""
    path = Path(warehouse_path)
    return str(path.with_name(path.stem + ".exchange"))
