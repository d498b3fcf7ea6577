-- Analyst database (CLIO_PUBLISHED_DB): aggregates only. Written by clio_pipeline.publishing.writer,
-- one daily partition at a time, into a copy that atomically replaces the file. No column here holds a
-- conversation id, a user id or conversation text; every count is over >= CLIO_MIN_USERS distinct users.
-- Must match clio_pipeline/publishing/schema.py (a test checks both).

CREATE TABLE IF NOT EXISTS clusters (
    partition_date  DATE NOT NULL,
    cluster_id      VARCHAR NOT NULL,
    level           INTEGER NOT NULL,
    parent_id       VARCHAR,
    name            VARCHAR NOT NULL,
    description     VARCHAR NOT NULL,
    n_conversations BIGINT NOT NULL,
    n_users         BIGINT NOT NULL,
    share           DOUBLE NOT NULL,
    map_x           DOUBLE,
    map_y           DOUBLE,
    mean_concerning DOUBLE,
    growth          DOUBLE,
    audit_score     INTEGER NOT NULL,
    is_other        BOOLEAN NOT NULL,
    topic_id        VARCHAR,
    topic_ids       VARCHAR[]
);
-- Files published before stable topics existed get the two topic columns (at the end, as above).
ALTER TABLE clusters ADD COLUMN IF NOT EXISTS topic_id VARCHAR;
ALTER TABLE clusters ADD COLUMN IF NOT EXISTS topic_ids VARCHAR[];
COMMENT ON TABLE clusters IS 'Published clusters of each partition''s trailing window: every level of the hierarchy plus explicit "other" buckets.';
COMMENT ON COLUMN clusters.partition_date IS 'The daily partition (last day of the clustered window).';
COMMENT ON COLUMN clusters.cluster_id IS 'Cluster id, stable within one partition only; "<parent>-other" or "root-other" for other buckets. Follow content across days with topic_id.';
COMMENT ON COLUMN clusters.level IS 'Hierarchy level: 0 = base clusters, higher = coarser; top-level clusters have the largest level.';
COMMENT ON COLUMN clusters.parent_id IS 'Parent cluster id at level + 1; NULL for top-level clusters. Every parent is itself published.';
COMMENT ON COLUMN clusters.name IS 'Short cluster name, privacy-audited (score >= 3). English when the cluster has English members; otherwise in its dominant language, ending in its ISO 639-1 code in brackets ("天気予報 [ja]").';
COMMENT ON COLUMN clusters.description IS 'One- or two-sentence cluster description, privacy-audited (score >= 3).';
COMMENT ON COLUMN clusters.n_conversations IS 'Conversations of the window in this cluster (>= CLIO_MIN_CONVERSATIONS). A parent equals the sum of its published children plus its other bucket.';
COMMENT ON COLUMN clusters.n_users IS 'Distinct users of those conversations (>= CLIO_MIN_USERS). Not additive across clusters.';
COMMENT ON COLUMN clusters.share IS 'n_conversations / all conversations of the window.';
COMMENT ON COLUMN clusters.map_x IS '2-D map coordinate (PCA of published cluster centroids, computed at publish time); NULL for other buckets.';
COMMENT ON COLUMN clusters.map_y IS 'Second map coordinate; see map_x.';
COMMENT ON COLUMN clusters.mean_concerning IS 'Mean concerning score (1-5) of the conversations; NULL when none has one.';
COMMENT ON COLUMN clusters.growth IS 'Last day of the window vs the window''s daily mean, minus 1 (0.5 = 50% above the mean); NULL if undefined (a one-day window) or if the last day''s count is suppressed (always for base clusters with a topic_id: see topic_growth).';
COMMENT ON COLUMN clusters.audit_score IS 'Privacy audit of name + description, 1-5 (5 = fully generic); only >= 3 is published.';
COMMENT ON COLUMN clusters.is_other IS 'True for an "other" bucket holding the parent''s conversations not in any published child.';
COMMENT ON COLUMN clusters.topic_id IS 'Base clusters (level 0): the stable topic id, T<yyyymmdd of birth>-<nnnn>, the same on every day the topic continues. NULL for parents and other buckets.';
COMMENT ON COLUMN clusters.topic_ids IS 'The topic ids of the published base clusters under this cluster (its own for a base cluster); suppressed topics are never listed.';

CREATE TABLE IF NOT EXISTS cluster_facet_breakdowns (
    partition_date  DATE NOT NULL,
    cluster_id      VARCHAR NOT NULL,
    facet           VARCHAR NOT NULL,
    value           VARCHAR NOT NULL,
    n_conversations BIGINT NOT NULL,
    n_users         BIGINT NOT NULL
);
COMMENT ON TABLE cluster_facet_breakdowns IS 'Per published cluster, conversations by facet value; small cells are merged into (other).';
COMMENT ON COLUMN cluster_facet_breakdowns.partition_date IS 'The daily partition.';
COMMENT ON COLUMN cluster_facet_breakdowns.cluster_id IS 'A published cluster of the same partition (clusters.cluster_id).';
COMMENT ON COLUMN cluster_facet_breakdowns.facet IS 'language | task | concerning_score.';
COMMENT ON COLUMN cluster_facet_breakdowns.value IS 'The facet value (ISO 639-1 language, task text, score 1-5), or (other) for merged small cells.';
COMMENT ON COLUMN cluster_facet_breakdowns.n_conversations IS 'Conversations of the cluster with this value.';
COMMENT ON COLUMN cluster_facet_breakdowns.n_users IS 'Distinct users of those conversations (>= CLIO_MIN_USERS).';

CREATE TABLE IF NOT EXISTS cluster_trends (
    partition_date  DATE NOT NULL,
    cluster_id      VARCHAR NOT NULL,
    day             DATE NOT NULL,
    n_conversations BIGINT,
    n_users         BIGINT
);
COMMENT ON TABLE cluster_trends IS 'Per published cluster, conversations per day of the window.';
COMMENT ON COLUMN cluster_trends.partition_date IS 'The daily partition.';
COMMENT ON COLUMN cluster_trends.cluster_id IS 'A published cluster of the same partition (clusters.cluster_id).';
COMMENT ON COLUMN cluster_trends.day IS 'A day of the partition''s window (publication_log.window_start .. partition_date).';
COMMENT ON COLUMN cluster_trends.n_conversations IS 'Conversations that day; NULL when suppressed (fewer than CLIO_MIN_USERS users, or needed to protect another cell).';
COMMENT ON COLUMN cluster_trends.n_users IS 'Distinct users that day; NULL when suppressed.';

CREATE TABLE IF NOT EXISTS topic_lineage (
    partition_date   DATE NOT NULL,
    topic_id         VARCHAR NOT NULL,
    event            VARCHAR NOT NULL,
    related_topic_id VARCHAR
);
COMMENT ON TABLE topic_lineage IS 'How published topics begin, split, merge, end and are renamed. Events carry no counts and name only topics that are published.';
COMMENT ON COLUMN topic_lineage.partition_date IS 'The daily partition the event is published with (a topic''s birth or split: the first day it is published).';
COMMENT ON COLUMN topic_lineage.topic_id IS 'The topic (clusters.topic_id).';
COMMENT ON COLUMN topic_lineage.event IS 'birth | split (a new topic; split: most of its conversations belonged to related_topic_id before) | merge (ended, most of its conversations now in related_topic_id) | death (ended) | rename (content moved, new name) | revive (an ended topic whose content formed a cluster again within the window: the old id continues).';
COMMENT ON COLUMN topic_lineage.related_topic_id IS 'split: the topic it came from; merge: the topic it went into; NULL otherwise or when that topic was never published.';

CREATE TABLE IF NOT EXISTS publication_log (
    partition_date    DATE NOT NULL,
    published_at      TIMESTAMP NOT NULL,
    window_start      DATE NOT NULL,
    window_days       INTEGER NOT NULL,
    n_conversations   BIGINT,
    n_clusters        BIGINT NOT NULL,
    n_suppressed      BIGINT NOT NULL,
    min_users         INTEGER NOT NULL,
    min_conversations INTEGER NOT NULL
);
COMMENT ON TABLE publication_log IS 'One row per published partition: when, under which thresholds, how much was held back.';
COMMENT ON COLUMN publication_log.partition_date IS 'The daily partition.';
COMMENT ON COLUMN publication_log.published_at IS 'UTC time the partition was built.';
COMMENT ON COLUMN publication_log.window_start IS 'First day of the clustered window: the later of partition_date - CLIO_WINDOW_DAYS + 1 and the first day with data.';
COMMENT ON COLUMN publication_log.window_days IS 'Days in the clustered window (fewer than CLIO_WINDOW_DAYS while the data is younger than that).';
COMMENT ON COLUMN publication_log.n_conversations IS 'All conversations of the window (denominator of clusters.share); NULL when nothing was published.';
COMMENT ON COLUMN publication_log.n_clusters IS 'Rows published in clusters (other buckets included).';
COMMENT ON COLUMN publication_log.n_suppressed IS 'Clusters held back by thresholds, secondary suppression or the privacy audit.';
COMMENT ON COLUMN publication_log.min_users IS 'CLIO_MIN_USERS in force.';
COMMENT ON COLUMN publication_log.min_conversations IS 'CLIO_MIN_CONVERSATIONS in force.';
