"""The hand-written text pools: complete, varied, and free of the rare groups' identifying words."""

from __future__ import annotations

import random
import re

import pytest

from clio_pipeline.generator.catalog import _RAW_POOLS, LANGUAGE_SHARES, POOLS, RARE_GROUPS, TOPICS
from clio_pipeline.generator.framing import CLOSERS, FOLLOWUP_REPLIES, OPENERS
from clio_pipeline.generator.pii_carriers import CARRIERS
from clio_pipeline.generator.pool import compile_pool, render


def _all_text(raw: dict) -> str:
    parts = [*raw["requests"], *raw["followups"], *raw["replies"]]
    parts += [value for values in raw.get("slots", {}).values() for value in values]
    return "\n".join(parts)


def test_every_topic_language_pool_is_substantial() -> None:
    for lang, by_topic in POOLS.items():
        for topic, pool in by_topic.items():
            minimum = 4 if lang == "en" and topic in {t.key for t in TOPICS if t.role == "ordinary"} else 3
            assert len(pool.requests) >= minimum and len(pool.followups) >= 3 and len(pool.replies) >= 3, (lang, topic)
            assert sum(len(v) for v in pool.slots.values()) >= 12, (lang, topic)
    assert all(len(POOLS[lang]) >= 6 for lang in LANGUAGE_SHARES)


def test_every_language_has_framing_and_carriers() -> None:
    for lang in LANGUAGE_SHARES:
        assert OPENERS[lang] and CLOSERS[lang] and len(FOLLOWUP_REPLIES[lang]) >= 5  # 3 follow-ups, no repeats
        assert all("{v}" in s and s.count("{v}") == 1 for carriers in CARRIERS[lang].values() for s in carriers)


def test_rare_words_appear_in_no_ordinary_pool() -> None:
    ordinary_text = "\n".join(_all_text(raw) for by_topic in _RAW_POOLS.values() for raw in by_topic.values()).lower()
    ordinary_text += "\n".join(s for lang in CARRIERS.values() for group in lang.values() for s in group).lower()
    for group in RARE_GROUPS:
        group_text = _all_text(group).lower()
        for word in group["words"]:
            assert word.lower() in group_text, word
            assert not re.search(rf"\b{re.escape(word.lower())}\b", ordinary_text), word
    all_words = [w.lower() for g in RARE_GROUPS for w in g["words"]]
    assert len(all_words) == len(set(all_words))


def test_topic_pools_use_distinct_vocabulary() -> None:
    # Topics must be separable by meaning: no two English pools may share most of their request words.
    def words(topic: str) -> set[str]:
        return set(re.findall(r"[a-z]{5,}", _all_text(_RAW_POOLS["en"][topic]).lower()))

    keys = list(_RAW_POOLS["en"])
    for i, a in enumerate(keys):
        for b in keys[i + 1 :]:
            overlap = len(words(a) & words(b)) / min(len(words(a)), len(words(b)))
            assert overlap < 0.35, (a, b, overlap)


def test_render_reuses_slot_values_within_a_conversation() -> None:
    pool = compile_pool({"requests": ["Fix {thing} now"], "followups": ["Still {thing}?"], "replies": ["Done {thing}."],
                         "slots": {"thing": ["a", "b", "c", "d", "e", "f"]}})
    rng = random.Random(0)
    for _ in range(20):
        chosen: dict[str, str] = {}
        first = render(pool.requests[0], pool, chosen, rng)
        assert render(pool.followups[0], pool, chosen, rng) == f"Still {first[4]}?"


def test_compile_rejects_a_placeholder_without_values() -> None:
    with pytest.raises(ValueError, match="slot 'missing'"):
        compile_pool({"requests": ["{missing}"], "followups": ["x"], "replies": ["y"], "slots": {}})
