"""`generate_dataset`: daily landing files of synthetic conversations plus their ground truth.

Output layout::

    out_dir/conversations_<YYYY-MM-DD>.jsonl[.gz]   one per day, the ingestion input contract
    out_dir/_truth/ground_truth.jsonl               one line per conversation (topic, planted PII, ...)
    out_dir/_truth/topics.json                      the topic hierarchy with languages and descriptions
    out_dir/_truth/rare_words.json                  words of the tiny identifying groups, never to be published

Each day is generated from its own seeded random stream and written before the next one starts, so
memory stays at one day of text and any single day can be regenerated identically.
"""

from __future__ import annotations

import gzip as gzip_module
import json
import random
from collections import Counter
from datetime import date, datetime
from itertools import accumulate
from pathlib import Path

from pydantic import BaseModel

from clio_pipeline.generator.catalog import RARE_GROUPS, TOPICS, topic_languages
from clio_pipeline.generator.conversation import (
    build_turns,
    choose_topic,
    format_timestamp,
    plant_pii,
)
from clio_pipeline.generator.dynamics import TopicDynamics
from clio_pipeline.generator.pool import pick
from clio_pipeline.generator.population import (
    User,
    build_population,
    conversation_schedule,
    day_boundaries,
)

TRUTH_DIR = "_truth"
# Relative traffic per UTC hour: quiet at night, a broad daytime plateau across European and American users.
HOURLY_WEIGHTS = (1.0, 0.7, 0.5, 0.4, 0.4, 0.5, 0.8, 1.2, 1.8, 2.4, 2.8, 3.0,
                  3.0, 3.0, 2.9, 2.8, 2.7, 2.6, 2.5, 2.6, 2.7, 2.5, 2.0, 1.4)
_HOURLY_CUM = list(accumulate(HOURLY_WEIGHTS))
APP_VERSIONS = ("3.1.0", "3.1.2", "3.2.0", "3.2.1")
_CATEGORY_JSON = {t.key: json.dumps(t.category) for t in TOPICS}
_CONCERNING = {t.key: t.concerning for t in TOPICS}


def _json_or_null(value: str | None) -> str:
    return "null" if value is None else json.dumps(value)


class GenerationSummary(BaseModel):
    """What `generate_dataset` wrote."""

    out_dir: str
    n_conversations: int
    n_users: int
    days: int
    start_date: date
    seed: int
    gzip: bool
    files: list[str]
    topic_counts: dict[str, int]
    language_counts: dict[str, int]
    n_with_planted_pii: int
    two_user_topic_users: list[str]
    rare_group_users: dict[str, list[str]]


def landing_file_name(day: date, gzip: bool) -> str:
    return f"conversations_{day.isoformat()}.jsonl" + (".gz" if gzip else "")


def _day_seconds(rng: random.Random, count: int) -> list[float]:
    hours = rng.choices(range(24), cum_weights=_HOURLY_CUM, k=count)
    return sorted(hour * 3600 + rng.random() * 3600 for hour in hours)


def _generate_day(
    day: date, user_indices: list[int], users: list[User], seed: int, day_index: int,
    dynamics: tuple[TopicDynamics, int] | None = None,
) -> tuple[list[str], list[str], Counter, Counter, int]:
    rng = random.Random(f"clio-generator:{seed}:{day_index}")
    day_start = datetime(day.year, day.month, day.day)
    day_text = day.isoformat()
    # One encoder for the day: json.dumps with keyword arguments builds a new encoder per call.
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    lines: list[str] = []
    truth_lines: list[str] = []
    topic_counts: Counter = Counter()
    language_counts: Counter = Counter()
    n_planted = 0
    for seconds, user_index in zip(_day_seconds(rng, len(user_indices)), user_indices):
        user = users[user_index]
        language = user.language
        topic, pool = choose_topic(user, rng)
        if dynamics is not None:
            topic, pool = dynamics[0].adjust(topic, pool, user, day_index, dynamics[1], rng)
        user_turns, replies = build_turns(pool, language, rng)
        planted = plant_pii(user_turns, language, rng)
        messages = [
            message
            for user_text, reply in zip(user_turns, replies)
            for message in ({"role": "user", "content": user_text}, {"role": "assistant", "content": reply})
        ]
        conversation_id = f"c_{rng.getrandbits(64):016x}"
        record = {
            "conversation_id": conversation_id,
            "user_id": user.user_id,
            "created_at": format_timestamp(day_start, day_text, seconds, rng),
            "messages": messages,
            "metadata": {"client": user.client, "app_version": pick(rng, APP_VERSIONS)},
        }
        # The truth line is formatted by hand: its keys are fixed and every string but `planted` is an
        # identifier or catalogue key that needs no escaping, which halves the JSON cost per conversation.
        truth_lines.append(
            f'{{"conversation_id": "{conversation_id}", "user_id": "{user.user_id}", "date": "{day_text}", '
            f'"topic": "{topic}", "category": {_CATEGORY_JSON[topic]}, "language": "{language}", '
            f'"concerning": {_CONCERNING[topic]}, "planted": {dumps(planted) if planted else "[]"}, '
            f'"rare_group": {_json_or_null(user.rare_group)}, '
            f'"two_user_topic": {"true" if user.two_user_topic else "false"}}}'
        )
        lines.append(dumps(record))
        topic_counts[topic] += 1
        language_counts[language] += 1
        n_planted += bool(planted)
    return lines, truth_lines, topic_counts, language_counts, n_planted


def _write_lines(path: Path, lines: list[str], gzip: bool) -> None:
    text = "\n".join(lines) + "\n" if lines else ""
    if gzip:
        # Level 5: most of level 9's ratio at a fraction of its cost; these are throwaway demo files.
        with gzip_module.open(path, "wt", encoding="utf-8", compresslevel=5) as handle:
            handle.write(text)
    else:
        path.write_text(text, encoding="utf-8")


def _topics_document() -> list[dict]:
    return [
        {
            "topic": t.key,
            "category": t.category,
            "description": t.description,
            "languages": topic_languages(t.key),
            "concerning": t.concerning,
            "role": t.role,
            "two_user_topic": t.role == "two_user",
        }
        for t in TOPICS
    ]


def _rare_words_document(users: list[User]) -> dict:
    groups = {
        g["key"]: {
            "topic": g["topic"],
            "words": g["words"],
            "user_ids": [u.user_id for u in users if u.rare_group == g["key"]],
        }
        for g in RARE_GROUPS
    }
    words = sorted({word for g in RARE_GROUPS for word in g["words"]})
    return {"words": words, "groups": groups}


def generate_dataset(
    out_dir: Path, n: int, days: int, start_date: date = date(2026, 1, 1), seed: int = 0, gzip: bool = False,
    dynamics: TopicDynamics | None = None,
) -> GenerationSummary:
    """Write n synthetic conversations over `days` daily landing files, with ground truth in `_truth/`.

    Deterministic for a given (n, days, start_date, seed, dynamics). Data sets under 500 conversations
    carry no two-user topic and no rare groups, which would otherwise make up a large share of them.
    `dynamics` adds a rising topic and one that appears mid-way (`generator.dynamics`).
    """
    if n < 0 or days < 1:
        raise ValueError("n must be >= 0 and days >= 1")
    out_dir = Path(out_dir)
    truth_dir = out_dir / TRUTH_DIR
    truth_dir.mkdir(parents=True, exist_ok=True)
    population_rng = random.Random(f"clio-generator:{seed}:population")
    users = build_population(n, population_rng)
    schedule = conversation_schedule(users, population_rng)

    files: list[str] = []
    topic_counts: Counter = Counter()
    language_counts: Counter = Counter()
    n_with_pii = 0
    with open(truth_dir / "ground_truth.jsonl", "w", encoding="utf-8") as truth_handle:
        for day_index, (day, first, end) in enumerate(day_boundaries(n, start_date, days)):
            lines, truth_lines, topics, languages, planted = _generate_day(
                day, schedule[first:end], users, seed, day_index, None if dynamics is None else (dynamics, days)
            )
            path = out_dir / landing_file_name(day, gzip)
            # A stale twin in the other format would be ingested twice.
            (out_dir / landing_file_name(day, not gzip)).unlink(missing_ok=True)
            _write_lines(path, lines, gzip)
            if truth_lines:
                truth_handle.write("\n".join(truth_lines) + "\n")
            files.append(str(path))
            topic_counts.update(topics)
            language_counts.update(languages)
            n_with_pii += planted

    (truth_dir / "topics.json").write_text(json.dumps(_topics_document(), indent=2, ensure_ascii=False), encoding="utf-8")
    (truth_dir / "rare_words.json").write_text(
        json.dumps(_rare_words_document(users), indent=2, ensure_ascii=False), encoding="utf-8"
    )
    return GenerationSummary(
        out_dir=str(out_dir),
        n_conversations=n,
        n_users=len(users),
        days=days,
        start_date=start_date,
        seed=seed,
        gzip=gzip,
        files=files,
        topic_counts=dict(sorted(topic_counts.items())),
        language_counts=dict(sorted(language_counts.items())),
        n_with_planted_pii=n_with_pii,
        two_user_topic_users=[u.user_id for u in users if u.two_user_topic],
        rare_group_users={g: d["user_ids"] for g, d in _rare_words_document(users)["groups"].items()},
    )


def load_ground_truth(out_dir: Path) -> list[dict]:
    """The ground-truth records written by `generate_dataset` into `out_dir`, in file order."""
    path = Path(out_dir) / TRUTH_DIR / "ground_truth.jsonl"
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def load_topics(out_dir: Path) -> list[dict]:
    """The topic catalogue written alongside the data (topic, category, languages, description, ...)."""
    return json.loads((Path(out_dir) / TRUTH_DIR / "topics.json").read_text(encoding="utf-8"))


def load_rare_words(out_dir: Path) -> dict:
    """`{"words": [...], "groups": {key: {"topic", "words", "user_ids"}}}` of the identifying groups."""
    return json.loads((Path(out_dir) / TRUTH_DIR / "rare_words.json").read_text(encoding="utf-8"))
