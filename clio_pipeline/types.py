"""Records exchanged between pipeline stages.

These are plain pydantic models with no Dagster or DuckDB dependency, so that every stage's core can
be unit-tested on its own.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Role = Literal["user", "assistant", "system", "tool"]


class Message(BaseModel):
    """One turn of a conversation."""

    model_config = ConfigDict(extra="forbid")

    role: Role
    content: str


class Conversation(BaseModel):
    """A conversation as stored in the private warehouse (user id already pseudonymized)."""

    conversation_id: str
    user_id: str
    created_at: datetime
    messages: list[Message]
    metadata: dict[str, Any] = Field(default_factory=dict)

    def user_turns(self) -> list[str]:
        return [m.content for m in self.messages if m.role == "user"]


class DirectMetrics(BaseModel):
    """Facets computed directly from the transcript, without any model."""

    n_turns: int
    n_user_messages: int
    n_user_chars: int
    n_assistant_chars: int
    user_char_share: float  # user chars / (user + assistant chars); 1.0 when there is no assistant text


class FacetRecord(BaseModel):
    """One row of the `facets` table: the privacy-preserving description of one conversation.

    Every text field has already been through the PII scrubber when this record is built.
    """

    conversation_id: str
    summary: str
    # The English text that embeddings and cluster names use. The LLM backend's summary is already
    # English; the offline backend keeps the user's language in `summary` and glosses it here.
    summary_en: str | None = None
    task: str
    language: str  # ISO 639-1, or "und" when undetermined
    concerning_score: int = Field(ge=1, le=5)
    extra_facets: dict[str, str | int | float | None] = Field(default_factory=dict)
    metrics: DirectMetrics
    backend: Literal["offline", "openai"]
    model: str
    prompt_version: str
    is_heuristic: bool
    scrub_counts: dict[str, int] = Field(default_factory=dict)
    failed: bool = False
    failure_reason: str | None = None

    @model_validator(mode="after")
    def _english_defaults_to_summary(self) -> FacetRecord:
        if self.summary_en is None:
            self.summary_en = self.summary
        return self
