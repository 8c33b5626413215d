"""Grouped 3-D transposed convolution on NCDHW input: asymmetric 3x5x7 kernel, stride (2,2,2), padding (1,2,3), output_padding (1,1,1), groups=4, no bias.

MultiKernelBench adds no new operator: its convolution category (and ~40 fused conv tasks) is
derived from KernelBench. This is its representative transposed-convolution task (conv_transpose3d
with asymmetric input and kernel, strided, padded and grouped); the rest of the family covers
depthwise, depthwise-separable, pointwise, standard 1-D/2-D/3-D and transposed 1-D/2-D/3-D convs.
"""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "MultiKernelBench: A Multi-Platform Benchmark for Kernel Generation",
    "mirrors": "MultiKernelBench/convolution/conv_transposed_3d_asymmetric_input_asymmetric_kernel_strided_padded_grouped",
    "subcategory": "conv_transposed",
    "shapes": {
        "tiny": {"batch_size": 1, "in_channels": 8, "out_channels": 8, "depth": 3, "height": 4, "width": 5},
        "small": {"batch_size": 1, "in_channels": 32, "out_channels": 32, "depth": 6, "height": 12, "width": 24},
        "large": {"batch_size": 16, "in_channels": 32, "out_channels": 64, "depth": 16, "height": 32, "width": 64},
    },
}

batch_size = 1
in_channels = 32
out_channels = 32
depth = 6
height = 12
width = 24
kernel_size = (3, 5, 7)
stride = (2, 2, 2)
padding = (1, 2, 3)
output_padding = (1, 1, 1)
groups = 4


class Model(nn.Module):
    def __init__(self, in_channels: int, out_channels: int, kernel_size: tuple, stride: tuple, padding: tuple,
                 output_padding: tuple, groups: int):
        super().__init__()
        self.deconv = nn.ConvTranspose3d(in_channels, out_channels, kernel_size, stride=stride, padding=padding,
                                         output_padding=output_padding, groups=groups, bias=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.deconv(x)


def get_inputs():
    return [torch.randn(batch_size, in_channels, depth, height, width)]


def get_init_inputs():
    return [in_channels, out_channels, kernel_size, stride, padding, output_padding, groups]
