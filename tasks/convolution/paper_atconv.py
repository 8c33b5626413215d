"""Attentive Convolution (ATConv): per-sample dynamic depthwise k x k conv whose kernels are generated from the input (1x1 conv, adaptive 1-D pooling of the flattened map to k*k bins, GELU, Linear) with lateral inhibition, between 1x1 projections (NCHW).

ATConv (AttNet) generates one k x k kernel per (sample, channel): G = Conv1x1(x).view(B, C, H*W) is
pooled by AdaptiveAvgPool1d into k*k contiguous bins of the row-major spatial sequence, then
Kr = Linear_{k*k -> k*k}(GELU(G)).view(B, C, k, k). Lateral inhibition subtracts a learned fraction of
each kernel's mean: Kr <- Kr - sigmoid(lambda_c) * mean_{k x k}(Kr). The value path Conv1x1(x) is then
convolved depthwise with the per-sample kernels (padding k//2; groups = B*C in the authors' code) and
projected by a final Conv1x1. All 1x1 convs and the Linear have biases.
"""

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 2,
    "source": "Attentive Convolution (ATConv)",
    "subcategory": "conv_dynamic",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "channels": 8, "height": 7, "width": 9},
        "small": {"batch_size": 8, "channels": 64, "height": 56, "width": 56},
        "large": {"batch_size": 128, "channels": 64, "height": 56, "width": 56},
    },
}

batch_size = 8
channels = 64
height = 56
width = 56
kernel_size = 3


class Model(nn.Module):
    def __init__(self, channels: int, kernel_size: int = 3):
        super().__init__()
        self.k = kernel_size
        k2 = kernel_size * kernel_size
        self.kernel_proj = nn.Conv2d(channels, channels, 1)
        self.kernel_gen = nn.Linear(k2, k2)
        self.x_proj = nn.Conv2d(channels, channels, 1)
        self.proj = nn.Conv2d(channels, channels, 1)
        # lateral-inhibition strength (zeros at the authors' init; drawn here as after training)
        self.difference_control = nn.Parameter(torch.randn(channels))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        b, c, h, w = x.shape
        k = self.k
        g = self.kernel_proj(x).view(b, c, h * w)
        g = F.adaptive_avg_pool1d(g, k * k)
        kern = self.kernel_gen(F.gelu(g)).view(b, c, k, k)
        factor = torch.sigmoid(self.difference_control).view(1, c, 1, 1)
        kern = kern - factor * kern.mean(dim=(2, 3), keepdim=True)
        v = self.x_proj(x).reshape(1, b * c, h, w)
        y = F.conv2d(v, kern.reshape(b * c, 1, k, k), padding=k // 2, groups=b * c)
        return self.proj(y.view(b, c, h, w))


def get_inputs():
    return [torch.randn(batch_size, channels, height, width)]


def get_init_inputs():
    return [channels, kernel_size]
