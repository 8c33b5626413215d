"""Fused modulation (adaLN style): (x * scale + shift) * gate for x[B, S, D] and per-sample scale, shift, gate of shape [B, 1, D]."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 2,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-5, "rtol": 1e-5},
    "shapes": {
        "tiny": {"batch_size": 2, "seq_len": 16, "dim": 64},
        "small": {"batch_size": 4, "seq_len": 256, "dim": 1152},
        "large": {"batch_size": 64, "seq_len": 4096, "dim": 3072},
    },
}

batch_size = 4
seq_len = 256
dim = 1152


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor, scale: torch.Tensor, shift: torch.Tensor, gate: torch.Tensor) -> torch.Tensor:
        return (x * scale + shift) * gate


def get_inputs():
    x = torch.randn(batch_size, seq_len, dim)
    scale = torch.randn(batch_size, 1, dim)
    shift = torch.randn(batch_size, 1, dim)
    gate = torch.randn(batch_size, 1, dim)
    return [x, scale, shift, gate]


def get_init_inputs():
    return []
