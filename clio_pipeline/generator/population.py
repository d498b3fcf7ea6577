"""Who talks to the assistant: a heavy-tailed user population and the order of their conversations.

Most users have one to three conversations and a few have dozens (a Zipf-like tail). Languages are
assigned per user but balanced on conversation counts, so the language shares hold even when one heavy
user happens to speak a less common language.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate

from clio_pipeline.generator.catalog import LANGUAGE_SHARES, RARE_GROUPS, ordinary_topics

# Below this many conversations the special users (two-user topic, rare groups) would dominate the data.
MIN_N_FOR_SPECIAL_USERS = 500
TAIL_EXPONENT = 1.3  # P(count >= m) = m ** -1.3: ~84% of users have 1-3 conversations
CLIENTS = ("web", "ios", "android", "desktop", "api")
CLIENT_WEIGHTS = (45, 20, 20, 10, 5)
_ID_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"


@dataclass
class User:
    user_id: str
    language: str
    client: str
    n_conversations: int
    favorites: tuple[str, ...] = ()
    two_user_topic: bool = False
    rare_group: str | None = None


def _new_user_id(rng: random.Random, taken: set[str]) -> str:
    while True:
        # 50 random bits as 10 characters of an unambiguous 32-letter alphabet (no 0/o, 1/l).
        bits = rng.getrandbits(50)
        user_id = "u_" + "".join(_ID_ALPHABET[(bits >> (5 * i)) & 31] for i in range(10))
        if user_id not in taken:
            taken.add(user_id)
            return user_id


def special_counts(n: int) -> tuple[int, int]:
    """(conversations per two-user-topic user, conversations per rare-group user) for a data set of n."""
    if n < MIN_N_FOR_SPECIAL_USERS:
        return 0, 0
    return max(3, min(30, n // 400)), max(3, min(8, n // 2500))


def _heavy_tail_counts(total: int, rng: random.Random) -> list[int]:
    cap = max(5, min(300, total // 50))
    counts: list[int] = []
    remaining = total
    while remaining > 0:
        count = min(cap, int((1.0 - rng.random()) ** (-1.0 / TAIL_EXPONENT)), remaining)
        counts.append(count)
        remaining -= count
    return counts


def build_population(n: int, rng: random.Random) -> list[User]:
    """Users whose conversation counts sum to exactly n."""
    taken: set[str] = set()
    users: list[User] = []
    per_two_user, per_rare_user = special_counts(n)
    if per_two_user:
        for _ in range(2):
            users.append(User(_new_user_id(rng, taken), "en", "web", per_two_user, two_user_topic=True))
        for group in RARE_GROUPS:
            for _ in range(group["n_users"]):
                users.append(User(_new_user_id(rng, taken), "en", rng.choice(CLIENTS), per_rare_user,
                                  rare_group=group["key"]))
    special_total = sum(u.n_conversations for u in users)
    assigned = {lang: 0 for lang in LANGUAGE_SHARES}
    assigned["en"] = special_total
    running_total = special_total
    topics_by_lang = {lang: [t.key for t in ordinary_topics(lang)] for lang in LANGUAGE_SHARES}
    cum_weights_by_lang = {
        lang: list(accumulate(t.popularity for t in ordinary_topics(lang))) for lang in LANGUAGE_SHARES
    }
    client_cum_weights = list(accumulate(CLIENT_WEIGHTS))
    for count in _heavy_tail_counts(n - special_total, rng):
        running_total += count
        # The language furthest below its target share takes this user: exact shares, random users.
        language = max(LANGUAGE_SHARES, key=lambda lang: LANGUAGE_SHARES[lang] * running_total - assigned[lang])
        assigned[language] += count
        n_favorites = rng.choice((1, 1, 2, 2, 3))
        favorites = tuple(rng.choices(topics_by_lang[language], cum_weights=cum_weights_by_lang[language], k=n_favorites))
        client = rng.choices(CLIENTS, cum_weights=client_cum_weights)[0]
        users.append(User(_new_user_id(rng, taken), language, client, count, favorites=favorites))
    return users


def conversation_schedule(users: list[User], rng: random.Random) -> list[int]:
    """One entry per conversation (the index of its user), in random order over the whole period."""
    schedule = [index for index, user in enumerate(users) for _ in range(user.n_conversations)]
    rng.shuffle(schedule)
    return schedule


def day_boundaries(n: int, start_date: date, days: int) -> list[tuple[date, int, int]]:
    """(day, first, end) slices of the schedule; weekends carry a little less traffic than weekdays."""
    weights = [0.8 if (start_date + timedelta(d)).weekday() >= 5 else 1.0 for d in range(days)]
    total = sum(weights)
    bounds: list[tuple[date, int, int]] = []
    cumulative = 0.0
    first = 0
    for d, weight in enumerate(weights):
        cumulative += weight
        end = n if d == days - 1 else round(n * cumulative / total)
        bounds.append((start_date + timedelta(d), first, end))
        first = end
    return bounds
