"""Token prices, for the cost of a run and ``--max-cost``.

``PRICES`` holds list prices in USD per million tokens (input, output) as the providers published them
when this table was written (2025); prices change, so every cost kbench reports names the prices it used,
and ``--price IN:OUT`` overrides the table. A model is matched by the longest key its name starts with
(``claude-sonnet-4-5-20250929`` -> ``claude-sonnet-4-5``). Models served elsewhere (``--base-url``) have no
price unless ``--price`` gives one; the in-process vLLM engine costs nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import UsageError

PRICES: dict[str, dict[str, tuple[float, float]]] = {
    "openai": {
        "gpt-4o": (2.50, 10.00),
        "gpt-4o-mini": (0.15, 0.60),
        "gpt-4.1": (2.00, 8.00),
        "gpt-4.1-mini": (0.40, 1.60),
        "gpt-4.1-nano": (0.10, 0.40),
        "gpt-5": (1.25, 10.00),
        "gpt-5-mini": (0.25, 2.00),
        "gpt-5-nano": (0.05, 0.40),
        "o1": (15.00, 60.00),
        "o3": (2.00, 8.00),
        "o3-mini": (1.10, 4.40),
        "o4-mini": (1.10, 4.40),
    },
    "anthropic": {
        "claude-3-5-haiku": (0.80, 4.00),
        "claude-3-5-sonnet": (3.00, 15.00),
        "claude-3-7-sonnet": (3.00, 15.00),
        "claude-sonnet-4": (3.00, 15.00),
        "claude-sonnet-4-5": (3.00, 15.00),
        "claude-haiku-4-5": (1.00, 5.00),
        "claude-opus-4": (15.00, 75.00),
        "claude-opus-4-1": (15.00, 75.00),
        "claude-opus-4-5": (5.00, 25.00),
    },
}


@dataclass(frozen=True)
class Price:
    input_per_m: float
    output_per_m: float
    source: str

    def cost(self, input_tokens: int, output_tokens: int) -> float:
        return (input_tokens * self.input_per_m + output_tokens * self.output_per_m) / 1e6

    def as_dict(self) -> dict[str, object]:
        return {"input_per_m": self.input_per_m, "output_per_m": self.output_per_m, "source": self.source}


def parse_price(text: str) -> Price:
    """``IN:OUT`` in USD per million tokens, e.g. ``3:15``."""
    try:
        a, b = text.split(":")
        price = Price(float(a), float(b), "--price")
    except ValueError:
        raise UsageError(f"--price takes IN:OUT in USD per million tokens (e.g. 3:15), not '{text}'") from None
    if price.input_per_m < 0 or price.output_per_m < 0:
        raise UsageError("--price cannot be negative")
    return price


def price_for(provider: str, model: str, base_url: str | None, override: str | None) -> Price | None:
    """The price of a model's tokens, or None when kbench cannot know it."""
    if override:
        return parse_price(override)
    if provider == "vllm":
        return Price(0.0, 0.0, "local vLLM engine")
    if provider not in PRICES or base_url:  # another server's prices are its own
        return None
    table = PRICES[provider]
    best = max((k for k in table if model == k or model.startswith(k + "-")), key=len, default=None)
    if best is None:
        return None
    return Price(*table[best], source=f"kbench's {provider} list-price table ({best})")


def estimate_tokens(text: str) -> int:
    """A deliberately high estimate of a prompt's tokens (about 3 characters each), for budgeting."""
    return len(text) // 3 + 16
