"""LSNet LS convolution: large-kernel perception (1x1 conv-BN-ReLU, depthwise 7x7 conv-BN, 1x1 conv-BN-ReLU, 1x1 conv, GroupNorm) predicts per-pixel 3x3 kernels shared by channel groups, which small-kernel aggregation applies to x; then BN and residual (NCHW, eval-mode BN).

LSNet's LSConv ("See Large, Focus Small"). LKP: h = ReLU(BN(Conv1x1_{C->C/2}(x))), h = BN(DW7x7(h)),
h = ReLU(BN(Conv1x1(h))), w = GroupNorm_{C/8 groups}(Conv1x1_{C/2 -> 9C/8}(h)) viewed (B, C/8, 9, H, W).
SKA: o[b,c,y,x] = sum_{i,j<3} x[b,c,y+i-1,x+j-1] * w[b, c mod (C/8), 3i+j, y, x] (zero padding), i.e.
channels c, c + C/8, ... share one dynamic per-pixel 3x3 kernel. out = BN(o) + x. The Conv-BN pairs have
no conv bias; BatchNorms are eval-mode affines with statistics drawn at construction (as after training).
"""

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 2,
    "source": "LSNet: See Large, Focus Small",
    "subcategory": "conv_dynamic",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "channels": 16, "height": 7, "width": 6},
        "small": {"batch_size": 4, "channels": 128, "height": 28, "width": 28},
        "large": {"batch_size": 256, "channels": 128, "height": 28, "width": 28},
    },
}

batch_size = 4
channels = 128
height = 28
width = 28
large_kernel = 7
small_kernel = 3
groups = 8


def _trained_bn(n: int) -> nn.BatchNorm2d:
    bn = nn.BatchNorm2d(n)
    with torch.no_grad():
        bn.weight.uniform_(0.5, 1.5)
        bn.bias.normal_(0.0, 0.1)
        bn.running_mean.normal_(0.0, 0.1)
        bn.running_var.uniform_(0.5, 1.5)
    return bn


class Model(nn.Module):
    def __init__(self, channels: int, large_kernel: int = 7, small_kernel: int = 3, groups: int = 8):
        super().__init__()
        half = channels // 2
        self.wc = channels // groups                      # channels of dynamic kernels
        self.sks = small_kernel
        self.cv1 = nn.Conv2d(channels, half, 1, bias=False)
        self.bn1 = _trained_bn(half)
        self.cv2 = nn.Conv2d(half, half, large_kernel, padding=large_kernel // 2, groups=half, bias=False)
        self.bn2 = _trained_bn(half)
        self.cv3 = nn.Conv2d(half, half, 1, bias=False)
        self.bn3 = _trained_bn(half)
        self.cv4 = nn.Conv2d(half, small_kernel * small_kernel * self.wc, 1)
        self.norm = nn.GroupNorm(self.wc, small_kernel * small_kernel * self.wc)
        with torch.no_grad():
            self.norm.weight.uniform_(0.5, 1.5)
            self.norm.bias.normal_(0.0, 0.1)
        self.bn_out = _trained_bn(channels)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        b, c, h, w = x.shape
        k = self.sks
        t = F.relu(self.bn1(self.cv1(x)))
        t = self.bn2(self.cv2(t))
        t = F.relu(self.bn3(self.cv3(t)))
        wk = self.norm(self.cv4(t)).view(b, self.wc, k * k, h, w)
        # SKA: channel c uses dynamic kernel c mod wc  ->  view channels as (C/wc, wc)
        patches = F.unfold(x, kernel_size=k, padding=k // 2).view(b, c // self.wc, self.wc, k * k, h, w)
        o = (patches * wk.unsqueeze(1)).sum(dim=3).reshape(b, c, h, w)
        return self.bn_out(o) + x


def get_inputs():
    return [torch.randn(batch_size, channels, height, width)]


def get_init_inputs():
    return [channels, large_kernel, small_kernel, groups]
