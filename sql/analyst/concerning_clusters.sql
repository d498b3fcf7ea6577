-- Clusters of the latest partition by how concerning their conversations are: mean score and the share
-- of conversations scored 4 or 5 (from the published breakdown, so small cells stay hidden).
CREATE OR REPLACE VIEW concerning_clusters AS
WITH high AS (
    SELECT partition_date, cluster_id, sum(n_conversations) AS n_high
    FROM cluster_facet_breakdowns
    WHERE facet = 'concerning_score' AND value IN ('4', '5')
    GROUP BY partition_date, cluster_id
)
SELECT
    c.cluster_id, c.level, c.name, c.description, c.n_conversations, c.mean_concerning,
    coalesce(h.n_high, 0) / c.n_conversations AS share_high_concern
FROM latest_clusters AS c
LEFT JOIN high AS h USING (partition_date, cluster_id)
WHERE NOT c.is_other AND c.mean_concerning IS NOT NULL
ORDER BY c.mean_concerning DESC, share_high_concern DESC, c.cluster_id;
