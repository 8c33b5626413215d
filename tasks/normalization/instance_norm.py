"""InstanceNorm2d without affine: every (sample, channel) plane of an NCHW tensor normalised by its own mean and variance over (H, W)."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "KernelBench",
    "mirrors": "KernelBench/level1/34_InstanceNorm.py",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "channels": 3, "height": 9, "width": 11},
        "small": {"batch_size": 8, "channels": 64, "height": 56, "width": 56},
        "large": {"batch_size": 64, "channels": 128, "height": 128, "width": 128},
    },
}

batch_size = 8
channels = 64
height = 56
width = 56


class Model(nn.Module):
    def __init__(self, channels: int, eps: float = 1e-5):
        super().__init__()
        self.inorm = nn.InstanceNorm2d(channels, eps=eps, affine=False, track_running_stats=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.inorm(x)


def get_inputs():
    return [torch.randn(batch_size, channels, height, width) * 1.5 + 0.5]


def get_init_inputs():
    return [channels]
