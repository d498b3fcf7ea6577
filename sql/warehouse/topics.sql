-- Stable topics across days (clio_pipeline.clustering.topics, written by the `base_clusters` asset).
-- Base cluster ids are per partition; a topic id follows the same content from day to day.

-- The topic of every base cluster of a partition, and what it was matched to the day before.
CREATE TABLE IF NOT EXISTS cluster_topics (
    partition_date      DATE NOT NULL,
    cluster_id          VARCHAR NOT NULL,  -- a base cluster (level 0) of the partition
    topic_id            VARCHAR NOT NULL,  -- stable: T<yyyymmdd of birth>-<nnnn>
    origin              VARCHAR NOT NULL,  -- continue | revive | birth | split
    previous_date       DATE,              -- the last materialized day before this one (what it was matched against);
                                           -- revive: the topic's last day before it was absorbed
    previous_cluster_id VARCHAR,           -- the cluster of that day it continues; NULL for a birth or split
    similarity          FLOAT,             -- centroid cosine to that cluster
    named_on            DATE NOT NULL,     -- day its current name and description were given
    name_anchor         FLOAT[] NOT NULL   -- its centroid on that day: the name is kept while it stays near it
);

-- Births, splits, merges, deaths and renames of topics, one row per event and day.
CREATE TABLE IF NOT EXISTS topic_lineage (
    partition_date   DATE NOT NULL,
    topic_id         VARCHAR NOT NULL,
    event            VARCHAR NOT NULL,  -- birth | split | merge | death | rename | revive
    related_topic_id VARCHAR,           -- split: the topic it split from; merge: the topic it merged into
    similarity       FLOAT              -- split/merge/revive: centroid cosine to the related (revive: own last) cluster;
                                        -- rename: to the name's anchor
);
