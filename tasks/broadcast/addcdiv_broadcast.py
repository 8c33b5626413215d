"""addcdiv with broadcasting and positive denominators: x[B, C, L] - 0.1 * t1[B, C, L] / t2[C, 1]."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "domain": "positive",
    "tolerance": {"atol": 1e-5, "rtol": 1e-5},
    "shapes": {
        "tiny": {"batch_size": 2, "channels": 8, "length": 128},
        "small": {"batch_size": 16, "channels": 128, "length": 1024},
        "large": {"batch_size": 64, "channels": 1024, "length": 4096},
    },
}

batch_size = 16
channels = 128
length = 1024
value = -0.1


class Model(nn.Module):
    def __init__(self, value: float = -0.1):
        super().__init__()
        self.value = value

    def forward(self, x: torch.Tensor, t1: torch.Tensor, t2: torch.Tensor) -> torch.Tensor:
        return torch.addcdiv(x, t1, t2, value=self.value)


def get_inputs():
    x = torch.randn(batch_size, channels, length)
    t1 = torch.randn(batch_size, channels, length)
    t2 = 0.1 + torch.rand(channels, 1)
    return [x, t1, t2]


def get_init_inputs():
    return [value]
