-- Growth of each real cluster across published partitions: its size and growth in every partition
-- where a cluster with the same name was published (ids are per partition; names carry across).
CREATE OR REPLACE VIEW cluster_growth AS
SELECT
    c.partition_date, c.level, c.name, c.cluster_id, c.n_conversations, c.share, c.growth,
    c.share - lag(c.share) OVER (PARTITION BY c.level, c.name ORDER BY c.partition_date) AS share_change
FROM clusters AS c
WHERE NOT c.is_other;
