"""``openai/<model>``: the official ``openai`` client on the Chat Completions API.

Any OpenAI-compatible server works through ``--base-url`` (or ``OPENAI_BASE_URL``): ``vllm serve``,
SGLang, llama.cpp's server, DeepSeek, Together. The key comes from ``OPENAI_API_KEY``; a custom endpoint
without one gets a placeholder (local servers ignore it). Reasoning is read from the ``reasoning_content``
or ``reasoning`` field that such servers add to each message (and to each streamed delta).
"""

from __future__ import annotations

from typing import Any

from ..errors import UsageError
from .base import HTTPProvider, ProviderError, Request, Response

OFFICIAL = "https://api.openai.com/v1"


def _reasoning_of(obj: Any) -> str | None:
    for field in ("reasoning_content", "reasoning"):
        value = getattr(obj, field, None)
        if value is None and getattr(obj, "model_extra", None):
            value = obj.model_extra.get(field)
        if isinstance(value, str) and value:
            return value
    return None


class OpenAIProvider(HTTPProvider):
    name = "openai"
    official = OFFICIAL
    key_env = "OPENAI_API_KEY"
    base_env = "OPENAI_BASE_URL"
    example = "gpt-4o or openai/Qwen/QwQ-32B"

    def __init__(self, model: str, base_url: str | None = None, timeout: float = 600.0) -> None:
        try:
            import openai
        except ImportError:  # a core dependency, but a broken environment deserves a clear message
            raise UsageError("openai/... needs the openai package: pip install openai") from None
        super().__init__(model, base_url)
        self._openai = openai
        self.client = openai.AsyncOpenAI(api_key=self.api_key, base_url=self.base_url, max_retries=0, timeout=timeout)

    def _params(self, request: Request) -> dict[str, Any]:
        s = request.sampling
        params: dict[str, Any] = {
            "model": self.model,
            "messages": [m.model_dump() for m in request.messages],
        }
        # api.openai.com's reasoning models refuse max_tokens; compatible servers all take it
        params["max_completion_tokens" if self.base_url == OFFICIAL else "max_tokens"] = s.max_tokens
        if s.temperature is not None:
            params["temperature"] = s.temperature
        if s.top_p is not None:
            params["top_p"] = s.top_p
        if request.seed is not None:
            params["seed"] = request.seed
        if s.reasoning_effort:
            params["reasoning_effort"] = s.reasoning_effort
        return params

    def _error(self, exc: Exception) -> ProviderError:
        o = self._openai
        return self.map_error(exc, o.APIStatusError, (o.APITimeoutError, o.APIConnectionError))

    async def generate(self, request: Request) -> Response:
        params = self._params(request)
        try:
            if request.sampling.stream:
                return await self._stream(params)
            resp = await self.client.chat.completions.create(**params)
        except self._openai.OpenAIError as exc:
            raise self._error(exc) from None
        if not resp.choices:
            raise ProviderError(f"{self.base_url} answered with no choices", kind="retryable")
        choice = resp.choices[0]
        usage: dict[str, Any] = {}
        if resp.usage is not None:
            usage = {"input_tokens": resp.usage.prompt_tokens, "output_tokens": resp.usage.completion_tokens}
            details = getattr(resp.usage, "completion_tokens_details", None)
            if details is not None and getattr(details, "reasoning_tokens", None):
                usage["reasoning_tokens"] = details.reasoning_tokens
        return Response(
            text=choice.message.content or "",
            reasoning=_reasoning_of(choice.message),
            usage=usage,
            model=resp.model,
            finish_reason=choice.finish_reason,
        )

    async def _stream(self, params: dict[str, Any]) -> Response:
        text: list[str] = []
        thought: list[str] = []
        usage: dict[str, Any] = {}
        finish = None
        model = None
        stream = await self.client.chat.completions.create(
            **params, stream=True, stream_options={"include_usage": True}
        )
        async for chunk in stream:
            model = chunk.model or model
            if chunk.usage is not None:
                usage = {"input_tokens": chunk.usage.prompt_tokens, "output_tokens": chunk.usage.completion_tokens}
            for choice in chunk.choices or []:
                if choice.index != 0:
                    continue
                if choice.delta is not None:
                    if choice.delta.content:
                        text.append(choice.delta.content)
                    piece = _reasoning_of(choice.delta)
                    if piece:
                        thought.append(piece)
                finish = choice.finish_reason or finish
        if finish is None:
            raise ProviderError(f"the stream from {self.base_url} ended before the answer did", kind="retryable")
        return Response(
            text="".join(text), reasoning="".join(thought) or None, usage=usage, model=model, finish_reason=finish
        )

    async def aclose(self) -> None:
        await self.client.close()
