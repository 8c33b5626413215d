"""2-D convolution (k x k, stride 1, no padding, with conv bias) followed by ReLU and the addition of a learned per-channel bias of shape (C_out, 1, 1) (NCHW).

ConCuR (Conciseness Makes State-of-the-Art Kernel Generation) introduces no new operator: it curates
PyTorch -> CUDA kernel pairs with reasoning traces and evaluates on KernelBench. Its representative
primitive is the KernelBench level-2 pattern y = ReLU(Conv2d(x)) + b with b (C_out, 1, 1), a conv
followed by a fusable elementwise epilogue.
"""

import torch
import torch.nn as nn

KBENCH = {
    "level": 2,
    "source": "ConCuR: Conciseness Makes State-of-the-Art Kernel Generation",
    "mirrors": "KernelBench/level2/1_Conv2D_ReLU_BiasAdd.py",
    "subcategory": "conv_standard",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "in_channels": 3, "out_channels": 4, "height": 8, "width": 10},
        "small": {"batch_size": 128, "in_channels": 3, "out_channels": 16, "height": 32, "width": 32},
        "large": {"batch_size": 128, "in_channels": 64, "out_channels": 128, "height": 128, "width": 128},
    },
}

batch_size = 128
in_channels = 3
out_channels = 16
height = 32
width = 32
kernel_size = 3


class Model(nn.Module):
    def __init__(self, in_channels: int, out_channels: int, kernel_size: int):
        super().__init__()
        self.conv = nn.Conv2d(in_channels, out_channels, kernel_size)
        self.bias = nn.Parameter(torch.randn(out_channels, 1, 1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.relu(self.conv(x)) + self.bias


def get_inputs():
    return [torch.randn(batch_size, in_channels, height, width)]


def get_init_inputs():
    return [in_channels, out_channels, kernel_size]
