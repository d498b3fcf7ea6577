"""The Ray engine: facets, embeddings and cluster assignment of a day as Ray Data `map_batches` jobs.

The Dagster asset hands the engine its partition (the day); the engine exports the day's input from the
warehouse to the Parquet exchange, Ray reads it, maps a function of `batches.py` over it and writes
the result back to the exchange, and DuckDB reads that with `read_parquet`. Workers never open the
warehouse, so they can run on any node that sees the exchange root.

Fault tolerance is Ray's: a task whose worker dies is run again (`max_retries`), an actor that dies is
restarted and its batch retried (`max_restarts`, `max_task_retries`). Every batch function is a pure
function of its batch, so a retried batch writes the same rows and nothing is lost or doubled.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa

from clio_pipeline.execution import exchange
from clio_pipeline.execution.batches import EncodeBatches, assign_batch, facet_batch
from clio_pipeline.execution.engine import EncoderSpec

if TYPE_CHECKING:
    from clio_pipeline.backends import FacetExtractor
    from clio_pipeline.clustering.kmeans import KMeansResult
    from clio_pipeline.embeddings.embedder import Embedder
    from clio_pipeline.types import FacetRecord

RETRIES = 3


def connect(address: str = "") -> Any:
    """The `ray` module, joined to the cluster at `address` (or to a new local one when empty), once per process."""
    try:
        import ray
    except ImportError as error:  # the extra is optional; say how to get it
        raise RuntimeError("CLIO_EXECUTION=ray needs Ray: pip install 'clio-pipeline[ray]'") from error
    if not ray.is_initialized():
        ray.init(address=address or None, include_dashboard=False, log_to_driver=False, configure_logging=False)
    ray.data.DataContext.get_current().enable_progress_bars = False
    return ray


class RayEngine:
    """Runs the per-conversation stages on a Ray cluster, exchanging Parquet with the warehouse."""

    name = "ray"

    def __init__(self, exchange_root: str, *, address: str = "", embed_actors: int = 2, batch_size: int = 256) -> None:
        self.root = exchange_root
        self.address = address
        self.embed_actors = embed_actors
        self.batch_size = batch_size

    def _map(self, day: date, stage_in: str, stage_out: str, table: pa.Table, fn: Any, order_by: str,
             **map_args: Any) -> pa.Table:
        """Write `table` to the exchange, map `fn` over it on Ray, and read the result back with DuckDB."""
        ray = connect(self.address)
        source = exchange.write(self.root, stage_in, day, table)
        target = exchange.clear(self.root, stage_out, day)
        try:
            dataset = ray.data.read_parquet(source).map_batches(
                fn, batch_size=self.batch_size, batch_format="pyarrow", **map_args
            )
            dataset.write_parquet(target)
        finally:
            exchange.remove(self.root, stage_in, day)  # the input holds raw text: it does not stay
        return exchange.read(self.root, stage_out, day, order_by)

    def extract_facets(self, db_path: str, day: date, extractor: FacetExtractor) -> list[FacetRecord]:
        from clio_pipeline.facets.store import CONVERSATION_COLUMNS, facet_record_from_row
        from clio_pipeline.warehouse import connect as warehouse

        if getattr(extractor, "backend", "offline") != "offline":
            raise RuntimeError(
                "CLIO_EXECUTION=ray runs facets with CLIO_LLM_BACKEND=offline only so far: the LLM backend's "
                "call budget and response cache are not yet shared across Ray workers (see the issue note)."
            )
        with warehouse(db_path, read_only=True) as con:  # short: closed before any work starts
            conversations = con.sql(
                f"SELECT {', '.join(CONVERSATION_COLUMNS)} FROM conversations WHERE partition_date = ? "
                "ORDER BY conversation_id", params=[day],
            ).to_arrow_table()
        if len(conversations) == 0:
            return []
        rows = self._map(day, "conversations", "facets", conversations, facet_batch, "conversation_id",
                         fn_kwargs={"extractor": extractor, "day": day}, max_retries=RETRIES)
        return [facet_record_from_row(row) for row in rows.to_pylist()]

    def embedder(self, local: Embedder, spec: EncoderSpec, day: date) -> Embedder:
        return RayEmbedder(self, local, spec, day)

    def encode(self, spec: EncoderSpec, day: date, texts: Sequence[str]) -> np.ndarray:
        """Vectors of `texts`, in order, from a pool of actors that each load the model once."""
        import ray

        table = pa.table({"row": pa.array(range(len(texts)), pa.int64()), "text": pa.array(list(texts), pa.string())})
        rows = self._map(
            day, "embedding_texts", "embeddings", table, EncodeBatches, "row",
            fn_constructor_kwargs={"model": spec.model, "device": spec.device, "batch_size": spec.batch_size},
            compute=ray.data.ActorPoolStrategy(size=self.embed_actors),
            max_restarts=RETRIES, max_task_retries=RETRIES,
        )
        return exchange.vectors_from_column(rows.column("embedding"))

    def assign(self, day: date, vectors: np.ndarray, result: KMeansResult) -> KMeansResult:
        from clio_pipeline.clustering.kmeans import KMeansResult

        table = pa.table({"row": pa.array(range(len(vectors)), pa.int64()), "embedding": exchange.vectors_column(vectors)})
        rows = self._map(day, "window_vectors", "assignments", table, assign_batch, "row",
                         fn_kwargs={"centroids": result.centroids}, max_retries=RETRIES)
        labels = rows.column("label").to_numpy().astype(np.int64)
        distances = rows.column("distance").to_numpy().astype(np.float32)
        return KMeansResult(labels, result.centroids, distances)


class RayEmbedder:
    """An `Embedder` whose `encode` runs on the Ray engine; the embedding cache around it is unchanged."""

    def __init__(self, engine: RayEngine, local: Embedder, spec: EncoderSpec, day: date) -> None:
        self.engine, self.spec, self.day = engine, spec, day
        self.model_id = local.model_id  # names the vectors exactly as the local path does
        self._local = local

    @property
    def dim(self) -> int:
        return self._local.dim

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if len(texts) == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        return self.engine.encode(self.spec, self.day, texts)
