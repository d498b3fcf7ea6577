-- Growth of every stable topic on each published day: its window count against the window 7 and 28
-- days earlier (with the default 7-day window the two windows do not overlap), and whether it is new.
-- NULL growth: the topic was not published that many days before. Computed from topic_trends only.
CREATE OR REPLACE VIEW topic_growth AS
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
    t.n_conversations::DOUBLE / w7.n_conversations - 1 AS growth_7d,
    t.n_conversations::DOUBLE / w28.n_conversations - 1 AS growth_28d,
    t.share / w7.share - 1 AS share_growth_7d
FROM topic_trends AS t
LEFT JOIN topic_trends AS w7 ON w7.topic_id = t.topic_id AND w7.day = t.day - 7
LEFT JOIN topic_trends AS w28 ON w28.topic_id = t.topic_id AND w28.day = t.day - 28;
