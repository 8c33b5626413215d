"""2-D convolution with a 7x1 (height x width) kernel, padding (3, 0), stride 1, no bias.

The vertical half of an Inception-v3 factorized 7x7 convolution.
"""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "subcategory": "conv_factorized",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "in_channels": 4, "out_channels": 4, "height": 9, "width": 9},
        "small": {"batch_size": 8, "in_channels": 128, "out_channels": 128, "height": 17, "width": 17},
        "large": {"batch_size": 256, "in_channels": 160, "out_channels": 192, "height": 17, "width": 17},
    },
}

batch_size = 8
in_channels = 128
out_channels = 128
height = 17
width = 17
kernel_h = 7


class Model(nn.Module):
    def __init__(self, in_channels: int, out_channels: int, kernel_h: int):
        super().__init__()
        self.conv = nn.Conv2d(in_channels, out_channels, (kernel_h, 1), padding=(kernel_h // 2, 0), bias=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.conv(x)


def get_inputs():
    return [torch.randn(batch_size, in_channels, height, width)]


def get_init_inputs():
    return [in_channels, out_channels, kernel_h]
