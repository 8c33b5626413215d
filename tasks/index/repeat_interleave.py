"""Repeat each slice of a 3-D tensor 3 times consecutively along dim 1: torch.repeat_interleave(x, 3, dim=1)."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-5, "rtol": 1e-5},
    "shapes": {
        "tiny": {"batch_size": 2, "seq_len": 20, "dim": 32},
        "small": {"batch_size": 16, "seq_len": 512, "dim": 128},
        "large": {"batch_size": 64, "seq_len": 8192, "dim": 1024},
    },
}

batch_size = 16
seq_len = 512
dim = 128
repeats = 3


class Model(nn.Module):
    def __init__(self, repeats: int):
        super().__init__()
        self.repeats = repeats

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.repeat_interleave(x, self.repeats, dim=1)


def get_inputs():
    return [torch.randn(batch_size, seq_len, dim)]


def get_init_inputs():
    return [repeats]
