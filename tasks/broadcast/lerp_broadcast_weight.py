"""Linear interpolation with a per-feature weight: lerp(a, b, w) = a + w[None, None, :] * (b - a) on (batch, seq, dim) tensors."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-5, "rtol": 1e-5},
    "shapes": {
        "tiny": {"batch_size": 2, "seq_len": 16, "dim": 64},
        "small": {"batch_size": 8, "seq_len": 256, "dim": 1024},
        "large": {"batch_size": 64, "seq_len": 2048, "dim": 4096},
    },
}

batch_size = 8
seq_len = 256
dim = 1024


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, a: torch.Tensor, b: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
        return torch.lerp(a, b, w)


def get_inputs():
    a = torch.randn(batch_size, seq_len, dim)
    b = torch.randn(batch_size, seq_len, dim)
    w = torch.rand(dim)
    return [a, b, w]


def get_init_inputs():
    return []
