-- Private warehouse: raw conversations and the ingestion bookkeeping.
-- Everything here stays inside the warehouse; the analyst database never receives these tables.

-- One row per landing file that has been indexed; a file is parsed again only when its fingerprint changes.
CREATE TABLE IF NOT EXISTS landing_files (
    file            VARCHAR PRIMARY KEY,   -- path of the landing file (bytes that are not UTF-8 written as \xNN)
    fingerprint     VARCHAR NOT NULL,      -- size + mtime; a change re-indexes the file. 'unreadable:...' never
                                           -- matches, so a file that could not be read is retried on every run
    n_records       BIGINT NOT NULL,       -- its rows in landing_records
    indexed_at      TIMESTAMPTZ NOT NULL
);

-- Every record read from the landing files, parsed once, with its validation verdict.
-- user_id is already pseudonymized here: the raw id is never stored.
CREATE TABLE IF NOT EXISTS landing_records (
    file            VARCHAR NOT NULL,
    line_no         BIGINT NOT NULL,       -- 1-based line (JSONL) or row (Parquet) number; 0 = the whole file
                                           -- (reason 'unreadable_file: <why>': the file could not be read)
    partition_date  DATE,                  -- UTC date of created_at; undatable records take their file's usual
                                           -- date, an unreadable file the day it landed (mtime, at most today)
    conversation_id VARCHAR,
    user_id         VARCHAR,               -- keyed-hash pseudonym
    created_at      TIMESTAMPTZ,
    messages        STRUCT(role VARCHAR, content VARCHAR)[],
    metadata        JSON,
    n_bytes         BIGINT NOT NULL,
    reason          VARCHAR,               -- NULL when valid; otherwise why the record is quarantined
    snippet         VARCHAR                -- truncated raw text, only for quarantined records
);

-- Valid conversations, one row each, partitioned by the UTC date of created_at.
CREATE TABLE IF NOT EXISTS conversations (
    conversation_id VARCHAR NOT NULL,
    user_id         VARCHAR NOT NULL,      -- keyed-hash pseudonym (CLIO_PSEUDONYM_SECRET)
    created_at      TIMESTAMPTZ NOT NULL,
    partition_date  DATE NOT NULL,
    messages        STRUCT(role VARCHAR, content VARCHAR)[] NOT NULL,
    metadata        JSON,
    n_messages      INTEGER NOT NULL,
    n_user_messages INTEGER NOT NULL,
    n_chars         BIGINT NOT NULL,
    source_file     VARCHAR NOT NULL,
    source_line     BIGINT NOT NULL
);

-- Records that could not be loaded, with where they came from and why. Nothing is dropped silently.
CREATE TABLE IF NOT EXISTS quarantine (
    partition_date  DATE NOT NULL,
    source_file     VARCHAR NOT NULL,
    source_line     BIGINT NOT NULL,
    conversation_id VARCHAR,
    reason          VARCHAR NOT NULL,
    snippet         VARCHAR,               -- at most 200 characters of the raw record
    quarantined_at  TIMESTAMPTZ NOT NULL
);
