"""Outer sum of two vectors: out[i, j] = a[i] + b[j], i.e. a[:, None] + b[None, :]."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-6, "rtol": 1e-6},
    "shapes": {
        "tiny": {"len_a": 48, "len_b": 80},
        "small": {"len_a": 2048, "len_b": 2048},
        "large": {"len_a": 32768, "len_b": 32768},
    },
}

len_a = 2048
len_b = 2048


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        return a[:, None] + b[None, :]


def get_inputs():
    return [torch.randn(len_a), torch.randn(len_b)]


def get_init_inputs():
    return []
