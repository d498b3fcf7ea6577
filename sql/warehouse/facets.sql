-- Facets: the privacy-preserving description of each conversation (Clio's first privacy layer).
-- Every text column has been through the PII scrubber before it is written, whatever the backend.
CREATE TABLE IF NOT EXISTS facets (
    conversation_id   VARCHAR NOT NULL,
    partition_date    DATE NOT NULL,
    summary           VARCHAR NOT NULL,  -- the user's overall request, at most two sentences, no personal data
    summary_en        VARCHAR NOT NULL,  -- English version used for embeddings and names (offline: a word gloss)
    task              VARCHAR NOT NULL,  -- what the assistant is asked to do
    language          VARCHAR NOT NULL,  -- ISO 639-1 code of the user's language, 'und' when undetermined
    concerning_score  INTEGER NOT NULL,  -- 1 (benign) .. 5 (clearly harmful request)
    extra_facets      JSON,              -- answers to facets declared in CLIO_FACETS_FILE
    n_turns           INTEGER NOT NULL,  -- direct metrics, computed from the transcript
    n_user_messages   INTEGER NOT NULL,
    n_user_chars      BIGINT NOT NULL,
    n_assistant_chars BIGINT NOT NULL,
    user_char_share   DOUBLE NOT NULL,
    backend           VARCHAR NOT NULL,  -- 'offline' or 'openai'
    model             VARCHAR NOT NULL,
    prompt_version    VARCHAR NOT NULL,
    is_heuristic      BOOLEAN NOT NULL,  -- true for the offline backend
    scrub_counts      JSON,              -- placeholders inserted by the scrubber, per PII type
    failed            BOOLEAN NOT NULL,  -- the LLM gave no valid answer after retries (never dropped silently)
    failure_reason    VARCHAR,
    extracted_at      TIMESTAMPTZ NOT NULL
);

-- What each day's facets were extracted from (facets.runs): a re-run of an unchanged day keeps them.
CREATE TABLE IF NOT EXISTS facet_runs (
    partition_date    DATE NOT NULL PRIMARY KEY,
    input_fingerprint VARCHAR NOT NULL,  -- the day's conversations, the facet settings and the code
    n_records         BIGINT NOT NULL,   -- facets rows written for the day
    created_at        TIMESTAMPTZ NOT NULL
);
