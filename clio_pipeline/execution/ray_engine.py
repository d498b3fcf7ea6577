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
from pathlib import Path
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
RECORD_CHUNK = 10_000  # exchange rows turned into facet records at a time


def code_runtime_env() -> dict[str, Any]:
    """A Ray runtime environment that ships this package's code to every worker.

    The nodes then need only the third-party dependencies (a container image, or `pip install` of them),
    not clio-pipeline itself: a new version of the pipeline needs no reinstall across the cluster.
    """
    import clio_pipeline

    return {"py_modules": [str(Path(clio_pipeline.__file__).parent)]}


def connect(address: str = "", ship_code: bool = False) -> Any:
    """The `ray` module, joined to the cluster at `address` (or to a new local one when empty), once per process.

    `ship_code` (CLIO_RAY_SHIP_CODE) uploads this package with the job (`code_runtime_env`). It applies
    when this process first joins; a Ray already initialised by the caller keeps its own runtime env.
    """
    try:
        import ray
    except ImportError as error:  # the extra is optional; say how to get it
        raise RuntimeError("CLIO_EXECUTION=ray needs Ray: pip install 'clio-pipeline[ray]'") from error
    if not ray.is_initialized():
        # "local", not None: Ray would otherwise join whichever cluster was started last on this machine.
        ray.init(address=address or "local", include_dashboard=False, log_to_driver=False, configure_logging=False,
                 runtime_env=code_runtime_env() if ship_code else None)
    ray.data.DataContext.get_current().enable_progress_bars = False
    return ray


class RayEngine:
    """Runs the per-conversation stages on a Ray cluster, exchanging Parquet with the warehouse."""

    name = "ray"

    def __init__(self, exchange_root: str, *, address: str = "", embed_actors: int = 2, batch_size: int = 256,
                 ship_code: bool = False) -> None:
        self.root = exchange_root
        self.address = address
        self.ship_code = ship_code
        self.embed_actors = embed_actors
        self.batch_size = batch_size

    def _map(self, day: date, stage_in: str, stage_out: str, table: pa.Table, fn: Any, order_by: str,
             **map_args: Any) -> pa.Table:
        """Write `table` to the exchange, map `fn` over it on Ray, and read the result back with DuckDB."""
        ray = connect(self.address, self.ship_code)
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
        from clio_pipeline.facets.store import facet_record_from_row, read_conversation_table

        conversations = read_conversation_table(db_path, day)  # connection closed before any work starts
        if len(conversations) == 0:
            return []
        if getattr(extractor, "backend", "offline") == "openai":
            rows = self._extract_with_llm(db_path, day, conversations, extractor)
        else:
            rows = self._map(day, "conversations", "facets", conversations, facet_batch, "conversation_id",
                             fn_kwargs={"extractor": extractor, "day": day}, max_retries=RETRIES)
        # A batch of rows as dicts at a time: the whole day's dicts next to its records would double the peak.
        return [facet_record_from_row(row) for batch in rows.to_batches(max_chunksize=RECORD_CHUNK)
                for row in batch.to_pylist()]

    def _extract_with_llm(self, db_path: str, day: date, conversations: pa.Table, extractor: Any) -> pa.Table:
        """LLM facets on the workers, with the run's budget, the warehouse's cache and the step's ledger."""
        from clio_pipeline.execution import llm_remote
        from clio_pipeline.facets.llm_backend import PURPOSE
        from clio_pipeline.llm.cache import ensure_llm_tables
        from clio_pipeline.warehouse import connect as warehouse

        ray = connect(self.address, self.ship_code)
        chat = extractor.chat
        with warehouse(db_path) as con:
            ensure_llm_tables(con)
            known = con.sql("SELECT cache_key, model, purpose, response_json, prompt_version FROM llm_cache "
                            "WHERE purpose = ? AND model = ?", params=[PURPOSE, chat.model]).to_arrow_table()
        exchange.write(self.root, llm_remote.SNAPSHOT, day, known, rows_per_file=100_000)
        for stage in (llm_remote.NEW_ANSWERS, llm_remote.LEDGERS):
            exchange.clear(self.root, stage, day)
        budget = chat.budget
        left = (None, None) if budget is None else (
            None if budget.max_calls is None else max(0, budget.max_calls - budget.calls_made),
            None if budget.max_tokens is None else max(0, budget.max_tokens - budget.tokens_used))
        # No CPU: the actor only counts, and must never wait for a slot the workers hold.
        actor = ray.remote(llm_remote.BudgetCounter).options(num_cpus=0).remote(*left)
        remote = llm_remote.RemoteLLMFacetExtractor(extractor, actor, self.root, day)
        try:
            return self._map(day, "conversations", "facets", conversations, facet_batch, "conversation_id",
                             fn_kwargs={"extractor": remote, "day": day}, max_retries=RETRIES)
        finally:
            answers, entries = llm_remote.collect(self.root, day)
            if chat.cache is not None and answers:
                chat.cache.put_many(answers)
            for entry in entries:
                if chat.ledger is not None:
                    chat.ledger.add(entry)
            if budget is not None:
                calls, tokens = ray.get(actor.used.remote())
                budget.calls_made += calls
                budget.record_tokens(tokens)
            ray.kill(actor)
            for stage in (llm_remote.SNAPSHOT, llm_remote.NEW_ANSWERS, llm_remote.LEDGERS):
                exchange.remove(self.root, stage, day)

    def embedder(self, local: Embedder, spec: EncoderSpec, day: date) -> Embedder:
        return RayEmbedder(self, local, spec, day)

    def pool_size(self, ray: Any) -> int:
        """Actors to start: as configured, but leaving one CPU of the cluster to read and write Parquet.

        Actors hold their CPU for the whole job; with every CPU held, the tasks that read the input
        would never be scheduled and the job would wait forever (seen with 2 actors on 2 CPUs).
        """
        cpus = int(ray.cluster_resources().get("CPU", 1))
        return max(1, min(self.embed_actors, cpus - 1))

    def encode(self, spec: EncoderSpec, day: date, texts: Sequence[str]) -> np.ndarray:
        """Vectors of `texts`, in order, from a pool of actors that each load the model once."""
        import ray

        table = pa.table({"row": pa.array(range(len(texts)), pa.int64()), "text": pa.array(list(texts), pa.string())})
        rows = self._map(
            day, "embedding_texts", "embeddings", table, EncodeBatches, "row",
            fn_constructor_kwargs={"model": spec.model, "device": spec.device, "batch_size": spec.batch_size},
            compute=ray.data.ActorPoolStrategy(size=self.pool_size(ray)),
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
