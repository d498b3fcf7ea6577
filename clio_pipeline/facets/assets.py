"""Dagster layer of the facets stage: the `facets` asset."""

from collections import Counter

from dagster import AssetExecutionContext, DataVersion, MaterializeResult, MetadataValue, asset

from clio_pipeline.facets.failures import failure_kind
from clio_pipeline.facets.runs import facets_fingerprint, kept_facets, record_facet_run
from clio_pipeline.facets.semantic import semantic_facets
from clio_pipeline.facets.spec import load_facet_specs
from clio_pipeline.facets.store import write_facets
from clio_pipeline.ingestion.assets import conversations
from clio_pipeline.lib.assets import kept_result
from clio_pipeline.lib.fingerprint import file_digest, resource_settings
from clio_pipeline.lib.retries import LLM_RETRY_POLICY, retry_only_when_calling_an_llm
from clio_pipeline.partitions import WAREHOUSE_POOL, daily_partitions, partition_day
from clio_pipeline.resources import (
    EmbeddingResource,
    ExecutionResource,
    FacetsResource,
    LLMResource,
    WarehouseResource,
)
from clio_pipeline.warehouse import connect


def _distribution_md(counter: Counter, header: str, top: int = 15) -> MetadataValue:
    rows = "\n".join(f"| {k} | {v} |" for k, v in counter.most_common(top))
    return MetadataValue.md(f"| {header} | conversations |\n|---|---|\n{rows}" if rows else "none")


@asset(partitions_def=daily_partitions, deps=[conversations], group_name="facets", pool=WAREHOUSE_POOL, kinds={"duckdb"},
       retry_policy=LLM_RETRY_POLICY)
@retry_only_when_calling_an_llm
def facets(
    context: AssetExecutionContext, warehouse: WarehouseResource, llm: LLMResource, facets_config: FacetsResource,
    embedding: EmbeddingResource,
    execution: ExecutionResource,
) -> MaterializeResult:
    """Privacy-preserving facets of each conversation of the day (Clio's first privacy layer).

    A summary of the user's request (at most two sentences, no personal data), the task, the user's
    language, a concerning score 1–5 and direct metrics. Backend: `CLIO_LLM_BACKEND` — `offline`
    (heuristic, the default; marked `is_heuristic`) or `openai` (any OpenAI-compatible server, with a
    response cache and a token ledger in the warehouse). Every text passes the PII scrubber before it
    is stored, whatever the model said. Metadata holds distributions and counts only.
    Offline, task and concerning score are then read from the summary's multilingual-e5-small vector
    (nearest labelled examples; a classifier trained on HH-RLHF), so they work in every language the
    model covers (`facets/semantic.py`, `CLIO_FACETS_SEMANTIC=0` keeps rules and lexicon only). The
    vectors go to the embedding cache, where the embeddings step finds them.

    A conversation whose extraction fails (no valid answer, or an error on its text) is stored with
    `failed` and `failure_reason` and the day goes on; failed rows are never embedded or clustered.
    A re-run of a day whose conversations, settings and code are unchanged, with no failed extraction,
    keeps the stored facets (`facets.runs`; the data version is that fingerprint; `CLIO_SKIP_UNCHANGED=0`
    extracts again).
    With `CLIO_EXECUTION=ray` the same extractor runs as Ray Data batches over the day's conversations
    exported to Parquet (`clio_pipeline.execution`); the records written are the same.
    """
    day = partition_day(context)
    db = warehouse.ensure()
    settings = resource_settings(llm, facets_config, embedding)
    settings["extra_facets_file_bytes"] = file_digest(facets_config.extra_facets_file)
    with connect(db, read_only=True) as con:
        fingerprint = facets_fingerprint(con, day, settings)
        kept = kept_facets(con, day, fingerprint) if facets_config.skip_unchanged else None
    if kept is not None:
        context.log.info(f"{day}: conversations, settings and code unchanged; {kept} facets kept.")
        return kept_result(fingerprint, kept, "Conversations, settings and code (and no extraction failed)")
    specs = load_facet_specs(facets_config.extra_facets_file or None)
    engine = execution.engine(db)  # here, or Ray Data batches on a cluster (CLIO_EXECUTION)
    with llm.open_backend(db, asset="facets", day=day, run_id=context.run_id) as backend:
        records = engine.extract_facets(db, day, backend.facet_extractor(specs))
    ledger = backend.ledger
    semantic_counts: dict = {}
    if facets_config.semantic and any(r.is_heuristic for r in records):
        encoder = embedding.semantic_encoder()
        # The day's summaries are encoded where the embeddings step would encode them (Ray actors with
        # CLIO_EXECUTION=ray) when they are that step's model: its cache then holds every vector.
        bulk = engine.embedder(encoder, embedding.spec(), day) if embedding.semantic_is_own_model() else encoder
        records, semantic_counts = semantic_facets(records, encoder, lambda texts: embedding.embed_cached(db, bulk, texts))
    written = write_facets(db, day, records)
    with connect(db) as con:
        record_facet_run(con, day, fingerprint, written)

    scrubbed: Counter = Counter()
    for record in records:
        scrubbed.update(record.scrub_counts)
    failed = sum(r.failed for r in records)
    metadata = {
        "dagster/row_count": written,
        "backend": backend.name,
        "execution": engine.name,
        "model": records[0].model if records else "",
        "failed_extractions": failed,
        "failure_reasons": _distribution_md(Counter(failure_kind(r.failure_reason) for r in records if r.failed), "reason"),
        "languages": _distribution_md(Counter(r.language for r in records), "language"),
        "concerning_scores": _distribution_md(Counter(str(r.concerning_score) for r in records), "score"),
        "tasks": _distribution_md(Counter(r.task for r in records), "task"),
        "pii_placeholders_inserted": _distribution_md(scrubbed, "type"),
    }
    metadata.update(semantic_counts)
    if ledger is not None:
        metadata["llm_calls"] = sum(e.n_calls for e in ledger.entries())
        metadata["llm_cached"] = sum(e.n_cached for e in ledger.entries())
        metadata["llm_est_cost_usd"] = round(ledger.total_cost_usd(), 4)
    if failed:
        context.log.warning(f"{failed} conversations have no valid facets; see facets.failure_reason.")
    return MaterializeResult(metadata=metadata, data_version=DataVersion(fingerprint))
