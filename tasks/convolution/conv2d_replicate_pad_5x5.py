"""2-D convolution, 5x5 kernel, stride 1, padding 2 in replicate (edge-repeat) mode, with bias."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "subcategory": "conv_padded",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "in_channels": 3, "out_channels": 4, "height": 16, "width": 16},
        "small": {"batch_size": 8, "in_channels": 16, "out_channels": 32, "height": 64, "width": 64},
        "large": {"batch_size": 16, "in_channels": 64, "out_channels": 64, "height": 256, "width": 256},
    },
}

batch_size = 8
in_channels = 16
out_channels = 32
height = 64
width = 64
kernel_size = 5


class Model(nn.Module):
    def __init__(self, in_channels: int, out_channels: int, kernel_size: int):
        super().__init__()
        self.conv = nn.Conv2d(
            in_channels, out_channels, kernel_size, padding=kernel_size // 2, padding_mode="replicate", bias=True,
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.conv(x)


def get_inputs():
    return [torch.randn(batch_size, in_channels, height, width)]


def get_init_inputs():
    return [in_channels, out_channels, kernel_size]
