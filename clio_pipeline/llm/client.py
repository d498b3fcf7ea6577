"""`OpenAIJsonChat`: the OpenAI-compatible client behind `JsonChat.run_batch`.

One batch goes through four steps:
1. look every cache key up in the response cache (one short read) and answer the hits;
2. send the misses (each distinct key once) with at most `concurrency` requests in flight;
3. store the new valid answers in the cache (one short write);
4. account every result in the ledger.

Retries are ours, not the `openai` package's (its `max_retries` is 0), so that every HTTP call passes
the budget and is counted: 429, 408/409, 5xx, timeouts and connection errors are retried up to
`max_retries` times with exponential backoff and jitter, honouring Retry-After; a 429's Retry-After
also pauses the other workers, since the whole client is being throttled. An answer that is not valid
JSON for the response model is retried up to `max_invalid_retries` times with the validation error
fed back to the model; then the request comes back with `error` set. Nothing is dropped silently.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import ssl
import time
from collections.abc import Coroutine, Sequence
from concurrent.futures import ThreadPoolExecutor
from email.utils import parsedate_to_datetime
from typing import Any

import openai
from pydantic import BaseModel, ValidationError

from clio_pipeline.llm.budget import BUDGET_EXHAUSTED, CallBudget
from clio_pipeline.llm.cache import CacheRow, ResponseCache
from clio_pipeline.llm.ledger import Ledger
from clio_pipeline.llm.parsing import json_instruction, parse_json_answer
from clio_pipeline.llm.protocol import ChatRequest, ChatResult

_log = logging.getLogger(__name__)
_RETRYABLE_STATUS = {408, 409, 429}

# The HTTP connection pool scans all of its connections for every request it assigns, so one pool of
# 64 connections spends more CPU on bookkeeping than on HTTP; several small pools keep the scan short.
_CONNECTIONS_PER_CLIENT = 8


def _retry_after_s(exc: openai.APIStatusError) -> float | None:
    """Seconds asked for by `retry-after-ms` or `Retry-After` (seconds or an HTTP date), if any."""
    headers = exc.response.headers
    try:
        if headers.get("retry-after-ms"):
            return float(headers["retry-after-ms"]) / 1000
        value = headers.get("retry-after")
        if not value:
            return None
        try:
            return float(value)
        except ValueError:
            return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


def _default_ssl_context() -> ssl.SSLContext:
    """The CA bundle the HTTP stack would load by default (certifi's), else the system's."""
    try:
        import certifi

        return ssl.create_default_context(cafile=certifi.where())
    except ImportError:
        return ssl.create_default_context()


def _run_in_fresh_loop(coroutine: Coroutine[Any, Any, list[ChatResult]]) -> list[ChatResult]:
    """Run on a new event loop: uvloop's when installed (it ships with the Dagster webserver), since
    its socket path costs less CPU per request; the standard loop otherwise."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coroutine)
    loop = uvloop.new_event_loop()  # asyncio.Runner(loop_factory=...) would need Python 3.11
    try:
        return loop.run_until_complete(coroutine)
    finally:
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.close()


def _estimate_tokens(text: str) -> int:
    return max(1, len(text) // 4)


class OpenAIJsonChat:
    """Structured-output chat over any OpenAI-compatible server (OpenAI, vLLM, Ollama, llama.cpp)."""

    def __init__(
        self,
        base_url: str | None,
        api_key: str,
        model: str,
        concurrency: int = 16,
        timeout_s: float = 60.0,
        max_retries: int = 4,
        budget: CallBudget | None = None,
        cache: ResponseCache | None = None,
        ledger: Ledger | None = None,
        *,
        max_invalid_retries: int = 2,
        json_mode: bool = True,
        temperature: float = 0.0,
        backoff_base_s: float = 0.5,
        backoff_max_s: float = 30.0,
        prompt_version: str | None = None,
    ) -> None:
        if concurrency < 1:
            raise ValueError("concurrency must be >= 1")
        self.base_url = base_url or None  # "" (unset setting) means the official OpenAI endpoint
        self.api_key = api_key or "not-needed"  # local servers ignore it, the openai package requires one
        self.model = model
        self.concurrency = concurrency
        self.timeout_s = timeout_s
        self.max_retries = max_retries
        self.max_invalid_retries = max_invalid_retries
        self.budget = budget
        self.cache = cache
        self.ledger = ledger
        self.json_mode = json_mode
        self.temperature = temperature
        self.backoff_base_s = backoff_base_s
        self.backoff_max_s = backoff_max_s
        self.prompt_version = prompt_version  # only stored next to cached answers, for inspection
        self._paused_until = 0.0  # monotonic time before which no request is sent (after a 429)
        self._ssl_context: ssl.SSLContext | None = None

    # ----------------------------------------------------------------------------------- batch API
    def run_batch(self, requests: Sequence[ChatRequest]) -> list[ChatResult]:
        """Answer every request, in order. Callable from sync code, even inside a running event loop."""
        requests = list(requests)
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return _run_in_fresh_loop(self.arun_batch(requests))
        # A loop is already running in this thread (notebook, async caller): run ours in a worker thread.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="clio-llm") as pool:
            return pool.submit(_run_in_fresh_loop, self.arun_batch(requests)).result()

    async def arun_batch(self, requests: Sequence[ChatRequest]) -> list[ChatResult]:
        """The async form of `run_batch`."""
        requests = list(requests)
        results: list[ChatResult | None] = [None] * len(requests)

        hits = self.cache.get_many([r.cache_key for r in requests]) if self.cache and requests else {}
        first_index: dict[str, int] = {}
        to_send: list[int] = []
        for i, request in enumerate(requests):
            if request.cache_key in hits:
                parsed = self._validate_cached(request, hits[request.cache_key])
                if parsed is not None:
                    results[i] = ChatResult(cache_key=request.cache_key, purpose=request.purpose,
                                            parsed=parsed, cached=True)
                    continue
            if request.cache_key not in first_index:  # identical requests in one batch: one call
                first_index[request.cache_key] = i
                to_send.append(i)

        if to_send:
            semaphore = asyncio.Semaphore(self.concurrency)
            in_flight = min(self.concurrency, len(to_send))
            clients = [self._open_client() for _ in range(-(-in_flight // _CONNECTIONS_PER_CLIENT))]
            try:
                answered = await asyncio.gather(
                    *(
                        self._call_guarded(clients[n % len(clients)], semaphore, requests[i])
                        for n, i in enumerate(to_send)
                    )
                )
            finally:
                for client in clients:
                    await client.close()
            for i, result in zip(to_send, answered, strict=True):
                results[i] = result

        for i, request in enumerate(requests):
            if results[i] is None:  # a duplicate key: share the answer of its first occurrence
                original = results[first_index[request.cache_key]]
                assert original is not None
                results[i] = ChatResult(cache_key=request.cache_key, purpose=request.purpose,
                                        parsed=original.parsed, error=original.error, cached=original.ok)

        final = [r for r in results if r is not None]
        if self.cache is not None:
            new_rows = [
                CacheRow(r.cache_key, self.model, r.purpose, r.parsed.model_dump_json(), self.prompt_version)
                for r in (results[i] for i in to_send)
                if r is not None and r.parsed is not None
            ]
            if new_rows:
                try:
                    self.cache.put_many(new_rows)
                except Exception:  # the answers are paid for and valid: return them even if caching fails
                    _log.warning("could not store %d answers in the response cache", len(new_rows), exc_info=True)
        if self.ledger is not None:
            for result in final:
                self.ledger.record(result, self.model)
        return final

    # ---------------------------------------------------------------------------------- internals
    def _open_client(self) -> openai.AsyncOpenAI:
        # New clients per batch: a connection pool belongs to the event loop that runs the batch. They
        # share one TLS context, since loading the CA bundle costs ~60 ms of CPU per client.
        if self._ssl_context is None:
            self._ssl_context = _default_ssl_context()
        http_client = openai.DefaultAsyncHttpxClient(verify=self._ssl_context, timeout=self.timeout_s)
        return openai.AsyncOpenAI(
            base_url=self.base_url, api_key=self.api_key, timeout=self.timeout_s, max_retries=0,
            http_client=http_client,
        )

    @staticmethod
    def _validate_cached(request: ChatRequest, response_json: str) -> BaseModel | None:
        try:
            return request.response_model.model_validate_json(response_json)
        except ValidationError:
            return None  # the response model changed since the answer was stored: ask again

    def _backoff_s(self, failures: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return min(retry_after, self.backoff_max_s) * random.uniform(1.0, 1.1)
        ceiling = min(self.backoff_max_s, self.backoff_base_s * 2 ** (failures - 1))
        return ceiling / 2 + random.uniform(0, ceiling / 2)  # "equal jitter": never near zero, never in step

    async def _call_guarded(self, client: Any, semaphore: asyncio.Semaphore, request: ChatRequest) -> ChatResult:
        try:
            async with semaphore:
                return await self._call(client, request)
        except Exception as exc:  # a bug or an unexpected server must not lose the request
            return ChatResult(cache_key=request.cache_key, purpose=request.purpose,
                              error=f"unexpected: {type(exc).__name__}: {exc}")

    async def _call(self, client: Any, request: ChatRequest) -> ChatResult:
        result = ChatResult(cache_key=request.cache_key, purpose=request.purpose)
        messages: list[dict[str, str]] = [
            {"role": "system", "content": f"{request.system}\n\n{json_instruction(request.response_model)}"},
            {"role": "user", "content": request.user},
        ]
        transport_failures = invalid_answers = 0
        while True:
            wait = self._paused_until - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            if self.budget is not None and not self.budget.try_acquire_call():
                result.error = BUDGET_EXHAUSTED
                return result
            result.attempts += 1
            try:
                # `post` with plain dicts both ways skips the package's typed-params transform and typed
                # response construction (~2 ms of CPU per request together, more than all our own work);
                # the HTTP call, auth and error mapping are the same as `chat.completions.create`.
                body = self._create_kwargs(request, messages)
                response = await client.post("/chat/completions", cast_to=dict, body=body)
            except openai.APIStatusError as exc:
                if exc.status_code == 400 and "response_format" in body and "response_format" in str(exc):
                    self.json_mode = False  # the server lacks JSON mode; the prompt still asks for JSON
                    continue
                if exc.status_code not in _RETRYABLE_STATUS and exc.status_code < 500:
                    result.error = f"http_{exc.status_code}: {str(exc)[:300]}"
                    return result
                transport_failures += 1
                if transport_failures > self.max_retries:
                    result.error = f"http_{exc.status_code} after {result.attempts} attempts"
                    return result
                retry_after = _retry_after_s(exc)
                delay = self._backoff_s(transport_failures, retry_after)
                if exc.status_code == 429 and retry_after is not None:
                    self._paused_until = max(self._paused_until, time.monotonic() + delay)
                await asyncio.sleep(delay)
                continue
            except openai.APIConnectionError as exc:  # includes APITimeoutError
                transport_failures += 1
                if transport_failures > self.max_retries:
                    kind = "timeout" if isinstance(exc, openai.APITimeoutError) else "connection_error"
                    result.error = f"{kind} after {result.attempts} attempts"
                    return result
                await asyncio.sleep(self._backoff_s(transport_failures, None))
                continue

            content, finish_reason = self._account(result, response, messages)
            try:
                if finish_reason == "length":
                    raise ValueError("answer cut off at max_tokens")
                result.parsed = parse_json_answer(content, request.response_model)
                return result
            except (ValueError, ValidationError) as exc:
                invalid_answers += 1
                if invalid_answers > self.max_invalid_retries:
                    result.error = f"invalid_response after {invalid_answers} answers: {str(exc)[:300]}"
                    return result
                # Show the model its answer and the error once; later retries replace this exchange.
                messages = [*messages[:2], {"role": "assistant", "content": content[:2000]},
                            {"role": "user", "content": f"That answer was not valid ({str(exc)[:500]}). "
                                                        "Reply again with only the corrected JSON object."}]

    def _create_kwargs(self, request: ChatRequest, messages: list[dict[str, str]]) -> dict[str, Any]:
        kwargs: dict[str, Any] = {
            "model": self.model,
            "messages": messages,
            "max_tokens": request.max_tokens,
            "temperature": self.temperature,
        }
        if self.json_mode:
            kwargs["response_format"] = {"type": "json_object"}
        return kwargs

    def _account(self, result: ChatResult, response: Any, messages: list[dict[str, str]]) -> tuple[str, str]:
        """Add the answer's tokens to the result and the budget; return (content, finish_reason)."""
        if not isinstance(response, dict):  # e.g. a proxy answering text/html with status 200
            raise TypeError(f"expected a chat.completion JSON object, got {type(response).__name__}")
        choices = response.get("choices") or [{}]
        choice = choices[0] if isinstance(choices[0], dict) else {}
        content = (choice.get("message") or {}).get("content") or ""
        usage = response.get("usage")
        if isinstance(usage, dict):
            prompt_tokens = int(usage.get("prompt_tokens") or 0)
            completion_tokens = int(usage.get("completion_tokens") or 0)
        else:  # some local servers omit usage; estimate so the token budget still bites
            prompt_tokens = _estimate_tokens(json.dumps(messages))
            completion_tokens = _estimate_tokens(content)
        result.prompt_tokens += prompt_tokens
        result.completion_tokens += completion_tokens
        if self.budget is not None:
            self.budget.record_tokens(prompt_tokens + completion_tokens)
        return str(content), str(choice.get("finish_reason") or "")
