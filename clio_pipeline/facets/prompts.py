"""Prompts of the LLM facet backend, following the facet-extraction instructions of the Clio paper.

The model reads the conversation as a compact transcript ("User: ..." / "Assistant: ..." blocks) and
answers every declared facet in ONE JSON object. One call per conversation instead of one per facet
(as in the paper) sends the transcript, usually most of the prompt, once instead of four times:
about a quarter of the tokens and of the calls. The response model is built from the facet specs, so
an operator's extra facet becomes one more field of the same object.

Change PROMPT_VERSION (or pass another `prompt_version`) whenever the wording changes: it is part of
the cache key, so old cached answers are not reused for a new prompt.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, create_model

from clio_pipeline.facets.spec import FacetSpec
from clio_pipeline.types import Conversation

PROMPT_VERSION = "v1"
DEFAULT_MAX_TRANSCRIPT_CHARS = 12_000
# Of a long transcript we keep the opening (where the request usually is) and the end (where it
# may have changed); the head gets the larger share.
HEAD_SHARE = 2 / 3
_ROLE_LABELS = {"user": "User", "assistant": "Assistant"}

SYSTEM_PROMPT = (
    "You are an analyst who describes conversations between a user and an AI assistant, for "
    "aggregate statistics about how the assistant is used. You will read one conversation and answer "
    "questions about it.\n"
    "Rules for every answer:\n"
    "- Write text answers in English, whatever language the conversation is in.\n"
    "- Describe what the user wanted, at the level of a topic or a task, never who the user is.\n"
    "- Never include personal data or identifying details: no names of people or organisations, "
    "no places, email addresses, phone numbers, account numbers, dates of birth, addresses, "
    "URLs, usernames or other proper nouns. Replace them with generic words "
    "(e.g. 'a colleague', 'a city', 'a company').\n"
    "- Be concise and factual; do not judge or moralise."
)


def transcript_lines(conversation: Conversation) -> list[str]:
    """One block per user or assistant turn; system prompts and tool outputs are left out.

    They are written by neither party (as in `direct_metrics`) and tool outputs can be long dumps
    that would crowd the user's request out of the capped transcript.
    """
    return [
        f"{_ROLE_LABELS[m.role]}: {m.content.strip()}"
        for m in conversation.messages
        if m.role in _ROLE_LABELS and m.content.strip()
    ]


def cap_transcript(text: str, max_chars: int) -> str:
    """`text` itself when it fits; otherwise its head and tail around "[… N characters omitted …]".

    The result is at most about `max_chars` characters plus the marker; N is exact, so a reader (and
    the model) knows how much is missing.
    """
    if max_chars <= 0:
        raise ValueError("max_chars must be positive")
    if len(text) <= max_chars:
        return text
    head_chars = int(max_chars * HEAD_SHARE)
    tail_chars = max_chars - head_chars
    omitted = len(text) - head_chars - tail_chars
    tail = text[len(text) - tail_chars :] if tail_chars else ""
    return f"{text[:head_chars]}\n[… {omitted} characters omitted …]\n{tail}"


def render_transcript(conversation: Conversation, max_chars: int = DEFAULT_MAX_TRANSCRIPT_CHARS) -> str:
    """The compact transcript the model reads, capped at `max_chars` (see `cap_transcript`)."""
    return cap_transcript("\n\n".join(transcript_lines(conversation)), max_chars)


def _answer_hint(spec: FacetSpec) -> str:
    if spec.output_type == "score":
        return f"an integer from {spec.min_value} to {spec.max_value}"
    if spec.output_type == "language":
        return "a two-letter ISO 639-1 code of the USER's language, or \"und\""
    return "a short English text; the summary at most two sentences"


def facet_questions(facets: Sequence[FacetSpec]) -> str:
    """The numbered questions, one per facet, each naming the JSON key its answer goes under."""
    lines = []
    for number, spec in enumerate(facets, start=1):
        clause = f" {spec.privacy_clause.strip()}" if spec.privacy_clause.strip() else ""
        lines.append(f'{number}. "{spec.name}" ({_answer_hint(spec)}): {spec.question}{clause}')
    return "\n".join(lines)


def user_prompt(transcript: str, facets: Sequence[FacetSpec]) -> str:
    """The user message: the transcript in tags, then the questions, then the answer format."""
    keys = ", ".join(f'"{spec.name}"' for spec in facets)
    return (
        "Here is a conversation between a user and an AI assistant:\n\n"
        f"<conversation>\n{transcript}\n</conversation>\n\n"
        "Answer the following questions about this conversation.\n"
        f"{facet_questions(facets)}\n\n"
        f"Reply with one JSON object with exactly the keys {keys}. Remember: no personal data and "
        "no proper nouns in any answer; text answers in English."
    )


def _field(spec: FacetSpec) -> tuple[Any, Any]:
    if spec.output_type == "score":
        return int, Field(ge=spec.min_value, le=spec.max_value, description=spec.question)
    # Language codes are normalised after validation rather than rejected, so a model answering "EN"
    # or "en-US" is not sent round a retry for a formatting detail.
    return str, Field(description=spec.question, max_length=2000)


@lru_cache(maxsize=64)
def _response_model(facets: tuple[FacetSpec, ...]) -> type[BaseModel]:
    fields = {spec.name: _field(spec) for spec in facets}
    return create_model(  # type: ignore[call-overload]
        "FacetAnswers", __config__=ConfigDict(extra="ignore"), **fields
    )


def facet_response_model(facets: Sequence[FacetSpec]) -> type[BaseModel]:
    """The pydantic model of the JSON answer: one field per facet (str, or a bounded int for scores).

    Built once per facet set, so equal facet sets share one class (and one cached JSON schema).
    """
    return _response_model(tuple(facets))
