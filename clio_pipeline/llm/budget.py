"""A hard cap on LLM spending for one run: a number of HTTP calls and of tokens.

The client asks the budget for permission before every HTTP call (retries included, since each one
is billed) and reports the tokens of every answer. Once either cap is reached no further call is
made; the requests that were not answered come back with `error="budget_exhausted"`.

The token cap is checked before a call and can therefore be overshot by the calls already in
flight (at most `concurrency` answers); the call cap is exact.
"""

from __future__ import annotations

import threading

BUDGET_EXHAUSTED = "budget_exhausted"


class CallBudget:
    """Counts calls and tokens against optional caps; safe to share between threads and batches."""

    def __init__(self, max_calls: int | None = None, max_tokens: int | None = None) -> None:
        if max_calls is not None and max_calls < 0:
            raise ValueError("max_calls must be >= 0")
        if max_tokens is not None and max_tokens < 0:
            raise ValueError("max_tokens must be >= 0")
        self.max_calls = max_calls
        self.max_tokens = max_tokens
        self.calls_made = 0
        self.tokens_used = 0
        self._lock = threading.Lock()

    def try_acquire_call(self) -> bool:
        """Reserve one HTTP call; False (and nothing reserved) when a cap is already reached."""
        with self._lock:
            if self._exhausted_locked():
                return False
            self.calls_made += 1
            return True

    def record_tokens(self, tokens: int) -> None:
        """Account the tokens (prompt + completion) of one answer."""
        with self._lock:
            self.tokens_used += max(0, tokens)

    @property
    def exhausted(self) -> bool:
        with self._lock:
            return self._exhausted_locked()

    def _exhausted_locked(self) -> bool:
        if self.max_calls is not None and self.calls_made >= self.max_calls:
            return True
        return self.max_tokens is not None and self.tokens_used >= self.max_tokens

    def __repr__(self) -> str:
        return (
            f"CallBudget(calls={self.calls_made}/{self.max_calls}, "
            f"tokens={self.tokens_used}/{self.max_tokens})"
        )
