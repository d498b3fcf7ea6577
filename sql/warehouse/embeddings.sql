-- Embeddings of facet summaries, and the cache that makes re-embedding a text free.
--
-- Vectors are FLOAT[] (variable-length lists) rather than FLOAT[384]: the dimension depends on the
-- configured model (384 for all-MiniLM-L6-v2, 768 or 1024 for others), and one warehouse may hold
-- vectors of several models side by side, told apart by `model`. Every row of one model has the same
-- length; a query that needs the fixed-size ARRAY type (array_cosine_similarity) casts, e.g.
-- `embedding::FLOAT[384]`.

CREATE TABLE IF NOT EXISTS embedding_cache (
    model VARCHAR NOT NULL,        -- encoder model id, e.g. sentence-transformers/all-MiniLM-L6-v2
    text_hash VARCHAR NOT NULL,    -- sha256 hex of the UTF-8 text (clio_pipeline.embeddings.encoder.text_hash)
    embedding FLOAT[] NOT NULL,    -- L2-normalised vector
    PRIMARY KEY (model, text_hash)
);

CREATE TABLE IF NOT EXISTS embeddings (
    conversation_id VARCHAR NOT NULL,
    partition_date DATE NOT NULL,  -- daily partition of the conversation
    model VARCHAR NOT NULL,        -- model id: the model's own vectors (base_clusters centers them per window)
    text_hash VARCHAR NOT NULL,    -- hash of the summary that was embedded (the cache holds its raw vector)
    embedding FLOAT[] NOT NULL     -- L2-normalised model embedding of the facet summary
);
