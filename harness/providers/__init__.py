"""Model providers, one module each behind one interface, chosen by a ``provider/model`` name.

- ``openai/<model>``: the official openai client (any OpenAI-compatible server with ``--base-url``)
- ``anthropic/<model>``: the official anthropic client (``ANTHROPIC_BASE_URL`` honoured)
- ``vllm/<hf-model>``: the vLLM engine in-process (optional extra ``.[vllm]``)
- ``golden``: the shipped exemplar kernels; ``replay:FILE``: recorded responses (``kbench runs export``)
"""

from __future__ import annotations

from ..errors import UsageError
from .base import Message, Provider, ProviderError, Request, Response, Sampling

KNOWN = "openai/MODEL, anthropic/MODEL, vllm/HF_MODEL, golden, replay:FILE"


def split_name(model: str) -> tuple[str, str]:
    """('openai', 'Qwen/QwQ-32B') for 'openai/Qwen/QwQ-32B'."""
    if model == "golden":
        return "golden", ""
    if model.startswith("replay:"):
        return "replay", model.split(":", 1)[1]
    provider, _, rest = model.partition("/")
    return provider, rest


def get(model: str, base_url: str | None = None, concurrency: int = 8, timeout: float = 600.0) -> Provider:
    """The provider for a model name such as ``openai/gpt-4o``, ``golden`` or ``replay:run.jsonl``."""
    provider, rest = split_name(model)
    if provider == "golden":
        from .golden import GoldenProvider

        return GoldenProvider()
    if provider == "replay":
        from .replay import ReplayProvider

        return ReplayProvider(rest)
    if provider == "openai":
        from .openai_chat import OpenAIProvider

        return OpenAIProvider(rest, base_url=base_url, timeout=timeout)
    if provider == "anthropic":
        from .anthropic_messages import AnthropicProvider

        return AnthropicProvider(rest, base_url=base_url, timeout=timeout)
    if provider == "vllm":
        if base_url:
            raise UsageError(
                "vllm/... is the in-process engine; for a `vllm serve` endpoint use openai/MODEL --base-url"
            )
        from .vllm_engine import VLLMProvider

        return VLLMProvider(rest, batch_size=concurrency)
    raise UsageError(f"unknown model provider '{provider}' in '{model}' (known: {KNOWN})")


__all__ = ["Message", "Provider", "ProviderError", "Request", "Response", "Sampling", "get", "split_name"]
