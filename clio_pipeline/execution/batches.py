"""The per-batch functions a distributed engine maps over the exchange's Parquet (Ray-free, Dagster-free).

Each one turns an Arrow batch into the domain objects of the local path, calls the same core
function the local path calls, and turns the answer back into an Arrow batch. No stage has a second
implementation here: if a batch function computed anything itself, the two engines could disagree.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pyarrow as pa

from clio_pipeline.backends import FacetExtractor
from clio_pipeline.execution.exchange import vectors_column, vectors_from_column


def facet_batch(batch: pa.Table, *, extractor: FacetExtractor, day: date) -> pa.Table:
    """Facets of a batch of exported conversations, as rows of the warehouse's `facets` table."""
    from clio_pipeline.facets.store import CONVERSATION_COLUMNS, conversation_from_row, facets_table

    columns = [batch.column(name).to_pylist() for name in CONVERSATION_COLUMNS]
    conversations = [conversation_from_row(*row) for row in zip(*columns)]
    return facets_table(extractor.extract(conversations), day)


class EncodeBatches:
    """Embeds batches of texts; one instance per Ray actor, so the model loads once per actor."""

    def __init__(self, model: str, device: str = "cpu", batch_size: int = 64) -> None:
        from clio_pipeline.embeddings.embedder import make_embedder

        self.embedder = make_embedder(model, device=device, batch_size=batch_size)

    def __call__(self, batch: pa.Table) -> pa.Table:
        vectors = self.embedder.encode(batch.column("text").to_pylist())
        return pa.table({"row": batch.column("row"), "embedding": vectors_column(vectors)})


def assign_batch(batch: pa.Table, *, centroids: np.ndarray) -> pa.Table:
    """Nearest centroid and cosine distance of each vector of a batch."""
    from clio_pipeline.clustering.kmeans import assign_nearest

    labels, distances = assign_nearest(vectors_from_column(batch.column("embedding")), centroids)
    return pa.table({"row": batch.column("row"), "label": labels, "distance": distances})
