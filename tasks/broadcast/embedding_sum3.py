"""Three-way broadcast sum of different ranks: tokens[B, S, D] + positions[S, D] + type_bias[D]."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-6, "rtol": 1e-5},
    "shapes": {
        "tiny": {"batch_size": 2, "seq_len": 16, "dim": 64},
        "small": {"batch_size": 8, "seq_len": 512, "dim": 768},
        "large": {"batch_size": 256, "seq_len": 2048, "dim": 4096},
    },
}

batch_size = 8
seq_len = 512
dim = 768


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, tokens: torch.Tensor, positions: torch.Tensor, type_bias: torch.Tensor) -> torch.Tensor:
        return tokens + positions + type_bias


def get_inputs():
    tokens = torch.randn(batch_size, seq_len, dim)
    positions = torch.randn(seq_len, dim)
    type_bias = torch.randn(dim)
    return [tokens, positions, type_bias]


def get_init_inputs():
    return []
