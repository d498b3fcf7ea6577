"""Topics that change over time, for multi-day data: a rising topic and a topic that appears mid-way.

Without dynamics every day draws topics from the same mixture, which is what "unchanged content"
means when stable topic ids are measured. `TopicDynamics` bends that mixture for two ordinary topics:

- `rising`: on day i of D, an ordinary conversation switches to the rising topic with probability
  `rising_rate * i / (D - 1)`, so its share climbs steadily from its usual level.
- `midway`: absent before `midway_day` (conversations that would have been about it are redrawn
  among the other ordinary topics); from that day on, an ordinary conversation switches to it with
  probability `midway_rate`.

Users of the two-user topic and of the rare identifying groups are left alone, so the privacy
plants keep their meaning. A topic must have a pool in the user's language to be switched to.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from clio_pipeline.generator.catalog import POOLS, TOPIC_BY_KEY, ordinary_topics
from clio_pipeline.generator.pool import TopicPool
from clio_pipeline.generator.population import User


@dataclass(frozen=True)
class TopicDynamics:
    """How two ordinary topics move over the generated days (either may be None)."""

    rising: str | None = "meal_planning"
    rising_rate: float = 0.12
    midway: str | None = "caregiving_advice"
    midway_day: int = 15
    midway_rate: float = 0.06

    def __post_init__(self) -> None:
        for key in (self.rising, self.midway):
            if key is not None and (key not in TOPIC_BY_KEY or TOPIC_BY_KEY[key].role != "ordinary"):
                raise ValueError(f"{key!r} is not an ordinary topic of the catalogue")
        if self.rising is not None and self.rising == self.midway:
            raise ValueError("the rising and the mid-way topic must differ")

    def adjust(
        self, topic: str, pool: TopicPool, user: User, day_index: int, days: int, rng: random.Random
    ) -> tuple[str, TopicPool]:
        """The topic (and pool) of one conversation on day `day_index` of `days`, after the dynamics."""
        if user.two_user_topic or user.rare_group is not None or TOPIC_BY_KEY[topic].role != "ordinary":
            return topic, pool
        pools = POOLS[user.language]
        if self.midway is not None and topic == self.midway and day_index < self.midway_day:
            others = [t.key for t in ordinary_topics(user.language) if t.key not in (self.midway, self.rising)]
            topic = rng.choice(others)
        if self.midway in pools and day_index >= self.midway_day and rng.random() < self.midway_rate:
            topic = self.midway
        progress = day_index / (days - 1) if days > 1 else 1.0
        if self.rising in pools and rng.random() < self.rising_rate * progress:
            topic = self.rising
        return topic, pools[topic]
