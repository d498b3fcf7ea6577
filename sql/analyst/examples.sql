-- Example analyst queries against the published database (duckdb published.duckdb -readonly).
-- Not executed by the publisher: only the other files of this folder define views.

-- The ten largest top-level topics today.
SELECT name, n_conversations, round(100 * share, 1) AS pct
FROM top_clusters
WHERE level = (SELECT max(level) FROM latest_clusters)
ORDER BY rank_in_level
LIMIT 10;

-- What is growing fastest among the parent clusters (growth = last day vs the window's daily mean - 1).
SELECT level, name, n_conversations, round(growth, 2) AS growth
FROM top_clusters
WHERE growth IS NOT NULL
ORDER BY growth DESC
LIMIT 10;

-- Rising stable topics: window count now against the window a week before, and new topics.
SELECT topic_id, name, n_conversations, n_conversations_7d_before, round(growth_7d, 2) AS growth_7d, is_new
FROM topic_growth
WHERE day = (SELECT max(day) FROM topic_growth)
ORDER BY is_new DESC, growth_7d DESC NULLS LAST
LIMIT 10;

-- A month of one topic's history (its published window count on every day), and how it began.
SELECT t.day, t.name, t.n_conversations, l.event, l.related_topic_id
FROM topic_trends AS t
LEFT JOIN topic_lineage AS l ON l.topic_id = t.topic_id AND l.partition_date = t.day
WHERE t.topic_id = (SELECT topic_id FROM topic_trends ORDER BY day DESC, n_conversations DESC LIMIT 1)
ORDER BY t.day;

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

-- Daily trend of one parent cluster (NULL = suppressed). Base clusters follow their topic instead.
SELECT t.day, t.n_conversations
FROM cluster_trends AS t
JOIN latest_clusters AS c USING (partition_date, cluster_id)
WHERE c.level = 1
ORDER BY c.n_conversations DESC, t.day
LIMIT 14;

-- Publication history and how much the privacy gates held back.
SELECT partition_date, n_conversations, n_clusters, n_suppressed, min_users, min_conversations
FROM publication_log
ORDER BY partition_date DESC;
