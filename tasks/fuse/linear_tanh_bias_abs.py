"""abs(tanh(Linear(x)) + b): a Linear layer (with bias), tanh, a second learned per-feature bias, then absolute value."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 2,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 4, "in_features": 56, "out_features": 64},
        "small": {"batch_size": 256, "in_features": 1024, "out_features": 1024},
        "large": {"batch_size": 4096, "in_features": 8192, "out_features": 8192},
    },
}

batch_size = 256
in_features = 1024
out_features = 1024


class Model(nn.Module):
    def __init__(self, in_features: int, out_features: int):
        super().__init__()
        self.linear = nn.Linear(in_features, out_features)
        self.bias = nn.Parameter(torch.randn(out_features) * 0.5)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.abs(torch.tanh(self.linear(x)) + self.bias)


def get_inputs():
    return [torch.randn(batch_size, in_features)]


def get_init_inputs():
    return [in_features, out_features]
