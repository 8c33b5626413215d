"""ResNet stem: 2-D convolution, 7x7 kernel, stride 2, padding 3, no bias, from a 3-channel image to 64 channels."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "subcategory": "conv_strided",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 1, "in_channels": 3, "out_channels": 4, "image_size": 32},
        "small": {"batch_size": 2, "in_channels": 3, "out_channels": 64, "image_size": 224},
        "large": {"batch_size": 128, "in_channels": 3, "out_channels": 64, "image_size": 224},
    },
}

batch_size = 2
in_channels = 3
out_channels = 64
image_size = 224
kernel_size = 7
stride = 2
padding = 3


class Model(nn.Module):
    def __init__(self, in_channels: int, out_channels: int, kernel_size: int, stride: int, padding: int):
        super().__init__()
        self.conv = nn.Conv2d(in_channels, out_channels, kernel_size, stride=stride, padding=padding, bias=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.conv(x)


def get_inputs():
    return [torch.randn(batch_size, in_channels, image_size, image_size)]


def get_init_inputs():
    return [in_channels, out_channels, kernel_size, stride, padding]
