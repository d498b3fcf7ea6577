-- Language mix of each cluster of the latest partition: share of the cluster's conversations per language.
CREATE OR REPLACE VIEW language_mix AS
SELECT
    b.cluster_id, c.level, c.name, b.value AS language, b.n_conversations, b.n_users,
    b.n_conversations / c.n_conversations AS share_of_cluster
FROM cluster_facet_breakdowns AS b
JOIN latest_clusters AS c USING (partition_date, cluster_id)
WHERE b.facet = 'language';
