-- Clusters of the trailing window ending on each partition date (CLIO_WINDOW_DAYS days).
-- Level 0 rows come from the `base_clusters` asset (FAISS k-means); levels >= 1 from `cluster_hierarchy`.

CREATE TABLE IF NOT EXISTS cluster_assignments (
    partition_date  DATE NOT NULL,     -- the window's last day
    conversation_id VARCHAR NOT NULL,  -- a conversation of the window
    cluster_id      VARCHAR NOT NULL,  -- its base cluster
    distance        FLOAT NOT NULL     -- 1 - cosine similarity to the cluster centroid
);

CREATE TABLE IF NOT EXISTS clusters (
    partition_date  DATE NOT NULL,
    cluster_id      VARCHAR NOT NULL,  -- stable and unique across partitions: <yyyymmdd>-L<level>-<nnnn>
    level           INTEGER NOT NULL,  -- 0 = base cluster; the highest level is the top of the tree
    parent_id       VARCHAR,           -- NULL at the top level (and on base clusters until the hierarchy exists)
    name            VARCHAR NOT NULL,  -- at most ~10 words, scrubbed, distinct-users word rule applied
    description     VARCHAR NOT NULL,
    n_conversations BIGINT NOT NULL,
    n_users         BIGINT NOT NULL,   -- distinct pseudonymous users, never a sum over children
    centroid        FLOAT[] NOT NULL,  -- L2-normalised mean embedding
    naming_backend  VARCHAR NOT NULL   -- 'offline' or 'openai'
);

-- The window each partition clustered, and how k was chosen for it (the candidates and their scores).
-- The hierarchy and publishing read the window from here; nothing downstream recomputes it.
CREATE TABLE IF NOT EXISTS clustering_runs (
    partition_date  DATE NOT NULL,
    window_start    DATE NOT NULL,     -- later of partition_date - window_days + 1, the first partition and data_start
    window_end      DATE NOT NULL,     -- the partition date
    n_conversations BIGINT NOT NULL,
    k               INTEGER NOT NULL,
    k_method        VARCHAR NOT NULL,
    k_candidates    JSON NOT NULL,     -- [[k, score], ...]
    seed            INTEGER NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    window_days     INTEGER,           -- CLIO_WINDOW_DAYS in force (NULL on rows of older versions)
    data_start      DATE,              -- first day with data known when clustering (NULL: none, or older version)
    k_reason        VARCHAR,           -- why this k, in words (e.g. the sweep skipped); NULL on older rows
    input_fingerprint     VARCHAR,     -- what the day was clustered from (clustering.fingerprint); NULL: unknown
    hierarchy_fingerprint VARCHAR      -- what its hierarchy was built from; NULL until the hierarchy is built
);
-- Warehouses created before the window was stored gain its columns here (idempotent).
ALTER TABLE clustering_runs ADD COLUMN IF NOT EXISTS window_days INTEGER;
ALTER TABLE clustering_runs ADD COLUMN IF NOT EXISTS data_start DATE;
ALTER TABLE clustering_runs ADD COLUMN IF NOT EXISTS k_reason VARCHAR;
ALTER TABLE clustering_runs ADD COLUMN IF NOT EXISTS input_fingerprint VARCHAR;
ALTER TABLE clustering_runs ADD COLUMN IF NOT EXISTS hierarchy_fingerprint VARCHAR;

-- Asset name = DuckDB object name: the two clustering assets are views over `clusters`.
CREATE VIEW IF NOT EXISTS base_clusters AS SELECT * FROM clusters WHERE level = 0;
CREATE VIEW IF NOT EXISTS cluster_hierarchy AS SELECT * FROM clusters WHERE level > 0;
