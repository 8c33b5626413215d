"""``anthropic/<model>``: the official ``anthropic`` client on the Messages API.

The key comes from ``ANTHROPIC_API_KEY``; ``ANTHROPIC_BASE_URL`` (or ``--base-url``) points it elsewhere.
``--reasoning-budget N`` turns on extended thinking with a budget of N tokens; the thinking blocks are
stored as the sample's reasoning. Requests stream when ``--stream`` is given and whenever the client says
a non-streamed request could outlive its time limit (large ``--max-tokens``).
"""

from __future__ import annotations

from typing import Any

from ..errors import UsageError
from .base import HTTPProvider, ProviderError, Request, Response

OFFICIAL = "https://api.anthropic.com"


class AnthropicProvider(HTTPProvider):
    name = "anthropic"
    official = OFFICIAL
    key_env = "ANTHROPIC_API_KEY"
    base_env = "ANTHROPIC_BASE_URL"
    example = "claude-sonnet-4-5"

    def __init__(self, model: str, base_url: str | None = None, timeout: float = 600.0) -> None:
        try:
            import anthropic
        except ImportError:
            raise UsageError("anthropic/... needs the anthropic package: pip install anthropic") from None
        super().__init__(model, base_url)
        self._anthropic = anthropic
        self.client = anthropic.AsyncAnthropic(
            api_key=self.api_key, base_url=self.base_url, max_retries=0, timeout=timeout
        )

    def _params(self, request: Request) -> dict[str, Any]:
        s = request.sampling
        params: dict[str, Any] = {
            "model": self.model,
            "max_tokens": s.max_tokens,
            "messages": [m.model_dump() for m in request.messages],
        }
        extra: dict[str, Any] = {}
        if s.reasoning_budget:
            if s.reasoning_budget >= s.max_tokens:
                raise UsageError(
                    f"--reasoning-budget {s.reasoning_budget} must be below --max-tokens {s.max_tokens} "
                    "(the thinking budget is part of the output tokens)"
                )
            params["thinking"] = {"type": "enabled", "budget_tokens": s.reasoning_budget}
        else:  # sampling settings are not accepted together with extended thinking
            if s.temperature is not None:
                extra["temperature"] = s.temperature
            if s.top_p is not None:
                extra["top_p"] = s.top_p
        if extra:  # the client no longer declares them; older models still take them
            params["extra_body"] = extra
        return params

    def _error(self, exc: Exception) -> ProviderError:
        a = self._anthropic
        return self.map_error(exc, a.APIStatusError, (a.APITimeoutError, a.APIConnectionError))

    async def generate(self, request: Request) -> Response:
        params = self._params(request)
        try:
            if request.sampling.stream:
                message = await self._stream(params)
            else:
                try:
                    message = await self.client.messages.create(**params)
                except ValueError as exc:  # the client refuses a long non-streamed request
                    if "Streaming is required" not in str(exc):
                        raise
                    message = await self._stream(params)
        except self._anthropic.AnthropicError as exc:
            raise self._error(exc) from None
        text: list[str] = []
        thought: list[str] = []
        for block in message.content:
            kind = getattr(block, "type", "")
            if kind == "text":
                text.append(block.text)
            elif kind == "thinking":
                thought.append(block.thinking)
            elif kind == "redacted_thinking":
                thought.append("[redacted thinking]")
        usage: dict[str, Any] = {}
        if message.usage is not None:
            usage = {"input_tokens": message.usage.input_tokens, "output_tokens": message.usage.output_tokens}
        return Response(
            text="".join(text),
            reasoning="\n\n".join(thought) or None,
            usage=usage,
            model=message.model,
            finish_reason=message.stop_reason,
        )

    async def _stream(self, params: dict[str, Any]) -> Any:
        async with self.client.messages.stream(**params) as stream:
            return await stream.get_final_message()

    async def aclose(self) -> None:
        await self.client.close()
