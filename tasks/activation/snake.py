"""Snake activation with a learned per-channel frequency: x + sin(alpha[c] * x)^2 / alpha[c], on a (batch, channels, time) signal.

Snake (Ziyin et al., 2020; used in BigVGAN / DAC audio decoders) adds a periodic component to the identity so
that a network can extrapolate periodic signals; alpha is a positive learned frequency per channel.
"""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-5, "rtol": 1e-5},
    "shapes": {
        "tiny": {"batch_size": 2, "channels": 8, "time": 256},
        "small": {"batch_size": 8, "channels": 128, "time": 2048},
        "large": {"batch_size": 16, "channels": 512, "time": 65536},
    },
}

batch_size = 8
channels = 128
time = 2048


class Model(nn.Module):
    def __init__(self, channels: int):
        super().__init__()
        self.alpha = nn.Parameter(0.5 + torch.rand(channels))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        a = self.alpha[None, :, None]
        return x + torch.sin(a * x).pow(2) / a


def get_inputs():
    return [torch.randn(batch_size, channels, time)]


def get_init_inputs():
    return [channels]
