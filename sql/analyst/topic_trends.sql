-- The whole published history of every stable topic: one row per topic and published day, with the
-- counts of the topic's base cluster that day (its trailing window of CLIO_WINDOW_DAYS days). These are
-- exactly the numbers `clusters` published for that partition, keyed by topic: the view adds no count,
-- and a day on which the topic's cluster was not published (below the thresholds) has no row.
CREATE OR REPLACE VIEW topic_trends AS
SELECT
    c.partition_date AS day,
    c.topic_id,
    c.name,
    c.n_conversations,
    c.n_users,
    c.share,
    c.mean_concerning,
    min(c.partition_date) OVER (PARTITION BY c.topic_id) AS first_day
FROM clusters AS c
WHERE c.level = 0 AND NOT c.is_other AND c.topic_id IS NOT NULL;
