"""Retries with exponential backoff (full jitter), honouring the server's ``retry-after``."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from .base import ProviderError

T = TypeVar("T")


@dataclass
class RetryPolicy:
    #: attempts in all (the first one included)
    attempts: int = 6
    base_s: float = 1.0
    max_s: float = 60.0
    #: the longest server-requested wait kbench honours; longer ones are capped here
    max_retry_after_s: float = 300.0

    def delay(self, attempt: int, retry_after: float | None) -> float:
        """Seconds before attempt ``attempt + 1`` (``attempt`` counts from 1)."""
        if retry_after is not None:
            return min(retry_after, self.max_retry_after_s)
        return random.uniform(0, min(self.max_s, self.base_s * 2 ** (attempt - 1)))


async def with_retries(
    call: Callable[[], Awaitable[T]],
    policy: RetryPolicy,
    on_retry: Callable[[int, ProviderError, float], None] | None = None,
) -> tuple[T, int]:
    """``(result, attempts)`` of the first successful ``call()``; raises the last ProviderError when a
    non-retryable error comes or the attempts run out (its message then says how many were made)."""
    attempt = 0
    while True:
        attempt += 1
        try:
            return await call(), attempt
        except ProviderError as exc:
            if exc.kind != "retryable" or attempt >= policy.attempts:
                if exc.kind == "retryable":
                    exc.args = (f"{exc.args[0]} (gave up after {attempt} attempts)",)
                raise
            wait = policy.delay(attempt, exc.retry_after)
            if on_retry is not None:
                on_retry(attempt, exc, wait)
            await asyncio.sleep(wait)
