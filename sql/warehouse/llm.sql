-- LLM response cache and token/cost ledger of the private warehouse.
-- Executed by clio_pipeline.llm (cache.py, ledger.py) before each short read or write; idempotent.

-- One validated model answer per cache key. The key already hashes (model, prompt version, purpose,
-- content), so a changed prompt or model never hits an old answer. model and purpose are stored for
-- inspection and targeted invalidation (DELETE ... WHERE purpose = 'cluster_name'); prompt_version only when
-- the client was given one (the version is part of every key either way).

CREATE TABLE IF NOT EXISTS llm_cache (
    cache_key      VARCHAR PRIMARY KEY,
    model          VARCHAR NOT NULL,
    prompt_version VARCHAR,
    purpose        VARCHAR NOT NULL,
    response_json  VARCHAR NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL
);

-- Token and cost accounting: one row per (asset, partition_date, purpose, model), replaced when the
-- asset's partition is re-materialized. n_calls counts HTTP calls (retries included: each is billed),
-- n_cached the answers served from llm_cache, n_failed the requests that ended without a valid answer.
CREATE TABLE IF NOT EXISTS llm_ledger (
    asset             VARCHAR NOT NULL,
    partition_date    DATE NOT NULL,
    purpose           VARCHAR NOT NULL,
    model             VARCHAR NOT NULL,
    n_calls           BIGINT NOT NULL,
    n_cached          BIGINT NOT NULL,
    n_failed          BIGINT NOT NULL,
    prompt_tokens     BIGINT NOT NULL,
    completion_tokens BIGINT NOT NULL,
    est_cost_usd      DOUBLE NOT NULL,
    recorded_at       TIMESTAMPTZ NOT NULL
);
