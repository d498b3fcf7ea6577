"""Dagster layer of base clustering: the `base_clusters` asset over a trailing window of days."""

from datetime import date

from dagster import (
    AssetCheckResult,
    AssetCheckSpec,
    AssetDep,
    AssetExecutionContext,
    AssetKey,
    DataVersion,
    MaterializeResult,
    MetadataValue,
    asset,
)

from clio_pipeline.clustering.cluster_window import ClusterWindow, first_data_day, plan_window
from clio_pipeline.clustering.daily_k import choose_daily_k
from clio_pipeline.clustering.fingerprint import clustering_fingerprint, stored_base_run
from clio_pipeline.clustering.kmeans import configure_faiss_threads
from clio_pipeline.clustering.lineage import (
    TopicAssignment,
    assign_topics,
    count_later_days,
    read_previous_topics,
    write_topics,
)
from clio_pipeline.clustering.stream import (
    MixedEmbeddingModelsError,
    center_in_place,
    kmeans_on_sample,
    read_window_streamed,
)
from clio_pipeline.clustering.stream_rule import name_from_sample, naming_rows, window_texts
from clio_pipeline.clustering.topics import PreviousTopics
from clio_pipeline.clustering.warm import (
    NewContent,
    split_new_content,
    warm_start_centroids,
)
from clio_pipeline.clustering.window import write_base_clusters
from clio_pipeline.embeddings.cache import cached_encode
from clio_pipeline.lib.assets import kept_result
from clio_pipeline.lib.fingerprint import resource_settings
from clio_pipeline.lib.retries import LLM_RETRY_POLICY, retry_only_when_calling_an_llm
from clio_pipeline.lib.ui_metadata import k_selection_plot, markdown_table, size_distribution_plot
from clio_pipeline.partitions import WAREHOUSE_POOL, daily_partitions, partition_day, window_mapping
from clio_pipeline.resources import (
    ClusteringResource,
    EmbeddingResource,
    ExecutionResource,
    LLMResource,
    PrivacyResource,
    WarehouseResource,
)
from clio_pipeline.warehouse import connect

WINDOW_CHECK = "window_complete"


def missing_window_partitions(context: AssetExecutionContext, upstream: str, window: ClusterWindow) -> list[str]:
    """Days of the window whose `upstream` partition was never materialized.

    Days before the window's start (before the data, or before the first partition) are not asked
    for: they are empty, not missing. A day inside the data that was never materialized is missing,
    even if it turns out to hold no conversation, because nothing can know that before it is loaded.
    """
    done = context.instance.get_materialized_partitions(AssetKey(upstream))
    keys = [day.strftime(daily_partitions.fmt) for day in window.days]
    return [key for key in keys if key not in done]


@asset(
    partitions_def=daily_partitions,
    deps=[AssetDep("embeddings", partition_mapping=window_mapping)],
    check_specs=[AssetCheckSpec(WINDOW_CHECK, asset="base_clusters", blocking=True,
                                description="Every day of the window has materialized embeddings.")],
    group_name="clustering",
    pool=WAREHOUSE_POOL,
    kinds={"duckdb", "faiss"},
    retry_policy=LLM_RETRY_POLICY,
)
@retry_only_when_calling_an_llm
def base_clusters(
    context: AssetExecutionContext,
    warehouse: WarehouseResource,
    clustering: ClusteringResource,
    privacy: PrivacyResource,
    llm: LLMResource,
    embedding: EmbeddingResource,
    execution: ExecutionResource,
) -> MaterializeResult:
    """Base clusters (level 0) of the conversations in the trailing window ending on this day.

    FAISS k-means on the summary embeddings of the last `CLIO_WINDOW_DAYS` days, deterministic for a
    seed. k is chosen from the data: anchored on n / target cluster size (the paper's rule; default
    target = max(100, 2 × CLIO_MIN_CONVERSATIONS), so most clusters can pass the thresholds) and moved
    to a cosine-silhouette peak within 0.5–2× of it when the data has one; or pinned in config. With a
    previous day, its k is kept without the silhouette sweep while n / target size stays near it, except
    every `CLIO_K_RESWEEP_DAYS`-th day (`clustering.daily_k`); `clustering_runs` records the method and why.
    With topics on, `ClusteringResource.k_filling` says how k follows a window still filling (daily_k).
    Memory is bounded by the vectors (`clustering.stream`): the window is streamed from DuckDB into one
    float32 matrix, centered in place, k-means trains on a sample and assigns in batches, and naming gets
    every summary up to 200,000 rows, a seeded per-cluster sample above (the word rule still counts all).
    Each cluster gets a contrastive name and description (c-TF-IDF offline, or the paper's prompt with
    50 summaries inside and the 50 nearest outside); a word may appear only if at least
    `CLIO_MIN_USERS` distinct users used it. By default (`CLIO_EMBEDDING_LANGUAGE_NEUTRAL`) the
    window's vectors are first made language-neutral: each language's mean over the whole window is
    replaced by the overall mean (`WindowData.language_neutral`), so k-means groups requests rather
    than languages, and the same content is centered alike on consecutive days. Writes `cluster_assignments` and level-0 `clusters`.
    The window starts at the later of (day - window + 1), the first partition and the first day with
    data (loaded, or seen in the landing index); days before it are empty, not missing. The window is
    recorded in `clustering_runs`, where the hierarchy and publishing read it. A window with an
    unmaterialized day, or one embedded by another model than the day itself (the model setting changed:
    re-embed those days), fails the blocking `window_complete` check and clusters nothing.
    Stable topics (`clustering.topics`): k-means starts from the previous materialized day's centroids,
    today's clusters are matched to that day's (Hungarian on centroid cosine), every cluster gets a
    `topic_id` that continues while it matches, names stay with a topic until its content moves, and
    births, splits, merges, deaths and renames go to `topic_lineage`.
    A re-run of a day whose window rows, earlier days' runs, settings and code are all unchanged keeps
    the stored clusters (`clustering.fingerprint`; the data version is that fingerprint); set
    `CLIO_SKIP_UNCHANGED=0` to re-cluster anyway.
    With `CLIO_EXECUTION=ray` the window's conversations are assigned to the trained centroids as Ray
    Data batches, by the same rule as k-means' own final pass (`kmeans.assign_nearest`).
    """
    day = partition_day(context)
    db = warehouse.ensure()
    # The window is decided here, once, and stored with the clusters; later stages read it back.
    span = plan_window(day, clustering.window_days, first_partition=daily_partitions.start.date(),
                       data_start=first_data_day(db))
    missing = missing_window_partitions(context, "embeddings", span)
    if missing:
        message = f"Embeddings missing for {', '.join(missing)}: materialize them (or backfill) before clustering this window."
        context.log.error(message)
        return MaterializeResult(
            metadata={"missing_partitions": ", ".join(missing)},
            check_results=[AssetCheckResult(check_name=WINDOW_CHECK, passed=False, description=message)],
        )
    with connect(db, read_only=True) as con:
        fingerprint = clustering_fingerprint(con, day, span, resource_settings(clustering, privacy, llm, embedding))
        kept = stored_base_run(con, day, fingerprint) if clustering.skip_unchanged else None
    if kept is not None:
        context.log.info(f"{day}: window, settings and code unchanged since {kept['created_at']}; clusters kept.")
        return kept_result(
            fingerprint, kept["n_clusters"], f"Window, settings and code (run at {kept['created_at']})",
            window=f"{span.start} .. {day}", window_conversations=kept["n_conversations"], k=kept["k"],
            k_method=kept["k_method"],
            check_results=[AssetCheckResult(check_name=WINDOW_CHECK, passed=True, description=(
                f"{span.n_days}-day window {span.start}..{day} complete; unchanged, clusters kept."))],
        )
    threads = configure_faiss_threads(clustering.faiss_threads)
    try:
        window = read_window_streamed(db, span.start, span.end)
    except MixedEmbeddingModelsError as exc:
        context.log.error(str(exc))
        return MaterializeResult(
            metadata={"mixed_embedding_models": str(exc)},
            check_results=[AssetCheckResult(check_name=WINDOW_CHECK, passed=False, description=str(exc))],
        )
    if len(window) < 2:
        before_data = span.data_start is not None and span.data_start > day
        message = (f"{day} is before the first day with data ({span.data_start}): nothing to cluster." if before_data
                   else f"Only {len(window)} embedded conversations in {span.start}..{day}: nothing to cluster.")
        return MaterializeResult(
            metadata={"dagster/row_count": 0},
            check_results=[AssetCheckResult(check_name=WINDOW_CHECK, passed=False, description=message)],
        )

    if embedding.language_neutral:
        center_in_place(window)  # the window's own matrix: no second copy of the vectors

    previous = read_previous_topics(db, day) if clustering.track_topics else None
    if previous is not None and previous.centroids.shape[1] != window.vectors.shape[1]:
        previous = None  # another embedding model: yesterday's centroids live in another space
    target = clustering.target_size(privacy.min_conversations)
    selection = choose_daily_k(
        window.vectors, day, previous_k=len(previous) if previous is not None else None,
        pinned_k=clustering.pinned_k or None, target_size=target,
        seed=clustering.seed, resweep_days=clustering.k_resweep_days,
        window_days=(span.n_days, span.nominal_days), filling=clustering.k_filling if clustering.track_topics else "band",
    )
    init = "kmeans++"
    if previous is not None and selection.k < len(window):
        init = warm_start_centroids(window.vectors, selection.k, previous, seed=clustering.seed)
    # Trained on at most FAISS's own sample of 256 rows per centroid; the same as training on all below that.
    result = kmeans_on_sample(window.vectors, selection.k, seed=clustering.seed, init=init)
    # Every conversation to its nearest centroid: already done here locally, Ray Data batches with CLIO_EXECUTION=ray.
    result = execution.engine(db).assign(day, window.vectors, result)
    novelty = None
    if previous is not None:
        result, novelty = split_new_content(window.vectors, result, window.ages(day),
                                            min_size=privacy.min_conversations, seed=clustering.seed)
    # The word rule over every summary; the namer gets all rows up to NAMING_ROWS, a per-cluster sample above.
    texts = window_texts(db, span.start, span.end, naming_rows(result.labels, seed=clustering.seed),
                         min_users=privacy.min_users, model=window.model)
    with llm.open_backend(db, asset="base_clusters", day=day, run_id=context.run_id) as backend:
        # With the pipeline's embedder the namer prefers, among publishable candidates, one whose embedding
        # lands nearest its own cluster (the model loads only if naming asks for it).
        namer = backend.cluster_namer(lambda: cached_encode(db, embedding.encoder()))
        names = name_from_sample(namer, window, result, texts, min_users=privacy.min_users)
    topics = None
    if clustering.track_topics:
        topics = assign_topics(day, window, result, names, previous, min_users=privacy.min_users, rule=texts.rule)
        names = topics.labels
    written = write_base_clusters(db, day, span, window, result, names, selection,
                                  seed=clustering.seed, naming_backend=backend.name, input_fingerprint=fingerprint)
    write_topics(db, day, topics)

    sizes = [row["n_conversations"] for row in written]
    top = sorted(written, key=lambda r: -r["n_conversations"])[:15]
    return MaterializeResult(
        metadata={
            "dagster/row_count": len(written),
            "window": f"{span.start} .. {day}",
            "window_days": span.n_days,
            "first_day_with_data": str(span.data_start),
            "window_conversations": len(window),
            "naming_rows": len(texts.rows),
            "faiss_threads": threads,
            "language_neutral": embedding.language_neutral,
            "k": selection.k,
            "k_method": selection.method,
            "k_reason": selection.reason,
            "k_selection_curve": MetadataValue.md(k_selection_plot(selection.candidates, selection.k))
            if selection.candidates else MetadataValue.md(selection.reason),
            "cluster_sizes": MetadataValue.md(size_distribution_plot(sizes)),
            "largest_clusters": MetadataValue.md(
                markdown_table(top, ["cluster_id", "name", "n_conversations", "n_users"])
            ),
            "singleton_user_clusters": sum(1 for r in written if r["n_users"] < 2),
            **_topic_metadata(db, day, topics, previous, novelty),
        },
        data_version=DataVersion(fingerprint),
        check_results=[AssetCheckResult(check_name=WINDOW_CHECK, passed=True, description=(
            f"{span.n_days}-day window {span.start}..{day} complete"
            + (f" (shortened: nothing to cluster before {span.start})." if span.is_shortened else "."))
        )],
    )


def _topic_metadata(
    db: str, day: date, topics: TopicAssignment | None, previous: PreviousTopics | None, novelty: NewContent | None
) -> dict:
    """How the day's clusters relate to the previous day's topics (empty when topics are off)."""
    if topics is None:
        return {}
    later = count_later_days(db, day)
    return {
        "topics_matched_against": str(previous.day) if previous is not None else "none (all topics born)",
        "new_content_split": "none" if novelty is None else
        f"cluster {novelty.cluster}: {novelty.young_size} recent conversations split off (z={novelty.z:.1f} "
        f">= {novelty.threshold:.1f})",
        "topic_events": MetadataValue.json(topics.counts()),
        "later_days_with_topics": MetadataValue.md(
            f"{later} later days keep the topics they had; re-run them in order to carry this day forward."
            if later else "none"),
    }
