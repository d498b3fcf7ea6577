"""Words listed with a found name are names too: "founders: Schulz, Strickland and Matthews"."""

from __future__ import annotations

import re
from collections.abc import Iterator

from clio_pipeline.privacy.detectors import Detection
from clio_pipeline.privacy.detectors_name_shape import is_capitalized
from clio_pipeline.privacy.detectors_name_words import (
    AMBIGUOUS_NAMES,
    COMMON_WORDS,
    KNOWN_NAMES,
    NEVER_NAMES,
    NOT_SURNAMES,
    fold,
)

_COORDINATION = re.compile(r"[ \t]*(?:,|&|\band\b|\bor\b|\by\b|\bet\b|\bund\b|\be\b)[ \t]*", re.IGNORECASE)
_CONJUNCTIONS = frozenset(["and", "or", "y", "et", "und", "e"])


def coordinated_names(text: str, tokens: list[re.Match[str]], found: list[Detection]) -> Iterator[Detection]:
    """Words listed with a detected name are names too: "founders: Schulz, Strickland and Matthews"."""
    covered = {(d.start, d.end) for d in found}
    starts = {m.start(): m for m in tokens}
    for detection in found:
        for direction in (1, -1):
            cursor = detection
            for _ in range(6):
                neighbour = _neighbour(text, tokens, starts, cursor, direction)
                if neighbour is None or (neighbour.start(), neighbour.end()) in covered:
                    break
                word = neighbour.group()
                key = fold(word)
                if not is_capitalized(word) or key in NOT_SURNAMES or key in NEVER_NAMES:
                    break
                if key in COMMON_WORDS and key not in KNOWN_NAMES:
                    break  # "the Roman Empire and Julius Caesar": an everyday word is not listed with a name
                if (
                    direction == -1
                    and key in AMBIGUOUS_NAMES
                    and key in COMMON_WORDS
                    and _comma_joined(text, cursor, neighbour)
                ):
                    break  # "London, England": a comma after a place-like word reads as "city, country"
                cursor = Detection("NAME", neighbour.start(), neighbour.end(), word, 0.55)
                covered.add((cursor.start, cursor.end))
                yield cursor


def _comma_joined(text: str, detection: Detection, neighbour: re.Match[str]) -> bool:
    between = text[neighbour.end() : detection.start] if neighbour.end() <= detection.start else ""
    between = between or text[detection.end : neighbour.start()]
    return between.strip() == ","


def _neighbour(text, tokens, starts, detection: Detection, direction: int):
    """The token joined to `detection` by a comma or a conjunction, on the given side."""
    if direction == 1:
        joint = _COORDINATION.match(text, detection.end)
        return starts.get(joint.end()) if joint and joint.end() > detection.end else None
    for m in reversed(tokens):
        if m.end() > detection.start:
            continue
        if m.group().lower() in _CONJUNCTIONS and _COORDINATION.fullmatch(text, m.start(), detection.start):
            continue  # "Torpy and Salinas": the word before the name is the conjunction itself; look past it
        joint = _COORDINATION.fullmatch(text, m.end(), detection.start)
        return m if joint and detection.start > m.end() else None
    return None
