-- Example analyst queries against the published database (duckdb published.duckdb -readonly).
-- Not executed by the publisher: only the other files of this folder define views.

-- The ten largest top-level topics today.
SELECT name, n_conversations, round(100 * share, 1) AS pct
FROM top_clusters
WHERE level = (SELECT max(level) FROM latest_clusters)
ORDER BY rank_in_level
LIMIT 10;

-- What is growing fastest among base clusters (growth = last day vs the window's daily mean - 1).
SELECT name, n_conversations, round(growth, 2) AS growth
FROM top_clusters
WHERE level = 0 AND growth IS NOT NULL
ORDER BY growth DESC
LIMIT 10;

-- Non-English conversations by cluster.
SELECT name, language, n_conversations, round(share_of_cluster, 2) AS share
FROM language_mix
WHERE language NOT IN ('en', '(other)')
ORDER BY n_conversations DESC;

-- Clusters whose conversations look most concerning.
SELECT name, mean_concerning, share_high_concern
FROM concerning_clusters
LIMIT 10;

-- The hierarchy under one top-level cluster, with its other bucket.
SELECT child.level, child.name, child.n_conversations, child.is_other
FROM latest_clusters AS parent
JOIN latest_clusters AS child ON child.parent_id = parent.cluster_id
WHERE parent.parent_id IS NULL
ORDER BY parent.n_conversations DESC, child.n_conversations DESC;

-- Daily trend of one cluster (NULL = suppressed small cell).
SELECT t.day, t.n_conversations
FROM cluster_trends AS t
JOIN latest_clusters AS c USING (partition_date, cluster_id)
WHERE c.level = 0
ORDER BY c.n_conversations DESC, t.day
LIMIT 14;

-- Publication history and how much the privacy gates held back.
SELECT partition_date, n_conversations, n_clusters, n_suppressed, min_users, min_conversations
FROM publication_log
ORDER BY partition_date DESC;
