"""ConvNeXt large-kernel depthwise 2-D convolution: one 7x7 filter per channel, stride 1, padding 3, with bias."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "subcategory": "conv_depthwise",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "channels": 4, "height": 16, "width": 16},
        "small": {"batch_size": 8, "channels": 96, "height": 56, "width": 56},
        "large": {"batch_size": 128, "channels": 96, "height": 56, "width": 56},
    },
}

batch_size = 8
channels = 96
height = 56
width = 56
kernel_size = 7


class Model(nn.Module):
    def __init__(self, channels: int, kernel_size: int):
        super().__init__()
        self.conv = nn.Conv2d(channels, channels, kernel_size, padding=kernel_size // 2, groups=channels, bias=True)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.conv(x)


def get_inputs():
    return [torch.randn(batch_size, channels, height, width)]


def get_init_inputs():
    return [channels, kernel_size]
