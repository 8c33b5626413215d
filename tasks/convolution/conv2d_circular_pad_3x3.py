"""2-D convolution, 3x3 kernel, stride 1, padding 1 in circular (wrap-around) mode, with bias."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "subcategory": "conv_padded",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "in_channels": 4, "out_channels": 4, "height": 16, "width": 16},
        "small": {"batch_size": 8, "in_channels": 32, "out_channels": 32, "height": 64, "width": 64},
        "large": {"batch_size": 16, "in_channels": 64, "out_channels": 64, "height": 256, "width": 256},
    },
}

batch_size = 8
in_channels = 32
out_channels = 32
height = 64
width = 64
kernel_size = 3


class Model(nn.Module):
    def __init__(self, in_channels: int, out_channels: int, kernel_size: int):
        super().__init__()
        self.conv = nn.Conv2d(
            in_channels, out_channels, kernel_size, padding=kernel_size // 2, padding_mode="circular", bias=True,
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.conv(x)


def get_inputs():
    return [torch.randn(batch_size, in_channels, height, width)]


def get_init_inputs():
    return [in_channels, out_channels, kernel_size]
