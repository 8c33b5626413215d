"""Inclusive log-cumulative-sum-exp along the last dimension of a 2-D tensor: out[i, j] = log(sum_{k <= j} exp(x[i, k]))."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 8, "length": 300},
        "small": {"batch_size": 128, "length": 4096},
        "large": {"batch_size": 8192, "length": 32768},
    },
}

batch_size = 128
length = 4096


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.logcumsumexp(x, dim=-1)


def get_inputs():
    return [torch.randn(batch_size, length)]


def get_init_inputs():
    return []
