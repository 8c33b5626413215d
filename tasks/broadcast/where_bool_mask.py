"""Select between two (batch, seq, dim) tensors with a boolean mask of shape (1, seq, 1): where(cond, x, y)."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "MultiKernelBench",
    "mirrors": "MultiKernelBench/broadcast/where_broadcast",
    "tolerance": {"atol": 1e-6, "rtol": 1e-6},
    "shapes": {
        "tiny": {"batch_size": 2, "seq_len": 24, "dim": 32},
        "small": {"batch_size": 64, "seq_len": 512, "dim": 64},
        "large": {"batch_size": 256, "seq_len": 4096, "dim": 256},
    },
}

batch_size = 64
seq_len = 512
dim = 64


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, cond: torch.Tensor, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        return torch.where(cond, x, y)


def get_inputs():
    cond = torch.randint(0, 2, (1, seq_len, 1), dtype=torch.bool)
    x = torch.randn(batch_size, seq_len, dim)
    y = torch.randn(batch_size, seq_len, dim)
    return [cond, x, y]


def get_init_inputs():
    return []
