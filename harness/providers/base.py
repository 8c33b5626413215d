"""The provider interface: an async request for one (task, sample, turn), one response back.

A request carries the whole conversation (``messages``: the task prompt, then for later turns the
model's previous answers and kbench's feedback) and the sampling settings. Providers raise
:class:`ProviderError` for a failed request: ``retryable`` ones (rate limits, server errors, time-outs,
dropped connections) are retried by :mod:`harness.providers.retry`; ``fatal`` ones (bad key, unknown
model) stop the run; the rest (a prompt the model refuses, e.g. too long) fail that one sample.
"""

from __future__ import annotations

import os
from typing import Any, Literal

from pydantic import BaseModel, Field

from ..errors import UsageError
from ..schema import Task


class Sampling(BaseModel):
    """The sampling settings of a run (``None``: the provider's default)."""

    temperature: float | None = None
    top_p: float | None = None
    max_tokens: int = 8192
    seed: int | None = None
    #: Anthropic extended thinking: the thinking budget in tokens
    reasoning_budget: int | None = None
    #: OpenAI reasoning models: low | medium | high
    reasoning_effort: str | None = None
    stream: bool = False


class Message(BaseModel):
    role: Literal["user", "assistant"]
    content: str


class Request(BaseModel):
    task: Task
    backend: str
    messages: list[Message]
    sample: int
    turn: int = 0
    sampling: Sampling = Field(default_factory=Sampling)

    @property
    def prompt(self) -> str:
        """The last user message: the task prompt on turn 0, kbench's feedback on later turns."""
        return self.messages[-1].content

    @property
    def seed(self) -> int | None:
        """The seed sent for this sample: ``--seed`` plus the sample index, so K samples differ."""
        base = self.sampling.seed
        return None if base is None else base + self.sample


class Response(BaseModel):
    text: str
    reasoning: str | None = None
    #: input_tokens, output_tokens (and reasoning_tokens where the provider reports them)
    usage: dict[str, Any] = Field(default_factory=dict)
    model: str | None = None
    finish_reason: str | None = None


class ProviderError(Exception):
    """A request that failed; ``kind`` says what to do about it."""

    def __init__(
        self,
        message: str,
        kind: Literal["retryable", "fatal", "request"] = "request",
        status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.kind = kind
        self.status = status
        self.retry_after = retry_after


class Provider:
    #: the provider part of ``provider/model``
    name: str = ""
    #: the model part (what is sent to the API)
    model: str = ""
    #: whether answers cost money and go through the response cache (golden and replay do not)
    remote: bool = False

    def cache_identity(self) -> dict[str, Any]:
        """What, besides the request, decides the answer (provider, model, endpoint); part of the cache key."""
        return {"provider": self.name, "model": self.model}

    async def generate(self, request: Request) -> Response:
        raise NotImplementedError

    async def aclose(self) -> None:
        return None


class HTTPProvider(Provider):
    """A provider behind an HTTP API with an official Python client: the key from ``key_env``, the
    endpoint from ``--base-url``, ``base_env`` or ``official``; a custom endpoint needs no key."""

    remote = True
    official = ""
    key_env = ""
    base_env = ""
    example = ""

    def __init__(self, model: str, base_url: str | None = None) -> None:
        if not model:
            raise UsageError(f"give the model after '{self.name}/', e.g. {self.name}/{self.example}")
        self.model = model
        self.base_url = (base_url or os.environ.get(self.base_env) or self.official).rstrip("/")
        key = os.environ.get(self.key_env)
        if not key:
            if self.base_url == self.official:
                raise UsageError(
                    f"{self.name}/... needs {self.key_env} in the environment (or --base-url for another server)"
                )
            key = "EMPTY"  # local servers ignore it; the clients insist on one
        self.api_key = key

    def cache_identity(self) -> dict[str, Any]:
        return {"provider": self.name, "model": self.model, "base_url": self.base_url}

    def map_error(self, exc: Exception, status_error: type, transient: tuple[type, ...]) -> ProviderError:
        """A client library's exception as a ProviderError: by HTTP status, or retryable when the
        connection failed or timed out."""
        if isinstance(exc, status_error):
            status = int(getattr(exc, "status_code", 0))
            detail = str(getattr(exc, "message", "") or exc)[:500]
            response = getattr(exc, "response", None)
            return ProviderError(
                f"HTTP {status} from {self.base_url}: {detail}",
                kind="retryable" if status == 529 else status_kind(status),  # 529: Anthropic is overloaded
                status=status,
                retry_after=parse_retry_after(getattr(response, "headers", None)),
            )
        if isinstance(exc, transient):
            return ProviderError(f"{type(exc).__name__} talking to {self.base_url}: {exc}", kind="retryable")
        return ProviderError(f"{type(exc).__name__} from {self.base_url}: {exc}", kind="request")


def status_kind(status: int | None) -> Literal["retryable", "fatal", "request"]:
    """What an HTTP status means for kbench: retry it, stop the run, or fail the one sample."""
    if status is None or status in (408, 409, 425, 429) or status >= 500:
        return "retryable"
    if status in (401, 402, 403, 404):
        return "fatal"
    return "request"


def parse_retry_after(headers: Any) -> float | None:
    """Seconds to wait from ``retry-after-ms`` / ``retry-after`` (seconds or an HTTP date), else None."""
    if headers is None:
        return None
    try:
        ms = headers.get("retry-after-ms")
        if ms is not None:
            return max(0.0, float(ms) / 1000.0)
        value = headers.get("retry-after")
    except Exception:
        return None
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    import email.utils
    import time

    try:
        when = email.utils.parsedate_to_datetime(str(value))
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())
