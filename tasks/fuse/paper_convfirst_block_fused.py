"""ConvFirst block: grouped 3x3 conv (group width 8, pad 1, no bias) + BN, 1x1 expand C->eC + BN + SiLU, 1x1 project eC->C + BN, plus the residual input (NCHW, eval-mode BN).

The paper's ConvFirst block (On the Efficiency of Convolutional Neural Networks, spio) is fused into a
single kernel that keeps the eC-wide expanded activation on chip: y = BN1(GroupConv3x3(x)) with
groups = C/8; y = SiLU(BN2(Conv1x1_{C->eC}(y))); y = BN3(Conv1x1_{eC->C}(y)); out = x + y. The author's
kernels run fp16 channels-last; this reference is float32 NCHW. BatchNorms are eval-mode per-channel
affines whose statistics are drawn at construction (as after training).
"""

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 2,
    "source": "On the Efficiency of Convolutional Neural Networks",
    "subcategory": "conv_standard",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "channels": 16, "height": 6, "width": 6, "expansion": 2},
        "small": {"batch_size": 2, "channels": 64, "height": 64, "width": 64, "expansion": 6},
        "large": {"batch_size": 256, "channels": 64, "height": 64, "width": 64, "expansion": 6},
    },
}

batch_size = 2
channels = 64
height = 64
width = 64
expansion = 6
group_width = 8


def _trained_bn(n: int) -> nn.BatchNorm2d:
    bn = nn.BatchNorm2d(n)
    with torch.no_grad():
        bn.weight.uniform_(0.5, 1.5)
        bn.bias.normal_(0.0, 0.1)
        bn.running_mean.normal_(0.0, 0.1)
        bn.running_var.uniform_(0.5, 1.5)
    return bn


class Model(nn.Module):
    def __init__(self, channels: int, expansion: int, group_width: int = 8):
        super().__init__()
        mid = channels * expansion
        self.conv = nn.Conv2d(channels, channels, 3, padding=1, groups=channels // group_width, bias=False)
        self.bn1 = _trained_bn(channels)
        self.expand = nn.Conv2d(channels, mid, 1, bias=False)
        self.bn2 = _trained_bn(mid)
        self.project = nn.Conv2d(mid, channels, 1, bias=False)
        self.bn3 = _trained_bn(channels)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = self.bn1(self.conv(x))
        y = F.silu(self.bn2(self.expand(y)))
        y = self.bn3(self.project(y))
        return x + y


def get_inputs():
    return [torch.randn(batch_size, channels, height, width)]


def get_init_inputs():
    return [channels, expansion, group_width]
