-- Real (non-other) clusters of the latest partition, ranked by size within their level.
CREATE OR REPLACE VIEW top_clusters AS
SELECT
    rank() OVER (PARTITION BY level ORDER BY n_conversations DESC, cluster_id) AS rank_in_level,
    level, cluster_id, parent_id, name, description, n_conversations, n_users, share, growth, mean_concerning
FROM latest_clusters
WHERE NOT is_other;
