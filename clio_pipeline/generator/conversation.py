"""Building one synthetic conversation: topic choice, turns, planted personal data and timestamp."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from itertools import accumulate

from clio_pipeline.generator.catalog import (
    POOLS,
    RARE_GROUPS,
    RARE_POOLS,
    SPECIAL_TOPIC_RATES,
    ordinary_topics,
)
from clio_pipeline.generator.framing import CLOSERS, FOLLOWUP_REPLIES, OPENERS
from clio_pipeline.generator.pii import fake_value
from clio_pipeline.generator.pii_carriers import CARRIERS, PII_TYPE_WEIGHTS
from clio_pipeline.generator.pool import TopicPool, pick, render
from clio_pipeline.generator.population import User

PII_RATE = 0.30  # share of conversations with at least one planted value
TURN_COUNTS = (1, 2, 3, 4)
TURN_WEIGHTS_CUM = (45, 75, 92, 100)
FAVORITE_RATE = 0.55  # share of an ordinary user's conversations about one of their favourite topics
LOWERCASE_RATE = 0.08  # users who type everything in lower case
UTC_OFFSETS = ("+01:00", "+02:00", "-05:00", "-03:00", "+05:30", "+09:00")

_RARE_TOPIC = {g["key"]: g["topic"] for g in RARE_GROUPS}
# Cumulative weights computed once: random.choices would otherwise accumulate them on every call.
_ORDINARY = {
    lang: ([t.key for t in topics], list(accumulate(t.popularity for t in topics)))
    for lang, topics in ((lang, ordinary_topics(lang)) for lang in POOLS)
}
_PII_TYPES = {
    lang: (
        [t for t in PII_TYPE_WEIGHTS if t in CARRIERS[lang]],
        list(accumulate(w for t, w in PII_TYPE_WEIGHTS.items() if t in CARRIERS[lang])),
    )
    for lang in CARRIERS
}


def choose_topic(user: User, rng: random.Random) -> tuple[str, TopicPool]:
    """The topic of this user's next conversation and the pool that writes it."""
    if user.two_user_topic:
        return "barometer_restoration", POOLS["en"]["barometer_restoration"]
    if user.rare_group is not None:
        return _RARE_TOPIC[user.rare_group], RARE_POOLS[user.rare_group]
    language = user.language
    if language == "en":
        r = rng.random()
        for topic, rate in SPECIAL_TOPIC_RATES.items():
            if r < rate:
                return topic, POOLS["en"][topic]
            r -= rate
    if rng.random() < FAVORITE_RATE:
        topic = pick(rng, user.favorites)
    else:
        keys, weights = _ORDINARY[language]
        topic = rng.choices(keys, cum_weights=weights)[0]
    return topic, POOLS[language][topic]


def _pick(rng: random.Random, items: tuple, k: int) -> list:
    # Distinct follow-ups while the pool has enough of them; repeats only for very long conversations.
    return rng.sample(items, k) if k <= len(items) else [pick(rng, items) for _ in range(k)]


def build_turns(pool: TopicPool, language: str, rng: random.Random) -> tuple[list[str], list[str]]:
    """User turns and assistant replies (same length), with slot values shared across the conversation."""
    r = rng.random() * 100
    n_turns = next(count for count, cum in zip(TURN_COUNTS, TURN_WEIGHTS_CUM) if r < cum)
    chosen: dict[str, str] = {}
    first = render(pick(rng, pool.requests), pool, chosen, rng)
    user_turns = [pick(rng, OPENERS[language]) + first + pick(rng, CLOSERS[language])]
    for template in _pick(rng, pool.followups, n_turns - 1):
        user_turns.append(render(template, pool, chosen, rng))
    if rng.random() < LOWERCASE_RATE:
        user_turns = [turn.lower() for turn in user_turns]
    # Prefer replies whose slots the request already filled: a reply naming a freshly drawn detail
    # ("the tracker on their car") would contradict a request about something else.
    fitting = [t for t in pool.replies if all(name in chosen for name in t.fields)] or pool.replies
    first_reply = pick(rng, fitting)
    replies = [render(first_reply, pool, chosen, rng)]
    used = {first_reply}
    # Follow-ups mostly get a reply that fits whatever was asked; now and then another topic reply,
    # as assistants often restate the core answer, but never the same one twice.
    for _ in range(n_turns - 1):
        candidate = pick(rng, fitting)
        if rng.random() < 0.3 and candidate not in used:
            used.add(candidate)
            replies.append(render(candidate, pool, chosen, rng))
        else:
            generic = FOLLOWUP_REPLIES[language]
            index = int(rng.random() * len(generic))
            while generic[index] in replies:  # at most three follow-ups, at least five generic replies
                index = (index + 1) % len(generic)
            replies.append(generic[index])
    return user_turns, replies


def plant_pii(user_turns: list[str], language: str, rng: random.Random) -> list[dict[str, str]]:
    """Maybe add fake personal data to the user's turns (in place); returns what was planted."""
    if rng.random() >= PII_RATE:
        return []
    r = rng.random()
    n_values = 1 if r < 0.6 else 2 if r < 0.9 else 3
    types, weights = _PII_TYPES[language]
    planted = []
    for pii_type in rng.choices(types, cum_weights=weights, k=n_values):
        value = fake_value(rng, pii_type, language)
        sentence = pick(rng, CARRIERS[language][pii_type]).replace("{v}", value)
        turn = 0 if rng.random() < 0.7 else rng.randrange(len(user_turns))
        if rng.random() < 0.8:
            user_turns[turn] = f"{user_turns[turn]} {sentence}"
        else:
            user_turns[turn] = f"{sentence} {user_turns[turn]}"
        planted.append({"type": pii_type, "value": value})
    return planted


def format_timestamp(day_start: datetime, day_text: str, seconds: float, rng: random.Random) -> str:
    """An ISO-8601 instant `seconds` after UTC midnight of `day_start` (whose date is `day_text`), in one
    of the formats real exporters emit."""
    whole = int(seconds)
    r = rng.random()
    if r < 0.93:
        hh, rem = divmod(whole, 3600)
        mm, ss = divmod(rem, 60)
        base = f"{day_text}T{hh:02d}:{mm:02d}:{ss:02d}"
        if r < 0.55:
            return base + "Z"
        if r < 0.75:
            return base + "+00:00"
        if r < 0.85:
            return base  # naive: UTC by contract
        return f"{base}.{int((seconds - whole) * 1000):03d}Z"
    # Same instant written in a local offset, so the date in the string may differ from the UTC day.
    offset = pick(rng, UTC_OFFSETS)
    sign = 1 if offset[0] == "+" else -1
    delta = timedelta(hours=int(offset[1:3]), minutes=int(offset[4:6])) * sign
    local = day_start + timedelta(seconds=whole) + delta
    return f"{local:%Y-%m-%dT%H:%M:%S}{offset}"

