-- Clusters of the latest partition by how concerning their conversations are: mean score and the share
-- of conversations scored 4 or 5 (from the published breakdown, so small cells stay hidden).
CREATE OR REPLACE VIEW concerning_clusters AS
SELECT
    c.cluster_id, c.level, c.name, c.description, c.n_conversations, c.mean_concerning,
    coalesce(sum(b.n_conversations) FILTER (WHERE b.value IN ('4', '5')), 0) / c.n_conversations
        AS share_high_concern
FROM latest_clusters AS c
LEFT JOIN cluster_facet_breakdowns AS b
    ON b.partition_date = c.partition_date AND b.cluster_id = c.cluster_id AND b.facet = 'concerning_score'
WHERE NOT c.is_other AND c.mean_concerning IS NOT NULL
GROUP BY ALL
ORDER BY c.mean_concerning DESC, share_high_concern DESC;
