"""Compiled text pools: request, follow-up and reply templates with named slots.

The pool modules hold plain dicts so that the text stays easy to read and edit; `compile_pool` turns
each into a `TopicPool` whose templates know their slot names in advance, which keeps rendering to one
`format_map` call per message (the generator must produce tens of thousands of conversations a second).
"""

from __future__ import annotations

import random
import string
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

_FORMATTER = string.Formatter()
T = TypeVar("T")


@dataclass(frozen=True)
class Template:
    """A message with `{slot}` placeholders, and the slot names it uses."""

    text: str
    fields: tuple[str, ...]


@dataclass(frozen=True)
class TopicPool:
    """All hand-written text of one topic in one language."""

    requests: tuple[Template, ...]
    followups: tuple[Template, ...]
    replies: tuple[Template, ...]
    slots: dict[str, tuple[str, ...]]


def compile_template(text: str) -> Template:
    fields = tuple(dict.fromkeys(name for _, name, _, _ in _FORMATTER.parse(text) if name))
    return Template(text=text, fields=fields)


def compile_pool(raw: dict[str, Any], where: str = "") -> TopicPool:
    """Compile a raw pool dict, checking that every placeholder has a non-empty slot list."""
    slots = {name: tuple(values) for name, values in raw.get("slots", {}).items()}
    pool = TopicPool(
        requests=tuple(compile_template(t) for t in raw["requests"]),
        followups=tuple(compile_template(t) for t in raw["followups"]),
        replies=tuple(compile_template(t) for t in raw["replies"]),
        slots=slots,
    )
    if not pool.requests or not pool.followups or not pool.replies:
        raise ValueError(f"pool {where} needs requests, followups and replies")
    for template in (*pool.requests, *pool.followups, *pool.replies):
        for name in template.fields:
            if not slots.get(name):
                raise ValueError(f"pool {where}: slot {name!r} used in {template.text!r} has no values")
    return pool


def pick(rng: random.Random, items: Sequence[T]) -> T:
    """`rng.choice(items)` at a fraction of the cost (one C call to random() and an index)."""
    return items[int(rng.random() * len(items))]


def render(template: Template, pool: TopicPool, chosen: dict[str, str], rng: random.Random) -> str:
    """Fill `template`, reusing slot values already `chosen` in this conversation so turns agree."""
    for name in template.fields:
        if name not in chosen:
            values = pool.slots[name]
            # Indexing with random() is several times cheaper than rng.choice, and as deterministic.
            chosen[name] = values[int(rng.random() * len(values))]
    return template.text.format_map(chosen)
