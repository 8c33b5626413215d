"""Elementwise product of a (B, 1, D) and a (1, S, D) tensor, broadcast to (B, S, D)."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "MultiKernelBench",
    "mirrors": "MultiKernelBench/broadcast/elmentwise_mul_broadcast",
    "tolerance": {"atol": 1e-6, "rtol": 1e-6},
    "shapes": {
        "tiny": {"batch_size": 4, "seq_len": 4, "dim": 256},
        "small": {"batch_size": 64, "seq_len": 64, "dim": 1024},
        "large": {"batch_size": 512, "seq_len": 512, "dim": 2048},
    },
}

batch_size = 64
seq_len = 64
dim = 1024


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        return a * b


def get_inputs():
    return [torch.randn(batch_size, 1, dim), torch.randn(1, seq_len, dim)]


def get_init_inputs():
    return []
