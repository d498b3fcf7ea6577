"""The generator's topic catalogue: two-level hierarchy, roles, languages and compiled text pools."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from clio_pipeline.generator import (
    pools_de,
    pools_en_life,
    pools_en_special,
    pools_en_work,
    pools_es,
    pools_fr,
    pools_pt,
)
from clio_pipeline.generator.pool import TopicPool, compile_pool

TopicRole = Literal["ordinary", "concerning", "borderline", "two_user"]


@dataclass(frozen=True)
class TopicSpec:
    """One leaf topic of the ground-truth hierarchy."""

    key: str
    category: str
    description: str
    concerning: int  # expected concerning level, 1 (benign) to 5
    role: TopicRole
    popularity: float = 1.0  # relative weight when an ordinary user picks a topic


TOPICS: tuple[TopicSpec, ...] = (
    TopicSpec("python_debugging", "Software development", "Debugging Python errors and tracebacks", 1, "ordinary", 1.5),
    TopicSpec("sql_queries", "Software development", "Writing and optimizing SQL queries", 1, "ordinary", 1.0),
    TopicSpec("web_frontend", "Software development", "Building web frontends with CSS and JS frameworks", 1, "ordinary", 1.1),
    TopicSpec("cover_letters", "Writing", "Drafting and improving job cover letters", 1, "ordinary", 0.9),
    TopicSpec("creative_writing", "Writing", "Writing poems, lyrics and short fiction", 1, "ordinary", 1.0),
    TopicSpec("email_drafting", "Writing", "Drafting professional and personal emails", 1, "ordinary", 1.2),
    TopicSpec("math_homework", "Education", "Solving and explaining math homework problems", 1, "ordinary", 1.2),
    TopicSpec("history_essay", "Education", "Outlining and arguing history essays", 1, "ordinary", 0.7),
    TopicSpec("language_learning", "Education", "Grammar explanations and study plans for learning a language", 1, "ordinary", 0.9),
    TopicSpec("meal_planning", "Health & wellness", "Meal plans, nutrition targets and grocery lists", 1, "ordinary", 0.9),
    TopicSpec("fitness_plans", "Health & wellness", "Workout routines, exercise form and running plans", 1, "ordinary", 0.9),
    TopicSpec("caregiving_advice", "Health & wellness", "Supporting a relative with an illness as a carer", 1, "ordinary", 0.6),
    TopicSpec("marketing_copy", "Business & finance", "Ad copy, slogans and product descriptions", 1, "ordinary", 0.8),
    TopicSpec("personal_budgeting", "Business & finance", "Personal budgets, saving goals and debt decisions", 1, "ordinary", 0.9),
    TopicSpec("trip_itineraries", "Travel & lifestyle", "Planning travel itineraries and what to see", 1, "ordinary", 1.0),
    TopicSpec("cooking_recipes", "Travel & lifestyle", "Recipes, substitutions and fixing cooking failures", 1, "ordinary", 1.1),
    TopicSpec("relationship_advice", "Travel & lifestyle", "Communicating and resolving conflicts with a partner or friend", 1, "ordinary", 0.8),
    TopicSpec("security_defence", "Security & safety", "Defensive security: recognising and preventing attacks", 2, "borderline"),
    TopicSpec("account_intrusion", "Security & safety", "Attempts to break into someone else's online account", 4, "concerning"),
    TopicSpec("stalking_ex_partner", "Security & safety", "Attempts to track or monitor an ex-partner without consent", 5, "concerning"),
    TopicSpec("barometer_restoration", "Hobbies & crafts", "Restoring antique barometers (niche hobby of two users)", 1, "two_user"),
)
TOPIC_BY_KEY: dict[str, TopicSpec] = {t.key: t for t in TOPICS}

# Conversation-level language shares; English is the majority, every other language at least 5%.
LANGUAGE_SHARES: dict[str, float] = {"en": 0.55, "es": 0.13, "fr": 0.11, "de": 0.11, "pt": 0.10}

# Per-conversation probability that an English user asks about each non-ordinary topic.
SPECIAL_TOPIC_RATES: dict[str, float] = {"security_defence": 0.02, "account_intrusion": 0.012, "stalking_ex_partner": 0.008}

_RAW_POOLS: dict[str, dict[str, dict]] = {
    "en": {**pools_en_work.POOLS, **pools_en_life.POOLS, **pools_en_special.POOLS},
    "es": pools_es.POOLS,
    "fr": pools_fr.POOLS,
    "de": pools_de.POOLS,
    "pt": pools_pt.POOLS,
}

POOLS: dict[str, dict[str, TopicPool]] = {
    lang: {topic: compile_pool(raw, f"{lang}/{topic}") for topic, raw in by_topic.items()}
    for lang, by_topic in _RAW_POOLS.items()
}

RARE_GROUPS: list[dict] = pools_en_special.RARE_GROUPS
RARE_POOLS: dict[str, TopicPool] = {g["key"]: compile_pool(g, f"rare/{g['key']}") for g in RARE_GROUPS}


def topic_languages(topic: str) -> list[str]:
    """Languages that have a hand-written pool for `topic`, English first."""
    return [lang for lang in LANGUAGE_SHARES if topic in POOLS[lang]]


def ordinary_topics(language: str) -> list[TopicSpec]:
    """Ordinary topics an everyday user of `language` can ask about."""
    return [t for t in TOPICS if t.role == "ordinary" and t.key in POOLS[language]]


def _check_catalogue() -> None:
    # Fail at import rather than mid-run when a pool is added without its topic spec, or vice versa.
    for lang, by_topic in POOLS.items():
        unknown = set(by_topic) - set(TOPIC_BY_KEY)
        if unknown:
            raise ValueError(f"pools for {lang} name unknown topics: {sorted(unknown)}")
    missing = [t.key for t in TOPICS if not topic_languages(t.key)]
    if missing:
        raise ValueError(f"topics without any pool: {missing}")


_check_catalogue()
