-- Growth of every stable topic on each published day: its window count against the window 7 and 28
-- days earlier (with the default 7-day window the two windows do not overlap), and whether it is new.
-- Counts are compared per day of window (publication_log.window_days): the first days of the data have
-- shorter windows, and a raw count against a 1-day window would show a 7-fold "growth" of anything.
-- With full windows on both days this is the ratio of the counts. NULL growth: the topic was not
-- published that many days before. Computed from topic_trends and publication_log only: no new count.
CREATE OR REPLACE VIEW topic_growth AS
WITH windows AS (
    SELECT partition_date AS day, window_days
    FROM publication_log
    QUALIFY row_number() OVER (PARTITION BY partition_date ORDER BY published_at DESC) = 1
)
SELECT
    t.day,
    t.topic_id,
    t.name,
    t.n_conversations,
    t.share,
    t.first_day,
    t.first_day > t.day - 7 AS is_new,
    w7.n_conversations AS n_conversations_7d_before,
    w28.n_conversations AS n_conversations_28d_before,
    (t.n_conversations::DOUBLE / d.window_days) / (w7.n_conversations::DOUBLE / d7.window_days) - 1 AS growth_7d,
    (t.n_conversations::DOUBLE / d.window_days) / (w28.n_conversations::DOUBLE / d28.window_days) - 1 AS growth_28d,
    t.share / w7.share - 1 AS share_growth_7d
FROM topic_trends AS t
LEFT JOIN windows AS d ON d.day = t.day
LEFT JOIN topic_trends AS w7 ON w7.topic_id = t.topic_id AND w7.day = t.day - 7
LEFT JOIN windows AS d7 ON d7.day = t.day - 7
LEFT JOIN topic_trends AS w28 ON w28.topic_id = t.topic_id AND w28.day = t.day - 28
LEFT JOIN windows AS d28 ON d28.day = t.day - 28;
