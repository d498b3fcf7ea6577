-- Clusters of the most recently published partition (every level, other buckets included).
CREATE OR REPLACE VIEW latest_clusters AS
SELECT c.*
FROM clusters AS c
WHERE c.partition_date = (SELECT max(partition_date) FROM publication_log);
