"""The record of a conversation whose facets could not be extracted, shared by both backends.

A conversation that breaks an extractor (a bug on odd text, a recursion limit, an answer that passed
the schema but not `to_record`) must not stop the day: it gets a `failed` record with placeholder
values that carry no information (summary "" and task "", language "und", concerning_score 1, extra
facets None) and the reason. Downstream stages skip failed records: they are not embedded, so never
clustered, and the facets asset counts them by reason.

Privacy: an exception's message can quote the conversation, so the stored reason names the exception
type only; the facets table promises scrubbed text in every column.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from clio_pipeline.facets.metrics import direct_metrics
from clio_pipeline.types import Conversation, DirectMetrics, FacetRecord

UNDETERMINED_LANGUAGE = "und"
EXTRACTION_ERROR = "extraction error"


def extraction_error(exc: BaseException) -> str:
    """The failure reason for an exception raised while extracting one conversation's facets."""
    return f"{EXTRACTION_ERROR}: {type(exc).__name__}"


def failure_kind(reason: str | None) -> str:
    """The part of a failure reason that is safe to show in run metadata (no error text)."""
    return (reason or "unknown").split(":", 1)[0].strip()


def failed_record(
    conversation: Conversation,
    reason: str,
    *,
    backend: Literal["offline", "openai"],
    model: str,
    prompt_version: str,
    is_heuristic: bool,
    extra_names: Iterable[str] = (),
) -> FacetRecord:
    """A `failed` FacetRecord for `conversation`, with placeholders and `reason`."""
    try:
        metrics = direct_metrics(conversation)
    except Exception:  # the metrics are counts; a transcript that breaks even them gets zeros
        metrics = DirectMetrics(n_turns=0, n_user_messages=0, n_user_chars=0, n_assistant_chars=0, user_char_share=1.0)
    return FacetRecord(
        conversation_id=conversation.conversation_id,
        summary="",
        task="",
        language=UNDETERMINED_LANGUAGE,
        concerning_score=1,
        extra_facets={name: None for name in extra_names},
        metrics=metrics,
        backend=backend,
        model=model,
        prompt_version=prompt_version,
        is_heuristic=is_heuristic,
        failed=True,
        failure_reason=reason,
    )
