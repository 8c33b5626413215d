"""Clamp from below by a learned per-feature floor: max(x, floor[D]) on a (batch, tokens, D) tensor."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-6, "rtol": 1e-6},
    "shapes": {
        "tiny": {"batch_size": 2, "seq_len": 16, "dim": 64},
        "small": {"batch_size": 8, "seq_len": 256, "dim": 1024},
        "large": {"batch_size": 64, "seq_len": 4096, "dim": 4096},
    },
}

batch_size = 8
seq_len = 256
dim = 1024


class Model(nn.Module):
    def __init__(self, dim: int):
        super().__init__()
        self.floor = nn.Parameter(0.5 * torch.randn(dim))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.clamp_min(x, self.floor)


def get_inputs():
    return [torch.randn(batch_size, seq_len, dim)]


def get_init_inputs():
    return [dim]
