"""SwiGLU on a packed input: split the last dimension of (batch, tokens, 2*hidden) into (a, b) halves, return silu(a) * b."""

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 2,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-5, "rtol": 1e-5},
    "shapes": {
        "tiny": {"batch_size": 2, "seq_len": 8, "hidden": 128},
        "small": {"batch_size": 4, "seq_len": 512, "hidden": 1376},
        "large": {"batch_size": 16, "seq_len": 4096, "hidden": 14336},
    },
}

batch_size = 4
seq_len = 512
hidden = 1376


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        a, b = x.chunk(2, dim=-1)
        return F.silu(a) * b


def get_inputs():
    return [torch.randn(batch_size, seq_len, 2 * hidden)]


def get_init_inputs():
    return []
