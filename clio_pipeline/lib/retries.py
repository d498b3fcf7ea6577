"""Retries of the steps that call an LLM server, and of nothing else.

An LLM server fails transiently (overload, restarts, rate limits beyond what the client's own retries
absorb); a second attempt a minute later usually succeeds, and the response cache makes it cheap:
answers already received are not asked for again. Every other step is deterministic on its inputs,
so a retry would only fail again later: those steps get no retry policy, and the LLM-bound steps
skip theirs when the `llm` resource is offline (`retry_only_when_calling_an_llm`).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

from dagster import Backoff, Failure, Jitter, RetryPolicy

# 30 s, 60 s, 120 s (each ± up to the delay): enough for a restarted server or a passing overload.
LLM_RETRY_POLICY = RetryPolicy(max_retries=3, delay=30, backoff=Backoff.EXPONENTIAL, jitter=Jitter.PLUS_MINUS)


def _calls_an_llm(fn: Callable, args: tuple, kwargs: dict) -> bool:
    llm = inspect.signature(fn).bind_partial(*args, **kwargs).arguments.get("llm")
    try:
        return llm is not None and llm.calls_a_server()
    except ValueError:  # an unknown backend is a configuration error: retrying cannot fix it
        return False


def _final(fn: Callable, args: tuple, kwargs: dict, exc: Exception) -> Failure | None:
    """A Failure that allows no retry, or None where a retry can help (an LLM call) or was decided."""
    if isinstance(exc, Failure) or _calls_an_llm(fn, args, kwargs):
        return None
    return Failure(description=f"{type(exc).__name__}: {exc}", allow_retries=False)


def retry_only_when_calling_an_llm(fn: Callable) -> Callable:
    """Decorate an asset function (under `@asset(retry_policy=LLM_RETRY_POLICY)`) whose `llm` resource
    may be offline: with the offline backend a failure is final, because it would recur."""

    if inspect.isgeneratorfunction(fn):
        @functools.wraps(fn)
        def generator(*args: Any, **kwargs: Any):
            try:
                yield from fn(*args, **kwargs)
            except Exception as exc:
                final = _final(fn, args, kwargs, exc)
                if final is None:
                    raise
                raise final from exc
        return generator

    @functools.wraps(fn)
    def function(*args: Any, **kwargs: Any):
        try:
            return fn(*args, **kwargs)
        except Exception as exc:
            final = _final(fn, args, kwargs, exc)
            if final is None:
                raise
            raise final from exc
    return function
