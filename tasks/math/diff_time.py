"""First-order difference along the time axis of a (batch, time, channels) tensor: out[:, t] = x[:, t + 1] - x[:, t] (torch.diff, dim 1)."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-6, "rtol": 1e-5},
    "shapes": {
        "tiny": {"batch_size": 2, "time": 64, "channels": 24},
        "small": {"batch_size": 32, "time": 1024, "channels": 128},
        "large": {"batch_size": 256, "time": 8192, "channels": 512},
    },
}

batch_size = 32
time = 1024
channels = 128


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.diff(x, dim=1)


def get_inputs():
    return [torch.randn(batch_size, time, channels)]


def get_init_inputs():
    return []
