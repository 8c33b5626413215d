"""The generation stage: a request goes through the response cache, the spend limit, the concurrency
limit and the retry policy to the provider, and comes back as a :class:`Generation` ready to store.

Three outcomes besides an answer: a request the provider refuses (HTTP 400, 413, 422: e.g. a prompt over
the model's context) becomes a failed sample (no kernel, reason ``generation_failed``); a provider that
cannot serve the run at all (bad key, unknown model, retries exhausted) stops the run, resumable; so
does ``--max-cost``, before the request whose worst-case cost would exceed it.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ._paths import cache_dir
from .extract import extract_code, split_reasoning
from .providers import Message, Provider, ProviderError, Request, Response, split_name
from .providers.cache import ResponseCache, request_key
from .providers.pricing import Price, estimate_tokens, price_for
from .providers.retry import RetryPolicy, with_retries
from .schema import Generation, RunSettings


def response_cache_path() -> Path:
    """$KBENCH_RESPONSE_CACHE, else responses.db in kbench's cache folder."""
    override = os.environ.get("KBENCH_RESPONSE_CACHE")
    return Path(override) if override else cache_dir() / "responses.db"


class Generator:
    def __init__(
        self,
        provider: Provider,
        settings: RunSettings,
        spent: float | None,
        notify: Callable[[str], None] = lambda message: None,
        cache: ResponseCache | None = None,
    ) -> None:
        self.provider = provider
        self.settings = settings
        provider_name, model = split_name(settings.model)
        self.price: Price | None = price_for(provider_name, model, settings.base_url, settings.price)
        self.policy = RetryPolicy(attempts=max(1, settings.retries))
        self.slots = asyncio.Semaphore(max(1, settings.concurrency))
        self.spent = spent or 0.0
        self.reserved = 0.0
        self.notify = notify
        self.cache = cache
        if self.cache is None and settings.cache and provider.remote:
            self.cache = ResponseCache(response_cache_path())
        #: why the run stopped early (None while it goes on)
        self.stop_reason: str | None = None
        #: True when the stop is a provider failure (the run ends incomplete, exit 2), not the spend limit
        self.failed = False

    def close(self) -> None:
        if self.cache is not None:
            self.cache.close()

    def _worst_case(self, request: Request) -> float:
        assert self.price is not None
        prompt = sum(estimate_tokens(m.content) for m in request.messages)
        return self.price.cost(prompt, request.sampling.max_tokens)

    def _stop(self, reason: str, failed: bool = False) -> None:
        if self.stop_reason is None:
            self.stop_reason = reason
            self.failed = failed
            self.notify(reason)

    async def generate(self, request: Request) -> Generation | None:
        """The stored form of the model's answer to ``request``; None when the run has stopped."""
        if self.stop_reason is not None:
            return None
        key = request_key(self.provider.cache_identity(), request) if self.cache is not None else None
        if self.cache is not None and key is not None:
            hit = self.cache.get(key)
            if hit is not None:
                usage = {**hit.usage, "cached": True, "cost_usd": 0.0}
                return self._generation(request, hit, usage, attempts=0)
        limit = self.settings.max_cost
        reserve = 0.0
        if limit is not None and self.provider.remote:
            if self.price is None:  # the CLI refuses this combination; a resumed run may still meet it
                self._stop("--max-cost needs a price for this model: give --price IN:OUT", failed=True)
                return None
            reserve = self._worst_case(request)
            if self.spent + self.reserved + reserve > limit:
                self._stop(
                    f"--max-cost ${limit:.2f}: the run has spent ${self.spent:.4f} (${self.reserved:.4f} more in "
                    f"flight) and the next request could cost up to ${reserve:.4f}; stopped cleanly (raise the "
                    f"limit with `kbench run --resume {self.settings.run_id} --max-cost DOLLARS`)"
                )
                return None
        self.reserved += reserve

        def on_retry(attempt: int, exc: ProviderError, wait: float) -> None:
            self.notify(
                f"{request.task.id} sample {request.sample} turn {request.turn}: {exc} "
                f"(attempt {attempt}; retrying in {wait:.1f}s)"
            )

        try:
            async with self.slots:
                if self.stop_reason is not None:
                    return None
                response, attempts = await with_retries(lambda: self.provider.generate(request), self.policy, on_retry)
        except ProviderError as exc:
            if exc.kind == "request":  # this prompt only: a failed sample, never a crash
                return self._failed(request, str(exc))
            self._stop(f"the provider cannot serve this run: {exc}", failed=True)
            return None
        finally:
            self.reserved -= reserve
        usage = dict(response.usage)
        cost: float | None = None if self.provider.remote else 0.0  # a remote model without a price: unknown
        if self.price is not None:
            cost = self.price.cost(int(usage.get("input_tokens") or 0), int(usage.get("output_tokens") or 0))
            self.spent += cost
        usage.update(cost_usd=cost, cached=False, attempts=attempts)
        if self.price is not None:
            usage["price"] = self.price.as_dict()
        if self.cache is not None and key is not None:
            self.cache.put(key, response)
        return self._generation(request, response, usage, attempts)

    def _generation(self, request: Request, response: Response, usage: dict[str, Any], attempts: int) -> Generation:
        _, think = split_reasoning(response.text)
        reasoning = response.reasoning
        if think:
            reasoning = f"{reasoning}\n\n{think}" if reasoning else think
        return Generation(
            task_id=request.task.id,
            sample=request.sample,
            turn=request.turn,
            prompt=request.prompt,
            response=response.text,
            reasoning=reasoning,
            kernel=extract_code(response.text),
            usage=usage,
            meta={
                "seed": request.seed,
                "model": response.model,
                "finish_reason": response.finish_reason,
            },
        )

    def _failed(self, request: Request, error: str) -> Generation:
        self.notify(f"{request.task.id} sample {request.sample} turn {request.turn}: refused: {error}")
        return Generation(
            task_id=request.task.id,
            sample=request.sample,
            turn=request.turn,
            prompt=request.prompt,
            response="",
            kernel=None,
            usage={"cost_usd": 0.0, "cached": False},
            meta={"seed": request.seed, "error": error},
        )


def exchange(gen: Generation) -> list[Message]:
    """One turn as it stands in the conversation of the next: kbench's message, then the model's answer
    (its reasoning left out). Runs build later turns from it, exports record the same conversation."""
    answer, _ = split_reasoning(gen.response)
    return [
        Message(role="user", content=gen.prompt),
        Message(role="assistant", content=answer.strip() or "(no answer)"),
    ]
