"""Mask attention scores (batch, heads, q, k) with a key-padding mask (batch, 1, 1, k): masked_fill(mask, -10000)."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-6, "rtol": 1e-6},
    "shapes": {
        "tiny": {"batch_size": 2, "heads": 2, "q_len": 16, "k_len": 24},
        "small": {"batch_size": 4, "heads": 8, "q_len": 256, "k_len": 256},
        "large": {"batch_size": 32, "heads": 32, "q_len": 2048, "k_len": 2048},
    },
}

batch_size = 4
heads = 8
q_len = 256
k_len = 256
fill_value = -10000.0


class Model(nn.Module):
    def __init__(self, fill_value: float = -10000.0):
        super().__init__()
        self.fill_value = fill_value

    def forward(self, scores: torch.Tensor, pad_mask: torch.Tensor) -> torch.Tensor:
        return scores.masked_fill(pad_mask, self.fill_value)


def get_inputs():
    scores = torch.randn(batch_size, heads, q_len, k_len)
    # True marks padded keys (about a quarter of them)
    pad_mask = torch.rand(batch_size, 1, 1, k_len) < 0.25
    return [scores, pad_mask]


def get_init_inputs():
    return [fill_value]
