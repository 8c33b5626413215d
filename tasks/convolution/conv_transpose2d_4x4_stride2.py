"""DCGAN-style 2x upsampling transposed 2-D convolution: 4x4 kernel, stride 2, padding 1, no bias (output 2H x 2W)."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "subcategory": "conv_transposed",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "in_channels": 8, "out_channels": 4, "height": 8, "width": 8},
        "small": {"batch_size": 4, "in_channels": 128, "out_channels": 64, "height": 16, "width": 16},
        "large": {"batch_size": 64, "in_channels": 512, "out_channels": 256, "height": 64, "width": 64},
    },
}

batch_size = 4
in_channels = 128
out_channels = 64
height = 16
width = 16
kernel_size = 4
stride = 2
padding = 1


class Model(nn.Module):
    def __init__(self, in_channels: int, out_channels: int, kernel_size: int, stride: int, padding: int):
        super().__init__()
        self.conv = nn.ConvTranspose2d(
            in_channels, out_channels, kernel_size, stride=stride, padding=padding, bias=False,
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.conv(x)


def get_inputs():
    return [torch.randn(batch_size, in_channels, height, width)]


def get_init_inputs():
    return [in_channels, out_channels, kernel_size, stride, padding]
