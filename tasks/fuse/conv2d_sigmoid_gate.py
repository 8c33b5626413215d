"""Self-gating convolution x * sigmoid(Conv2d(x)): a same-padding 3x3 convolution (channels in = out, with bias) whose sigmoid gates the input, NCHW."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 2,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "channels": 4, "height": 12, "width": 12},
        "small": {"batch_size": 8, "channels": 24, "height": 64, "width": 64},
        "large": {"batch_size": 32, "channels": 128, "height": 128, "width": 128},
    },
}

batch_size = 8
channels = 24
height = 64
width = 64


class Model(nn.Module):
    def __init__(self, channels: int):
        super().__init__()
        self.conv = nn.Conv2d(channels, channels, 3, padding=1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x * torch.sigmoid(self.conv(x))


def get_inputs():
    return [torch.randn(batch_size, channels, height, width)]


def get_init_inputs():
    return [channels]
