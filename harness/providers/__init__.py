"""Model providers, one module each, chosen by a ``provider/model`` name.

``golden`` answers with the shipped exemplar kernels; ``replay:FILE`` replays recorded responses.
"""

from __future__ import annotations

from ..errors import UsageError
from .base import Provider, Request, Response


def get(model: str, **options: object) -> Provider:
    """The provider for a model name such as ``golden`` or ``replay:run.jsonl``."""
    if model == "golden":
        from .golden import GoldenProvider

        return GoldenProvider()
    if model.startswith("replay:"):
        from .replay import ReplayProvider

        return ReplayProvider(model.split(":", 1)[1])
    provider = model.split("/", 1)[0]
    raise UsageError(f"unknown model provider '{provider}' in '{model}' (known here: golden, replay:FILE)")


__all__ = ["Provider", "Request", "Response", "get"]
