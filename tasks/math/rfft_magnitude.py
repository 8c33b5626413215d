"""Magnitude spectrum of real signals: |rfft(x)| along the last dimension of a (batch, 1024) tensor, giving (batch, 513)."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 4, "n_fft": 256},
        "small": {"batch_size": 1024, "n_fft": 1024},
        "large": {"batch_size": 262144, "n_fft": 1024},
    },
}

batch_size = 1024
n_fft = 1024


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.fft.rfft(x, dim=-1).abs()


def get_inputs():
    return [torch.randn(batch_size, n_fft)]


def get_init_inputs():
    return []
