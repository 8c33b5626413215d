"""Causal depthwise 1-D convolution (Mamba): one length-4 filter per channel, with bias, over an NCL tensor.

Computed as a depthwise convolution with padding 3 on both sides whose output is truncated to the first
L steps, so output step t depends on input steps t-3..t.
"""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "subcategory": "conv_depthwise",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "channels": 8, "length": 64},
        "small": {"batch_size": 4, "channels": 256, "length": 1024},
        "large": {"batch_size": 16, "channels": 4096, "length": 8192},
    },
}

batch_size = 4
channels = 256
length = 1024
kernel_size = 4


class Model(nn.Module):
    def __init__(self, channels: int, kernel_size: int):
        super().__init__()
        self.conv = nn.Conv1d(channels, channels, kernel_size, groups=channels, padding=kernel_size - 1, bias=True)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.conv(x)[..., : x.shape[-1]]


def get_inputs():
    return [torch.randn(batch_size, channels, length)]


def get_init_inputs():
    return [channels, kernel_size]
