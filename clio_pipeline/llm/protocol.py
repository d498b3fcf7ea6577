"""The contract between LLM-backed steps (facets, naming, hierarchy, auditor) and the LLM client.

Steps build `ChatRequest`s and hand a batch to a `JsonChat`; the client owns concurrency, retries,
the response cache and the token ledger. A step never talks HTTP itself, so every step is tested
against the same client and the same local chat-completions server.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Generic, Protocol, TypeVar

from pydantic import BaseModel, ConfigDict

T = TypeVar("T", bound=BaseModel)


class ChatRequest(BaseModel, Generic[T]):
    """One structured-output chat call.

    `cache_key` identifies the answer: equal keys may be served from the response cache. Build it with
    `clio_pipeline.llm.protocol.cache_key` from the model, prompt version, purpose and content hash.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    cache_key: str
    purpose: str  # e.g. "facet:summary", "cluster_name", "hierarchy:propose", "privacy_audit"
    system: str
    user: str
    response_model: type[T]
    max_tokens: int = 512


class ChatResult(BaseModel, Generic[T]):
    """The outcome of one request: a validated answer or a recorded failure, never silence."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    cache_key: str
    purpose: str
    parsed: T | None = None
    error: str | None = None
    cached: bool = False
    attempts: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0

    @property
    def ok(self) -> bool:
        return self.parsed is not None


class JsonChat(Protocol):
    """Anything that answers a batch of structured chat requests (the OpenAI-compatible client)."""

    model: str

    def run_batch(self, requests: Sequence[ChatRequest]) -> list[ChatResult]:
        """Answer every request, in order; failures come back as results with `error` set."""
        ...


def cache_key(model: str, prompt_version: str, purpose: str, content: str) -> str:
    """Stable key over (model, prompt version, purpose, content hash)."""
    import hashlib

    digest = hashlib.sha256(content.encode("utf-8")).hexdigest()
    return hashlib.sha256(f"{model}\x1f{prompt_version}\x1f{purpose}\x1f{digest}".encode()).hexdigest()


def structured_request(
    chat_model: str,
    *,
    prompt_version: str,
    purpose: str,
    system: str,
    user: str,
    response_model: type[T],
    max_tokens: int,
) -> ChatRequest[T]:
    """One request whose cache key covers the model, prompt version, purpose, system and user prompt.

    Every LLM-backed step builds its requests here, so all of them share one cache-key scheme.
    """
    return ChatRequest[response_model](  # type: ignore[valid-type]
        cache_key=cache_key(chat_model, prompt_version, purpose, f"{system}\x1e{user}"),
        purpose=purpose,
        system=system,
        user=user,
        response_model=response_model,
        max_tokens=max_tokens,
    )


def ask_all(
    chat: JsonChat,
    prompts: Sequence[str],
    *,
    prompt_version: str,
    purpose: str,
    system: str,
    response_model: type[T],
    max_tokens: int,
) -> list[ChatResult]:
    """Answer one structured request per prompt through `chat` (cached, ledgered, retried), in order."""
    if not prompts:
        return []
    requests = [
        structured_request(chat.model, prompt_version=prompt_version, purpose=purpose, system=system, user=p,
                           response_model=response_model, max_tokens=max_tokens)
        for p in prompts
    ]
    results = chat.run_batch(requests)
    if len(results) != len(requests):
        raise RuntimeError(f"{purpose}: {len(requests)} requests but {len(results)} results")
    return results
