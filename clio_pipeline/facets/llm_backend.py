"""The LLM facet backend: one structured chat call per conversation through a `JsonChat`.

Privacy: every text answer (summary, task, extra text facets) passes the PII scrubber before it is
put in the `FacetRecord`, and the scrubber's counts are kept in `scrub_counts`. The prompt already
asks the model to leave personal data out; the scrubber is the backstop for when it does not.
Language answers are reduced to an ISO 639-1 code and scores are bounded integers, so neither can
carry personal data.

Failures: a conversation whose call failed after the client's retries (invalid answers, HTTP errors,
budget exhausted), or whose request or answer raised while being built or read, still gets a record,
with `failed=True`, `failure_reason` set to the client's error (or the exception type), and
placeholder values that carry no information: summary "" and task "", language "und",
concerning_score 1 (the field's minimum; it is a placeholder, not a verdict), extra facets None.
Downstream stages must skip `failed` records (they have no summary to embed).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from clio_pipeline.facets.failures import UNDETERMINED_LANGUAGE, extraction_error, failed_record
from clio_pipeline.facets.metrics import direct_metrics
from clio_pipeline.facets.prompts import (
    DEFAULT_MAX_TRANSCRIPT_CHARS,
    PROMPT_VERSION,
    SYSTEM_PROMPT,
    facet_response_model,
    render_transcript,
    user_prompt,
)
from clio_pipeline.facets.spec import BUILTIN_FACETS, BUILTIN_NAMES, FacetSpec
from clio_pipeline.llm.protocol import ChatRequest, ChatResult, JsonChat, structured_request
from clio_pipeline.types import Conversation, FacetRecord

BACKEND = "openai"
PURPOSE = "facets"
MAX_TEXT_ANSWER_CHARS = 600  # a summary is at most two sentences; longer answers are cut
_ISO_639_1 = re.compile(r"^[a-z]{2}$")

# Anything returning an object with `.text` and `.counts` (the scrubber's ScrubResult) works.
Scrubber = Callable[[str], Any]


def _default_scrubber() -> Scrubber:
    # Imported on first use so the facet backend does not import the privacy stage at module load.
    from clio_pipeline.privacy.scrubber import scrub

    return scrub


def normalize_language(answer: object) -> str:
    """"EN", "en-US", " pt_BR " -> "en", "pt"; anything that is not a two-letter code -> "und"."""
    code = re.split(r"[-_\s]", str(answer or "").strip().lower(), maxsplit=1)[0]
    return code if _ISO_639_1.match(code) else UNDETERMINED_LANGUAGE


class LLMFacetExtractor:
    """Facets of conversations from an OpenAI-compatible model, privacy-scrubbed.

    `max_transcript_chars` caps the transcript sent per conversation (head and tail kept, see
    `prompts.cap_transcript`); `max_tokens` bounds each answer.
    """

    backend = BACKEND

    def __init__(
        self,
        chat: JsonChat,
        facets: Sequence[FacetSpec] = BUILTIN_FACETS,
        prompt_version: str = PROMPT_VERSION,
        max_transcript_chars: int = DEFAULT_MAX_TRANSCRIPT_CHARS,
        scrubber: Scrubber | None = None,
        max_tokens: int = 600,
    ) -> None:
        missing = BUILTIN_NAMES - {f.name for f in facets}
        if missing:
            raise ValueError(f"the facets must include the built-ins; missing: {sorted(missing)}")
        self.chat = chat
        self.facets = list(facets)
        self.prompt_version = prompt_version
        self.max_transcript_chars = max_transcript_chars
        self.max_tokens = max_tokens
        self.response_model = facet_response_model(self.facets)
        self._scrub = scrubber or _default_scrubber()

    @property
    def model(self) -> str:
        return self.chat.model

    def build_request(self, conversation: Conversation) -> ChatRequest:
        """The chat request for one conversation; its cache key covers model, prompt and content."""
        prompt = user_prompt(render_transcript(conversation, self.max_transcript_chars), self.facets)
        return structured_request(self.chat.model, prompt_version=self.prompt_version, purpose=PURPOSE,
                                  system=SYSTEM_PROMPT, user=prompt, response_model=self.response_model,
                                  max_tokens=self.max_tokens)

    def extract(self, conversations: Sequence[Conversation]) -> list[FacetRecord]:
        """One record per conversation, in order; all calls go out as one batch.

        A conversation whose request or answer raises is a failed record; the others go on.
        """
        records: list[FacetRecord | None] = [None] * len(conversations)
        requests, asked = [], []
        for i, conversation in enumerate(conversations):
            if not any(t.strip() for t in conversation.user_turns()):
                # nothing to describe: no call, same verdict as the offline backend
                records[i] = self._failed(conversation, "no user text")
                continue
            try:
                requests.append(self.build_request(conversation))
                asked.append(i)
            except Exception as exc:
                records[i] = self._failed(conversation, extraction_error(exc))
        answers = self.chat.run_batch(requests) if requests else []
        for i, result in zip(asked, answers, strict=True):
            try:
                records[i] = self.to_record(conversations[i], result)
            except Exception as exc:
                records[i] = self._failed(conversations[i], extraction_error(exc))
        return [r for r in records if r is not None]

    def to_record(self, conversation: Conversation, result: ChatResult) -> FacetRecord:
        """The `FacetRecord` of one answer: scrubbed text, normalised language, bounded scores."""
        if result.parsed is None:
            return self._failed(conversation, result.error or "no answer")
        answers = result.parsed.model_dump()
        scrub_counts: dict[str, int] = {}
        values: dict[str, str | int | None] = {}
        for spec in self.facets:
            value = answers.get(spec.name)
            if spec.output_type == "text":
                values[spec.name] = self._scrubbed_text(value, scrub_counts)
            elif spec.output_type == "language":
                values[spec.name] = normalize_language(value)
            else:
                values[spec.name] = int(value) if value is not None else None
        return FacetRecord(
            conversation_id=conversation.conversation_id,
            summary=str(values["summary"]),
            task=str(values["task"]),
            language=str(values["language"]),
            concerning_score=int(values["concerning_score"] or 1),
            extra_facets={k: v for k, v in values.items() if k not in BUILTIN_NAMES},
            metrics=direct_metrics(conversation),
            backend=BACKEND,
            model=self.chat.model,
            prompt_version=self.prompt_version,
            is_heuristic=False,
            scrub_counts=scrub_counts,
        )

    def _scrubbed_text(self, value: object, scrub_counts: dict[str, int]) -> str:
        text = " ".join(str(value or "").split())[:MAX_TEXT_ANSWER_CHARS]
        if not text:
            return ""
        scrubbed = self._scrub(text)
        for kind, count in scrubbed.counts.items():
            if count:
                scrub_counts[kind] = scrub_counts.get(kind, 0) + int(count)
        return scrubbed.text

    def _failed(self, conversation: Conversation, reason: str) -> FacetRecord:
        return failed_record(
            conversation, reason, backend=BACKEND, model=self.chat.model, prompt_version=self.prompt_version,
            is_heuristic=False, extra_names=[s.name for s in self.facets if s.name not in BUILTIN_NAMES],
        )
