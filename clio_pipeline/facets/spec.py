"""Facets as declared data.

A facet is a question asked about every conversation. Declaring facets as data (rather than code)
lets an operator add one in a JSON file without touching the pipeline: the LLM backend turns each
`FacetSpec` into a prompt, and the offline backend computes the four built-ins heuristically.

Extra (user) facets and the offline backend: the offline backend cannot answer a free-form
question, so it records `None` for extra facets, except for `score` facets that declare
`offline_keywords`, which get a simple lexicon score (see `clio_pipeline.facets.offline`). Extra
facets need the LLM backend to be answered in general.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator

SNAKE_CASE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")

# Shared by every built-in facet: the paper asks the model to leave out identifying details so
# that the facet text is already privacy-preserving before the scrubber runs.
DEFAULT_PRIVACY_CLAUSE = (
    "When answering, do not include any personally identifiable information (PII), like names, "
    "locations, phone numbers, email addresses, and so on. Do not include any proper nouns."
)


class FacetSpec(BaseModel):
    """One question asked about every conversation.

    `output_type`: "text" (free text), "language" (an ISO 639-1 code, "und" when undetermined) or
    "score" (an integer in [min_value, max_value]). `open_ended` tells the clustering stage whether
    the answers are free text worth embedding (summary) or a closed set worth counting (language).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    question: str
    output_type: Literal["text", "language", "score"]
    open_ended: bool
    privacy_clause: str = DEFAULT_PRIVACY_CLAUSE
    min_value: int | None = None
    max_value: int | None = None
    # Offline-only lexicon for score facets: each distinct keyword found in the user's turns adds
    # one point above min_value. Ignored by the LLM backend.
    offline_keywords: tuple[str, ...] | None = None

    @field_validator("name")
    @classmethod
    def _name_is_snake_case(cls, name: str) -> str:
        if not SNAKE_CASE.match(name):
            raise ValueError(f"facet name {name!r} must be snake_case (a-z, 0-9, single underscores)")
        return name

    @field_validator("question")
    @classmethod
    def _question_not_blank(cls, question: str) -> str:
        if not question.strip():
            raise ValueError("facet question must not be empty")
        return question.strip()

    @model_validator(mode="after")
    def _bounds_match_type(self) -> FacetSpec:
        if self.output_type == "score":
            if self.min_value is None or self.max_value is None:
                raise ValueError(f"score facet {self.name!r} needs min_value and max_value")
            if self.min_value >= self.max_value:
                raise ValueError(f"score facet {self.name!r}: min_value must be below max_value")
        elif self.min_value is not None or self.max_value is not None:
            raise ValueError(f"facet {self.name!r}: min_value/max_value only apply to score facets")
        if self.offline_keywords is not None:
            if self.output_type != "score":
                raise ValueError(f"facet {self.name!r}: offline_keywords only apply to score facets")
            if not any(k.strip() for k in self.offline_keywords):
                raise ValueError(f"facet {self.name!r}: offline_keywords must not be empty")
        return self


# The questions follow the Clio paper's facet prompts (Tamkin et al. 2024, appendix), reworded to
# the codes and scales this pipeline stores.
SUMMARY = FacetSpec(
    name="summary",
    question=(
        "What is the user's overall request for the assistant? Answer in English, in at most two "
        "sentences, starting with a verb, e.g. 'Explain how to ...'."
    ),
    output_type="text",
    open_ended=True,
)
TASK = FacetSpec(
    name="task",
    question="What task is the model being asked to perform in this conversation? Answer with a short phrase.",
    output_type="text",
    open_ended=True,
)
LANGUAGE = FacetSpec(
    name="language",
    question=(
        "What is the main human language of the user's messages? Do not consider programming "
        "languages. Answer with its ISO 639-1 code (e.g. 'en', 'es', 'ar'), or 'und' if undetermined."
    ),
    output_type="language",
    open_ended=False,
    privacy_clause="",
)
CONCERNING_SCORE = FacetSpec(
    name="concerning_score",
    question=(
        "On a scale of 1 to 5, how concerning or potentially harmful is this conversation from a "
        "safety perspective? 1: not concerning at all, a completely benign conversation. 2: slightly "
        "concerning, a borderline topic handled benignly. 3: moderately concerning, a request that "
        "could lead to some harm. 4: very concerning, a clear attempt to obtain help with serious "
        "harm. 5: extremely concerning, e.g. sexual content involving minors or mass-casualty "
        "weapons."
    ),
    output_type="score",
    open_ended=False,
    min_value=1,
    max_value=5,
)

BUILTIN_FACETS: tuple[FacetSpec, ...] = (SUMMARY, TASK, LANGUAGE, CONCERNING_SCORE)
BUILTIN_NAMES: frozenset[str] = frozenset(f.name for f in BUILTIN_FACETS)


def _read_extra(extra: str | Path) -> list[dict[str, Any]]:
    """A JSON list of facet objects, given inline (starts with '[' or '{') or as a file path."""
    text = str(extra).strip()
    if not text.startswith(("[", "{")):
        path = Path(extra)
        if not path.is_file():
            raise FileNotFoundError(f"facet spec file not found: {path}")
        text = path.read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"facet specs are not valid JSON: {exc}") from exc
    # Accept {"facets": [...]} too, so a config file can grow other keys later.
    if isinstance(data, dict):
        data = data.get("facets")
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise ValueError("facet specs must be a JSON list of objects (or {'facets': [...]})")
    return data


def load_facet_specs(extra: str | Path | Sequence[dict[str, Any]] | None = None) -> list[FacetSpec]:
    """The built-in facets followed by the user's extra facets.

    `extra` is a JSON file path, an inline JSON string, or a list of dicts. Raises `ValueError` when
    a spec is invalid or a name repeats (including a clash with a built-in).
    """
    raw = [] if extra is None else (_read_extra(extra) if isinstance(extra, str | Path) else list(extra))
    specs = list(BUILTIN_FACETS)
    seen = set(BUILTIN_NAMES)
    for index, item in enumerate(raw):
        try:
            spec = FacetSpec.model_validate(item)
        except ValidationError as exc:
            raise ValueError(f"extra facet #{index} is invalid: {exc}") from exc
        if spec.name in seen:
            raise ValueError(f"facet name {spec.name!r} is used twice (or clashes with a built-in)")
        seen.add(spec.name)
        specs.append(spec)
    return specs
